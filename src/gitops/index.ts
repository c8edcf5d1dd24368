import { App, Chart } from 'cdk8s';
import { LAYERS } from '../charts/platform-chart';
import type { EnvironmentConfig } from '../config/types';
import type { AppRef } from './app-ref';
import { layerApplicationSet } from './application-sets';
import { argoCdValues } from './argocd-values';
import { platformProject } from './project';
import { appsPath, ociRepositories, rootApplication } from './root';

/** A rendered Argo CD document and the file it goes to (relative to the project root). */
export interface GitopsFile {
  readonly file: string;
  readonly content: unknown;
}

/**
 * Everything under argocd/<env>/: the root Application (applied once by hand), the Argo CD Helm
 * values, and the folder the root app syncs: the AppProject, OCI repositories and the four
 * ApplicationSets in wave order.
 */
export function renderGitops(env: EnvironmentConfig, apps: readonly AppRef[]): { root: unknown[]; apps: unknown[]; argoCdValues: unknown } {
  const app = new App();
  const root = new Chart(app, 'root', { disableResourceNameHashes: true });
  rootApplication(root, env);
  const synced = new Chart(app, 'apps', { disableResourceNameHashes: true });
  platformProject(synced, env, apps);
  ociRepositories(synced, apps);
  for (const layer of LAYERS) layerApplicationSet(synced, env, layer, apps.filter((a) => a.layer === layer));
  return { root: root.toJson(), apps: synced.toJson(), argoCdValues: argoCdValues(env) };
}

export { appsPath, type AppRef };
