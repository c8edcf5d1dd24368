/**
 * `npm run import [-- --mirror DIR] [--out DIR]`: regenerates imports/ (or DIR) from the pinned
 * upstream sources.
 *
 * - cdk8s.yaml: its `imports` list is generated from `crdSources` in src/config/versions.ts and
 *   rewritten when it differs (not with --out), so a CRD version is edited in versions.ts only.
 * - CRDs: every URL of that list, read from DIR/crds (matched by file name, and by
 *   the version tag in the URL when several mirror files share a name) or downloaded when no
 *   mirror is given. CRDs are grouped by API group so one group = one generated file, then
 *   imported with cdk8s-cli's importer.
 * - imports/crds/<group>.yaml: the same CRDs without their `description` fields (documentation
 *   only), installed into a real API server by `npm run check:cluster` with no network.
 * - imports/served-apis.json: the apiVersion/kind pairs the pinned CRDs serve (tests reject
 *   documents using versions the pinned components no longer serve).
 * - imports/chart-values/<chart>-<version>.json: the key paths of each pinned chart's default
 *   values (and values.schema.json where present), read from DIR/charts, so tests can check our
 *   Helm values without the mirror.
 * - imports/chart-values/<chart>-<version>.facts.json: images, security contexts, requests,
 *   priority classes and replicas of the chart's components (tools/chart-facts.ts), and
 *   imports/chart-values/index.ts, which loads the facts of exactly the pinned versions: a chart
 *   bump is an edit of versions.ts and a re-import, never an edit of an import path.
 *
 * Output is deterministic: a re-import of the same sources changes nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { chartFacts } from './chart-facts';
import { chartKeyPaths } from './chart-keys';
import { generateCrdClasses } from './crd-codegen';
import { crdSources, helmCharts, type CrdSource, type HelmChartPin } from '../config/versions';
import { compareText } from '../config/order';

const root = path.resolve(__dirname, '../..');
const outArg = process.argv.indexOf('--out');
const importsDir = outArg >= 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'imports');

interface Crd {
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: readonly { readonly name: string; readonly served: boolean }[];
  };
}

function parseArgs(argv: readonly string[]): { mirror?: string } {
  const i = argv.indexOf('--mirror');
  if (i >= 0 && !argv[i + 1]) throw new Error('--mirror needs a directory holding crds/ and charts/ (see the README, "Bump a chart or CRD version")');
  return { mirror: i >= 0 ? path.resolve(argv[i + 1]) : undefined };
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

/** Finds the mirror copy of an upstream URL: same file name, and the URL's tag in its path. */
export function mirrorPathFor(url: string, mirrorFiles: readonly string[]): string {
  const base = url.split('/').pop()!;
  const byName = mirrorFiles.filter((f) => path.basename(f) === base);
  const tagged = byName.filter((f) => f.split(path.sep).some((seg) => /^v\d/.test(seg) && url.includes(seg)));
  const found = tagged.length === 1 ? tagged : byName;
  if (found.length !== 1) {
    throw new Error(`${url}: expected one mirror file named ${base}, found ${found.length}`);
  }
  return found[0];
}

async function readSource(url: string, mirrorFiles?: readonly string[]): Promise<string> {
  if (mirrorFiles) return fs.readFileSync(mirrorPathFor(url, mirrorFiles), 'utf8');
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

function servedApis(crds: readonly Crd[]): Record<string, string[]> {
  const served: Record<string, string[]> = {};
  for (const crd of crds) {
    for (const v of crd.spec.versions.filter((x) => x.served)) {
      const key = `${crd.spec.group}/${v.name}`;
      served[key] = [...(served[key] ?? []), crd.spec.names.kind].sort();
    }
  }
  return Object.fromEntries(Object.entries(served).sort(([a], [b]) => compareText(a, b)));
}

function writeJson(file: string, data: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

/** Drops `description` fields: the API server validates with the schema alone, and they are 70% of the bytes. */
export function withoutDescriptions(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutDescriptions);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k, x]) => !(k === 'description' && typeof x === 'string')).map(([k, x]) => [k, withoutDescriptions(x)]));
}

function writeCrdManifests(byGroup: Map<string, Crd[]>): void {
  const dir = path.join(importsDir, 'crds');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const group of [...byGroup.keys()].sort()) {
    const docs = [...byGroup.get(group)!].sort((a, b) => compareText(a.spec.names.kind, b.spec.names.kind));
    const text = docs.map((d) => yaml.dump(withoutDescriptions(d), { noRefs: true, sortKeys: true, lineWidth: -1 })).join('---\n');
    fs.writeFileSync(path.join(dir, `${group}.yaml`), text);
  }
}

async function importCrds(byGroup: Map<string, Crd[]>): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-import-'));
  const specs = [...byGroup.keys()].sort().map((group) => {
    const docs = byGroup.get(group)!.sort((a, b) => compareText(a.spec.names.kind, b.spec.names.kind));
    return docs.map((d) => yaml.dump(d, { noRefs: true })).join('---\n');
  });
  const out = path.join(tmp, 'out');
  await generateCrdClasses(specs, out);
  for (const f of fs.readdirSync(importsDir).filter((x) => x.endsWith('.ts'))) fs.rmSync(path.join(importsDir, f));
  for (const f of fs.readdirSync(out).sort()) fs.copyFileSync(path.join(out, f), path.join(importsDir, f));
  fs.rmSync(tmp, { recursive: true, force: true });
}

function importChartKeys(mirror: string): void {
  const dir = path.join(importsDir, 'chart-values');
  fs.rmSync(dir, { recursive: true, force: true });
  for (const chart of Object.values(helmCharts)) {
    const src = path.join(mirror, 'charts', `${chart.chart}-${chart.version}`);
    if (CRD_FOLLOWS_APP_VERSION.includes(chart)) checkAppVersion(chart, src);
    const text = releaseFilled(fs.readFileSync(path.join(src, 'values.yaml'), 'utf8'), chart.version);
    const values = yaml.load(text);
    const schemaFile = path.join(src, 'values.schema.json');
    const schema = fs.existsSync(schemaFile) ? JSON.parse(fs.readFileSync(schemaFile, 'utf8')) : undefined;
    writeJson(path.join(dir, `${chart.chart}-${chart.version}.json`), {
      chart: chart.chart,
      version: chart.version,
      keys: chartKeyPaths(values, schema),
    });
    writeJson(path.join(dir, `${chart.chart}-${chart.version}.facts.json`), { chart: chart.chart, version: chart.version, ...chartFacts(values) });
  }
  fs.writeFileSync(path.join(dir, 'index.ts'), chartFactsIndex(Object.values(helmCharts)));
}

/** Release tooling fills `{{ version }}`/`{{ tag }}` in some charts' sources (knative-operator's Chart.yaml and values.yaml). */
function releaseFilled(text: string, version: string): string {
  return text.replace(/\{\{ *(version|tag) *\}\}/g, version);
}

/** Charts whose appVersion is the tag of CRDs in cdk8s.yaml (crdSources), bumped by Renovate apart from the chart. */
const CRD_FOLLOWS_APP_VERSION: readonly HelmChartPin[] = [helmCharts.karpenter, helmCharts.keda, helmCharts.kyverno, helmCharts.externalSecrets, helmCharts.knativeOperator];

/**
 * The chart's own appVersion (its Chart.yaml, when the mirror holds it) must be the one in
 * versions.ts (a leading `v` aside): the CRD tags of cdk8s.yaml are computed from it, and a
 * dependency update that bumps the chart and the app separately could leave them apart.
 */
export function checkAppVersion(chart: { readonly chart: string; readonly version: string; readonly appVersion: string }, dir: string): void {
  const file = path.join(dir, 'Chart.yaml');
  if (!fs.existsSync(file)) return;
  // A Chart.yaml without appVersion (knative-operator) is released as the app of its own version.
  const meta = yaml.load(releaseFilled(fs.readFileSync(file, 'utf8'), chart.version)) as { version?: unknown; appVersion?: unknown };
  const own = String(meta.appVersion ?? meta.version ?? '');
  if (own.replace(/^v/, '') !== chart.appVersion.replace(/^v/, '')) {
    throw new Error(`${chart.chart} ${chart.version} ships appVersion ${own} (${file}), but src/config/versions.ts says ${chart.appVersion}: set it to ${own}`);
  }
}

/** `imports/chart-values/index.ts`: the facts files of the pinned charts, in one list. */
export function chartFactsIndex(charts: readonly { readonly chart: string; readonly version: string }[]): string {
  const sorted = [...charts].sort((a, b) => compareText(a.chart, b.chart));
  const lines = [
    '// Generated by `npm run import` from src/config/versions.ts: the imported default-values facts',
    '// of each pinned chart. Do not edit; bump the version in versions.ts and re-import.',
    ...sorted.map((c, i) => `import chart${i} from './${c.chart}-${c.version}.facts.json';`),
    '',
    `export const importedChartFacts = [${sorted.map((_, i) => `chart${i}`).join(', ')}];`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The command `npm run synth` runs (package.json): `cdk8s synth` must run the same. */
const synthCommand = (): string => (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { synth: string } }).scripts.synth;

/** cdk8s.yaml as generated from `crdSources` (src/config/versions.ts): the file is never edited by hand. */
export function cdk8sYaml(sources: readonly CrdSource[] = crdSources): string {
  const lines = [
    '# cdk8s project file. Generated by `npm run import` from src/config/versions.ts (`crdSources`):',
    '# edit the versions there, never the URLs here. `npm run import` regenerates imports/ from these',
    '# CRDs, each pinned to the upstream tag of its version. The import script reads them from a local',
    '# mirror (--mirror DIR, layout in the README) when given, so it works offline.',
    'language: typescript',
    `app: ${synthCommand()}`,
    'output: dist',
    'imports:',
    ...sources.flatMap((s) => [`  # ${s.title}`, ...s.urls.map((u) => `  - ${u}`)]),
  ];
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const { mirror } = parseArgs(process.argv.slice(2));
  const mirrorFiles = mirror ? listFiles(path.join(mirror, 'crds')) : undefined;
  const configFile = path.join(root, 'cdk8s.yaml');
  if (outArg < 0 && fs.readFileSync(configFile, 'utf8') !== cdk8sYaml()) {
    fs.writeFileSync(configFile, cdk8sYaml());
    console.log('cdk8s.yaml: imports regenerated from src/config/versions.ts');
  }
  const config = yaml.load(cdk8sYaml()) as { imports: string[] };
  const crds: Crd[] = [];
  for (const url of config.imports) {
    const docs = yaml.loadAll(await readSource(url, mirrorFiles)) as (Crd & { kind?: string })[];
    crds.push(...docs.filter((d) => d?.kind === 'CustomResourceDefinition'));
  }
  const byGroup = new Map<string, Crd[]>();
  for (const crd of crds) byGroup.set(crd.spec.group, [...(byGroup.get(crd.spec.group) ?? []), crd]);
  fs.mkdirSync(importsDir, { recursive: true });
  await importCrds(byGroup);
  writeCrdManifests(byGroup);
  writeJson(path.join(importsDir, 'served-apis.json'), servedApis(crds));
  if (mirror) importChartKeys(mirror);
  else console.warn('no --mirror: chart-values/ left as is (chart defaults come from the mirror only)');
  console.log(`imported ${crds.length} CRDs in ${byGroup.size} groups into imports/`);
}

if (require.main === module) {
  main().catch((e: Error) => {
    console.error(e.message);
    process.exit(1);
  });
}
