/**
 * One place per version: src/config/versions.ts (and, for the Go tools, their go.mod files) are
 * where a version is written; cdk8s.yaml is generated from versions.ts, and every version the
 * README mentions is checked against its source here. A version mention the table below does not
 * know fails too, so a new one cannot drift unnoticed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootstrapCharts, crdSources, helmCharts, platformVersions } from '../../src/config/versions';
import { cdk8sYaml, checkAppVersion } from '../../src/tools/import';
import { scratchDir } from '../support/scratch';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The version a go.mod requires a module at (direct or indirect). */
function goModVersion(file: string, module: string): string {
  const m = new RegExp(`^\\s*${module.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (v\\S+)`, 'm').exec(read(file));
  if (!m) throw new Error(`${file} does not require ${module}`);
  return m[1];
}

const goDirective = (file: string): string => /^go (\d+\.\d+)/m.exec(read(file))![1];
const majorMinor = (v: string): string => v.replace(/^v/, '').split('.').slice(0, 2).join('.');
const bare = (v: string): string => v.replace(/^v/, '');
const GO_MODS = ['src/tools/cluster/go.mod', 'src/tools/cluster/kyverno/go.mod', 'src/tools/cluster/helm/go.mod'];

/** A version the README may mention: where, and the source it must agree with. */
interface Mention {
  readonly source: string;
  /** Group 1 is the version. */
  readonly re: RegExp;
  readonly expected: () => string;
}

const mentions: readonly Mention[] = [
  { source: '.nvmrc', re: /`\.nvmrc`: (\d+\.\d+\.\d+)/g, expected: () => read('.nvmrc').trim() },
  { source: 'package.json engines.node', re: /Node\.js (\d+\.\d+) or later/g, expected: () => majorMinor(JSON.parse(read('package.json')).engines.node.replace(/^>=/, '')) },
  {
    source: 'the newest `go` directive of src/tools/cluster/**/go.mod',
    re: /Go (?:>= ?)?(\d+\.\d+)\b/g,
    expected: () => GO_MODS.map(goDirective).sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).pop()!,
  },
  { source: 'src/tools/cluster/go.mod k8s.io/kubernetes', re: /Kubernetes (v\d+\.\d+\.\d+)/g, expected: () => goModVersion('src/tools/cluster/go.mod', 'k8s.io/kubernetes') },
  { source: 'src/tools/cluster/go.mod go.etcd.io/etcd/server/v3', re: /etcd (v\d+\.\d+\.\d+)/g, expected: () => goModVersion('src/tools/cluster/go.mod', 'go.etcd.io/etcd/server/v3') },
  { source: 'versions.ts helmCharts.kyverno.appVersion', re: /Kyverno\s+(v\d+\.\d+\.\d+), the chart's app version/g, expected: () => helmCharts.kyverno.appVersion },
  { source: 'src/tools/cluster/helm/go.mod helm.sh/helm/v3', re: /Helm v?(\d+\.\d+\.\d+)/g, expected: () => bare(goModVersion('src/tools/cluster/helm/go.mod', 'helm.sh/helm/v3')) },
  { source: 'versions.ts platformVersions.argoCd (minor)', re: /Argo CD (\d+\.\d+) renders/g, expected: () => majorMinor(platformVersions.argoCd) },
  { source: 'versions.ts platformVersions.kubernetes', re: /(?:kube-apiserver|Kubernetes) (\d+\.\d+)(?!\.?\d)/g, expected: () => platformVersions.kubernetes },
  { source: 'versions.ts helmCharts.karpenter.appVersion (CRD mirror path)', re: /mirror\/crds\/karpenter\/v(\d+\.\d+\.\d+)\//g, expected: () => bare(helmCharts.karpenter.appVersion) },
  {
    source: 'versions.ts crdSources (a CRD URL)',
    re: /(https:\/\/raw\.githubusercontent\.com\/\S+\.yaml)/g,
    expected: () => 'one of the crdSources URLs',
  },
  { source: 'versions.ts helmCharts.keda.version', re: /(?:helm pull keda .*?--version |charts\/keda-)(\d+\.\d+\.\d+)/g, expected: () => helmCharts.keda.version },
  { source: 'versions.ts bootstrapCharts.argoCd.version', re: /argo-cd --repo \S+ \\\n\s+--version (\d+\.\d+\.\d+)/g, expected: () => bootstrapCharts.argoCd.version },
  { source: 'versions.ts bootstrapCharts.argoCd.appVersion', re: /# Argo CD (v\d+\.\d+\.\d+)/g, expected: () => bootstrapCharts.argoCd.appVersion },
  { source: 'versions.ts platformVersions.argoCd', re: /appcontroller\.go@(v\d+\.\d+\.\d+)/g, expected: () => platformVersions.argoCd },
  { source: 'versions.ts helmCharts.karpenter.appVersion (minor)', re: /Karpenter (\d+\.\d+)(?!\.?\d)/g, expected: () => majorMinor(helmCharts.karpenter.appVersion) },
  { source: 'versions.ts helmCharts.nvidiaDevicePlugin.version', re: /nvidia-device-plugin (\d+\.\d+\.\d+)/g, expected: () => helmCharts.nvidiaDevicePlugin.version },
  { source: 'versions.ts platformVersions.knativeServing (minor)', re: /Knative (\d+\.\d+)(?!\.?\d)/g, expected: () => majorMinor(platformVersions.knativeServing) },
  // The Knative Operator bundles each Serving release under cmd/operator/kodata, by version (ingress: by minor).
  { source: 'versions.ts platformVersions.knativeServing (operator kodata path)', re: /kodata\/knative-serving\/(\d+\.\d+\.\d+)\//g, expected: () => platformVersions.knativeServing },
  { source: 'versions.ts platformVersions.knativeServing (minor, operator kodata ingress path)', re: /kodata\/ingress\/(\d+\.\d+)\//g, expected: () => majorMinor(platformVersions.knativeServing) },
  { source: 'versions.ts helmCharts.clusterAutoscaler.appVersion (minor)', re: /Cluster Autoscaler (\d+\.\d+)(?!\.?\d)/g, expected: () => majorMinor(helmCharts.clusterAutoscaler.appVersion) },
];

/** Numbers that look like versions but are not (measurements, a protocol, a CIDR, the sample image). */
const notVersions: readonly RegExp[] = [
  /\b(?:\d+(?:\.\d+)? to )?\d+(?:\.\d+)? ?(?:s|ms|x)\b/g, // timings and ranges of them
  /\b\d+(?:\.\d+)? (?:KB|MB|GB)\b/g, // sizes
  /load average \d+(?:\.\d+)? to \d+(?:\.\d+)?/g,
  /TLS 1\.3/g,
  /\d+\.\d+\.\d+\.\d+\/\d+/g, // CIDRs
  /summarizer:\d+\.\d+\.\d+/g, // the sample workload's image tag
  /@[A-Za-z-]*v?\d+\.\d+\.\d+/g, // an upstream file cited at the tag it was read at (where a fact was verified)
  /histogram_quantile\(0\.\d+/g, // a quantile
  /\$\d+\.\d+/g, // money
];

interface Found {
  readonly line: number;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function matches(text: string, re: RegExp): (Found & { version: string })[] {
  return [...text.matchAll(new RegExp(re.source, re.flags))].map((m) => {
    const start = m.index! + m[0].indexOf(m[1]);
    return { line: lineOf(text, start), text: m[0], start, end: start + m[1].length, version: m[1] };
  });
}

describe('one place per version', () => {
  it('cdk8s.yaml is generated from src/config/versions.ts (crdSources)', () => {
    expect(read('cdk8s.yaml'), 'cdk8s.yaml differs from src/config/versions.ts: run `npm run import -- --mirror <dir>` (it rewrites cdk8s.yaml)').toBe(cdk8sYaml());
  });

  it('every CRD URL carries the tag of the pin it follows', () => {
    const urls = crdSources.flatMap((s) => s.urls);
    expect(urls.filter((u) => u.includes('karpenter-provider-aws')).every((u) => u.includes(`/v${bare(helmCharts.karpenter.appVersion)}/`))).toBe(true);
    expect(urls.filter((u) => u.includes('kyverno/kyverno')).every((u) => u.includes(`/${helmCharts.kyverno.appVersion}/`))).toBe(true);
    expect(urls.filter((u) => u.includes('prometheus-community')).every((u) => u.includes(`kube-prometheus-stack-${helmCharts.kubePrometheusStack.version}/`))).toBe(true);
    expect(urls.filter((u) => u.includes('argoproj/argo-cd')).every((u) => u.includes(`/${platformVersions.argoCd}/`))).toBe(true);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it("the import refuses an appVersion that is not the mirrored chart's own", () => {
    const dir = scratchDir('chart');
    const chart = helmCharts.kyverno;
    expect(() => checkAppVersion(chart, dir)).not.toThrow(); // no Chart.yaml in the mirror: nothing to compare
    fs.writeFileSync(path.join(dir, 'Chart.yaml'), `name: kyverno\nversion: ${chart.version}\nappVersion: ${chart.appVersion}\n`);
    expect(() => checkAppVersion(chart, dir)).not.toThrow();
    fs.writeFileSync(path.join(dir, 'Chart.yaml'), `name: kyverno\nversion: ${chart.version}\nappVersion: v0.0.1\n`);
    expect(() => checkAppVersion(chart, dir)).toThrow(`kyverno ${chart.version} ships appVersion v0.0.1 (${path.join(dir, 'Chart.yaml')}), but src/config/versions.ts says ${chart.appVersion}: set it to v0.0.1`);
    // knative-operator's source: `{{ version }}` filled at release, no appVersion (the chart's version is the app's)
    const knative = helmCharts.knativeOperator;
    fs.writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v1\nname: knative-operator\nversion: {{ version }}\n');
    expect(() => checkAppVersion(knative, dir)).not.toThrow();
    expect(() => checkAppVersion({ ...knative, appVersion: '0.0.1' }, dir)).toThrow(`knative-operator ${knative.version} ships appVersion ${knative.version}`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the Kyverno CLI of the cluster checks is the Kyverno the chart ships', () => {
    expect(goModVersion('src/tools/cluster/kyverno/go.mod', 'github.com/kyverno/kyverno'), 'src/tools/cluster/kyverno/go.mod vs versions.ts helmCharts.kyverno.appVersion').toBe(helmCharts.kyverno.appVersion);
  });

  const readme = read('README.md');

  it.each(mentions.map((m) => [m.source, m] as const))('README mentions of %s agree with it', (_, m) => {
    const found = matches(readme, m.re);
    expect(found.length, `no README mention matches ${m.re}: update the pattern or drop the rule`).toBeGreaterThan(0);
    const urls = new Set(crdSources.flatMap((s) => s.urls));
    for (const f of found) {
      if (m.expected() === 'one of the crdSources URLs') expect(urls.has(f.version), `README line ${f.line}: ${f.version} is not a CRD URL of src/config/versions.ts`).toBe(true);
      else expect(f.version, `README line ${f.line} ("${f.text.trim()}") must say ${m.source}`).toBe(m.expected());
    }
  });

  it('the README mentions no version the table above does not check', () => {
    const covered = [...mentions.map((m) => m.re), ...notVersions].flatMap((re) =>
      [...readme.matchAll(new RegExp(re.source, re.flags))].map((m) => [m.index!, m.index! + m[0].length] as const),
    );
    const unknown = [...readme.matchAll(/\bv?\d+\.\d+(?:\.\d+)*\b/g)]
      .filter((m) => !covered.some(([s, e]) => m.index! >= s && m.index! + m[0].length <= e))
      .map((m) => `line ${lineOf(readme, m.index!)}: ${m[0]}`);
    expect(unknown, 'add each to the mention table in test/config/versions.test.ts with the file it must agree with').toEqual([]);
  });
});
