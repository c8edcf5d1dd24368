import { App } from 'cdk8s';
import { buildCharts } from '../charts';
import { buildHelmReleases } from '../charts/helm';
import { ConfigError } from '../config/errors';
import type { EnvironmentConfig } from '../config/types';
import { validateEnvironment } from '../config/validate';
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
  const app = new App({ outdir: `dist/${env.name}` });
  for (const chart of buildCharts(app, env)) {
    for (const doc of chart.toJson() as Manifest[]) {
      const file = `dist/${env.name}/${chart.appName}/${manifestFileName(doc)}`;
      if (files.has(file)) throw new Error(`${file}: two objects render to the same file (same kind, namespace and name)`);
      files.set(file, toYaml(doc));
    }
  }
  for (const release of buildHelmReleases(env)) {
    const file = `dist/${env.name}/${release.app}/values.yaml`;
    if (files.has(file)) throw new Error(`${file}: an Application folder is used twice`);
    files.set(file, `# Helm values for ${release.chart.chart} ${release.chart.version} (${release.chart.repoURL}), release ${release.releaseName} in ${release.namespace}\n${toYaml(release.values)}`);
  }
  return files;
}
