import { App } from 'cdk8s';
import { buildCharts } from '../charts';
import { buildHelmReleases } from '../charts/helm';
import { ConfigError } from '../config/errors';
import type { EnvironmentConfig } from '../config/types';
import { validateEnvironment } from '../config/validate';
import { bootstrapCharts } from '../config/versions';
import { budgetMarkdown } from '../report/markdown';
import { renderGitops, type AppRef } from '../gitops';
import { manifestFileName, toYaml, type Manifest } from './serialize';

/** Rendered output of one environment: relative path -> file content. */
export type RenderedFiles = ReadonlyMap<string, string>;

/** The top-level folders one environment owns: `dist/<env>` and `argocd/<env>`. */
export function environmentDirs(env: Pick<EnvironmentConfig, 'name'>): readonly string[] {
  return [`dist/${env.name}`, `argocd/${env.name}`];
}

/**
 * Validates and renders one environment in memory. Throws ConfigError listing every problem
 * before anything is rendered; never touches the file system.
 */
export function renderEnvironment(env: EnvironmentConfig): RenderedFiles {
  const problems = validateEnvironment(env);
  if (problems.length > 0) throw new ConfigError(problems);
  return renderUnvalidated(env);
}

/** Renders without validating first: for tests that probe how fields reach the output. */
export function renderUnvalidated(env: EnvironmentConfig): RenderedFiles {
  const files = new Map<string, string>();
  const put = (file: string, content: string) => {
    if (files.has(file)) throw new Error(`${file}: rendered twice (same Application folder, or same kind, namespace and name)`);
    files.set(file, content);
  };
  const putDocs = (dir: string, docs: readonly unknown[]) => {
    for (const doc of docs as Manifest[]) put(`${dir}/${manifestFileName(doc)}`, toYaml(doc));
  };
  const apps: AppRef[] = [];
  const app = new App({ outdir: `dist/${env.name}` });
  for (const chart of buildCharts(app, env)) {
    const path = `dist/${env.name}/${chart.appName}`;
    const docs = chart.toJson();
    // An empty folder would be an Application whose path does not exist: leave it out.
    if (docs.length === 0) continue;
    apps.push({ name: chart.appName, layer: chart.layer, path });
    putDocs(path, docs);
  }
  for (const release of buildHelmReleases(env)) {
    const path = `dist/${env.name}/${release.app}`;
    apps.push({ name: release.app, layer: 'platform-helm', path, helm: release });
    put(`${path}/values.yaml`, `# Helm values for ${release.chart.chart} ${release.chart.version} (${release.chart.repoURL}), release ${release.releaseName} in ${release.namespace}\n${toYaml(release.values)}`);
  }
  put(`dist/${env.name}/budget.md`, budgetMarkdown(env));
  const gitops = renderGitops(env, apps);
  putDocs(`argocd/${env.name}/apps`, gitops.apps);
  put(`argocd/${env.name}/root-app.yaml`, toYaml((gitops.root as unknown[])[0]));
  const argo = bootstrapCharts.argoCd;
  put(`argocd/${env.name}/argo-cd-values.yaml`, `# Helm values for ${argo.chart} ${argo.version} (Argo CD ${argo.appVersion}, ${argo.repoURL}), installed once by hand\n${toYaml(gitops.argoCdValues)}`);
  return files;
}
