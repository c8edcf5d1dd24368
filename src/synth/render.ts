import { buildCharts } from '../charts';
import { buildHelmReleases } from '../charts/helm';
import { ConfigError } from '../config/errors';
import type { EnvironmentConfig } from '../config/types';
import { validateEnvironment } from '../config/validate';
import { bootstrapCharts } from '../config/versions';
import { budgetMarkdown } from '../report/markdown';
import { secretsMarkdown } from '../report/secrets';
import { latestMeasurement } from '../verify/measurements';
import { backendHcl, tfvarsJson } from '../terraform/tfvars';
import { renderGitops, type AppRef } from '../gitops';
import type { YamlMemo } from './memo';
import { timed } from './phases';
import { manifestFileName, toYaml, type Manifest } from './serialize';

/** Rendered output of one environment: relative path -> file content. */
export type RenderedFiles = ReadonlyMap<string, string>;

/** Where each environment's folder sits: manifests, the Argo CD bootstrap, Terraform's variables. */
export const OUTPUT_ROOTS = ['dist', 'argocd', 'terraform/generated'] as const;

/** The folders one environment owns: `dist/<env>`, `argocd/<env>`, `terraform/generated/<env>`. */
export function environmentDirs(env: Pick<EnvironmentConfig, 'name'>): readonly string[] {
  return OUTPUT_ROOTS.map((root) => `${root}/${env.name}`);
}

/**
 * Validates and renders one environment in memory. Throws ConfigError listing every problem
 * before anything is rendered; never touches the file system.
 */
export function renderEnvironment(env: EnvironmentConfig): RenderedFiles {
  const problems = timed('validate', () => validateEnvironment(env));
  if (problems.length > 0) throw new ConfigError(problems);
  return renderUnvalidated(env);
}

/** One output file before serialization: a document dumped as YAML after a comment, or text. */
export type Output = { readonly file: string; readonly doc: unknown; readonly header?: string } | { readonly file: string; readonly text: string };

/** Options of {@link renderUnvalidated} and {@link renderOutputs}. */
export interface RenderOptions {
  /** YAML of an earlier synth: documents it holds are not dumped again (same output, src/synth/memo.ts). @default none */
  readonly memo?: YamlMemo;
  /** Project root whose `measurements/` the budget report reads (the latest scale test). @default process.cwd() */
  readonly root?: string;
}

/**
 * Renders without validating: for callers that validated already (synth validates every
 * environment before rendering any) and tests that probe how fields reach the output.
 */
export function renderUnvalidated(env: EnvironmentConfig, options: RenderOptions = {}): RenderedFiles {
  const outputs = timed('build', () => renderOutputs(env, options));
  return timed('serialize', () => serialize(outputs, options.memo));
}

function serialize(outputs: readonly Output[], memo?: YamlMemo): RenderedFiles {
  const files = new Map<string, string>();
  const dump = memo ? (doc: unknown) => memo.toYaml(doc) : toYaml;
  for (const o of outputs) {
    if (files.has(o.file)) throw new Error(`${o.file}: rendered twice (same Application folder, or same kind, namespace and name)`);
    files.set(o.file, 'text' in o ? o.text : `${o.header ?? ''}${dump(o.doc)}`);
  }
  return files;
}

/** Every output file of one environment, not yet serialized and not validated. */
export function renderOutputs(env: EnvironmentConfig, options: Pick<RenderOptions, 'root'> = {}): Output[] {
  return [...outputsOf(env, options)];
}

/**
 * The output files of one environment, each as soon as it is rendered (one chart's documents
 * before the next chart is turned into JSON): a caller looking for the first difference from
 * an earlier render, such as the field-coverage test, can stop there.
 */
export function* outputsOf(env: EnvironmentConfig, { root = process.cwd() }: Pick<RenderOptions, 'root'> = {}): Generator<Output> {
  const manifests: unknown[] = [];
  const docsIn = (dir: string, docs: readonly unknown[]): Output[] => (docs as Manifest[]).map((doc) => ({ file: `${dir}/${manifestFileName(doc)}`, doc }));
  // Cheapest first: Terraform's inputs come straight from the config.
  yield { file: `terraform/generated/${env.name}/platform.tfvars.json`, text: tfvarsJson(env) };
  yield { file: `terraform/generated/${env.name}/backend.s3.tfbackend`, text: backendHcl(env) };
  const apps: AppRef[] = [];
  for (const chart of buildCharts(env)) {
    const path = `dist/${env.name}/${chart.appName}`;
    const docs = chart.toJson();
    // An empty folder would be an Application whose path does not exist: leave it out.
    if (docs.length === 0) continue;
    apps.push({ name: chart.appName, layer: chart.layer, path });
    manifests.push(...docs);
    yield* docsIn(path, docs);
  }
  for (const release of buildHelmReleases(env)) {
    const path = `dist/${env.name}/${release.app}`;
    apps.push({ name: release.app, layer: 'platform-helm', path, helm: release });
    const header = `# Helm values for ${release.chart.chart} ${release.chart.version} (${release.chart.repoURL}), release ${release.releaseName} in ${release.namespace}\n`;
    manifests.push(release.values);
    yield { file: `${path}/values.yaml`, doc: release.values, header };
  }
  yield { file: `dist/${env.name}/budget.md`, text: budgetMarkdown(env, latestMeasurement(env.name, root)) };
  yield { file: `dist/${env.name}/secrets.md`, text: secretsMarkdown(env, manifests, env.platform.secrets.refreshInterval) };
  const gitops = renderGitops(env, apps);
  yield* docsIn(`argocd/${env.name}/apps`, gitops.apps);
  yield { file: `argocd/${env.name}/root-app.yaml`, doc: (gitops.root as unknown[])[0] };
  const argo = bootstrapCharts.argoCd;
  const header = `# Helm values for ${argo.chart} ${argo.version} (Argo CD ${argo.appVersion}, ${argo.repoURL}), installed once by hand\n`;
  yield { file: `argocd/${env.name}/argo-cd-values.yaml`, doc: gitops.argoCdValues, header };
}
