/**
 * The CI workflow and the Renovate configuration, checked as far as they can be without their
 * hosts: actions pinned by commit, least-privilege permissions, the README's test command and
 * the diff comment; Renovate's regex managers run (as JavaScript regexes, the syntax RE2 shares
 * here) over src/config/versions.ts and find every pin the CRD URLs follow, grouped with its chart.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../src/diff';
import { bootstrapCharts, crdSources, helmCharts, platformVersions } from '../../src/config/versions';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('.github/workflows/ci.yml', () => {
  const text = read('.github/workflows/ci.yml');
  const wf = yaml.load(text) as any;
  const steps = (job: string): any[] => wf.jobs[job].steps;
  const runs = (job: string) => steps(job).flatMap((s) => (s.run ? [s.run as string] : []));

  it('runs on pull requests and pushes to main', () => {
    expect(wf.on).toEqual({ pull_request: null, push: { branches: ['main'] } });
  });

  it('pins every action by a full commit SHA, with the release tag in a comment', () => {
    const uses = [...text.matchAll(/uses: (\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, ref, comment] of uses) {
      expect(ref, ref).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
      expect(comment, ref).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });

  it('reads the repository only, except the comment job, which runs no code from the pull request', () => {
    expect(wf.permissions).toEqual({ contents: 'read' });
    const writers = Object.entries<any>(wf.jobs).filter(([, j]) => j.permissions);
    expect(writers.map(([n, j]) => [n, j.permissions])).toEqual([['comment', { 'pull-requests': 'write' }]]);
    expect(steps('comment').every((s) => !s.run && s.uses.startsWith('actions/github-script@'))).toBe(true);
  });

  it("installs from the lockfile and runs the README's test command on the Node of .nvmrc, and the cluster checks", () => {
    for (const job of ['test', 'cluster', 'diff']) {
      expect(steps(job).find((s) => s.uses?.startsWith('actions/setup-node@')).with['node-version-file']).toBe('.nvmrc');
      expect(runs(job)[0]).toBe('npm ci');
    }
    expect(read('README.md')).toContain('npm test                  # type check, unit tests, schema validation, drift check');
    expect(runs('test')).toEqual(['npm ci', 'npm test']);
    expect(runs('cluster')).toEqual(['npm ci', 'npm run check:cluster', 'npm run test:cluster']);
    // .ci/run is the local equivalent.
    expect(read('.ci/run').match(/^npm .*$/gm)).toEqual(['npm ci', 'npm test', 'npm run check:cluster', 'npm run test:cluster']);
  });

  it('on pull requests, diffs against the base branch and updates one comment found by its marker', () => {
    expect(wf.jobs.diff.if).toBe("github.event_name == 'pull_request'");
    expect(steps('diff')[0].with['fetch-depth']).toBe(0);
    expect(runs('diff').join('\n')).toContain('npm run --silent diff -- --base "origin/${BASE_REF}"');
    const script: string = steps('comment')[0].with.script;
    expect(script).toContain(`const marker = '${COMMENT_MARKER}';`);
    expect(script).toContain('updateComment');
  });
});

describe('renovate.json', () => {
  const config = JSON.parse(read('renovate.json'));
  const versions = read('src/config/versions.ts');

  interface Dep {
    readonly name: string;
    readonly datasource: string;
    readonly currentValue: string;
    readonly extractVersion?: string;
  }

  /** What each regex manager extracts from versions.ts (Renovate compiles matchStrings with the `g` flag). */
  const deps: Dep[] = config.customManagers.flatMap((m: any) => {
    expect(m.customType).toBe('regex');
    expect(m.managerFilePatterns).toEqual(['/^src/config/versions\\.ts$/']);
    return m.matchStrings.flatMap((s: string) =>
      [...versions.matchAll(new RegExp(s, 'g'))].map((x) => {
        const g = x.groups!;
        const fill = (t: string | undefined) => t?.replace(/\{\{\{(\w+)\}\}\}/g, (_, k) => g[k]);
        return { name: g.packageName ?? g.depName ?? fill(m.depNameTemplate)!, datasource: g.datasource ?? m.datasourceTemplate, currentValue: g.currentValue, extractVersion: g.extractVersion };
      }),
    );
  });

  it('finds every chart pin once, by its repository (helm) or registry (OCI: docker)', () => {
    for (const c of [...Object.values(helmCharts), ...Object.values(bootstrapCharts)]) {
      const name = c.oci ? `${c.repoURL}/${c.chart}` : c.chart;
      expect(deps.filter((d) => d.name === name), name).toEqual([{ name, datasource: c.oci ? 'docker' : 'helm', currentValue: c.version, extractVersion: undefined }]);
    }
  });

  it('finds the version every CRD URL of cdk8s.yaml is generated from', () => {
    const followed = deps.filter((d) => d.datasource === 'github-tags');
    for (const url of crdSources.flatMap((s) => s.urls)) {
      const repo = /github(?:usercontent)?\.com\/([^/]+\/[^/]+)\//.exec(url)![1];
      if (repo === 'prometheus-community/helm-charts') {
        // The tag is the kube-prometheus-stack chart version, which the helm manager finds.
        expect(url).toContain(`kube-prometheus-stack-${helmCharts.kubePrometheusStack.version}/`);
        continue;
      }
      // The URL's tag, read back through a dependency's extractVersion, is that dependency's pinned value.
      const tag = /\/releases\/download\/([^/]+)\//.exec(url)?.[1] ?? url.split('/')[5];
      const found = followed.filter((d) => d.name === repo && (d.extractVersion ? new RegExp(d.extractVersion).exec(tag)?.groups?.version : tag) === d.currentValue);
      expect(found.length, `${url}: no Renovate manager finds the version of ${repo} at ${tag}`).toBe(1);
    }
    expect(followed.find((d) => d.name === 'knative/serving')?.currentValue).toBe(platformVersions.knativeServing);
    expect(followed.find((d) => d.name === 'argoproj/argo-cd' && d.currentValue === platformVersions.argoCd)).toBeDefined();
  });

  it('groups each chart with its CRDs in one pull request, naming only dependencies it finds', () => {
    const names = new Set(deps.map((d) => d.name));
    const groups = config.packageRules.filter((r: any) => r.groupName);
    for (const g of groups) {
      for (const n of g.matchPackageNames) expect(names.has(n), `${g.groupName}: ${n}`).toBe(true);
      expect(g.separateMajorMinor, g.groupName).toBe(false);
    }
    for (const repo of new Set(deps.filter((d) => d.datasource === 'github-tags').map((d) => d.name))) {
      const group = groups.find((g: any) => g.matchPackageNames.includes(repo));
      expect(group, repo).toBeDefined();
      expect(group.matchPackageNames.some((n: string) => deps.some((d) => d.name === n && (d.datasource === 'helm' || d.datasource === 'docker'))), repo).toBe(true);
    }
  });
});
