import { gpuWorkloads } from '../derived/disaggregated';
import type { EnvironmentConfig } from '../types';
import type { WorkloadConfig } from '../workload-types';
import type { Problems } from './collector';

/** Lowest UID a workload may run as: above every user a node has (AL2023's ec2-user is 1000). */
export const MIN_WORKLOAD_UID = 10_000;

function checkPaths(w: WorkloadConfig, p: Problems, path: string): void {
  for (const key of ['readinessPath', 'livenessPath'] as const) {
    p.check(w[key].startsWith('/'), `${path}.${key}`, `"${w[key]}" must be an absolute URL path such as /health`);
  }
  w.writablePaths.forEach((dir, i) =>
    p.check(dir.startsWith('/') && dir !== '/' && w.writablePaths.indexOf(dir) === i, `${path}.writablePaths[${i}]`, `"${dir}" must be an absolute directory other than /, listed once`),
  );
  if (w.serviceAccountName !== undefined) {
    p.check(w.serviceAccountName !== 'default', `${path}.serviceAccountName`, `"${w.serviceAccountName}" must be a DNS label naming a dedicated ServiceAccount (not "default")`);
  }
}

/** What every inference pod must be: non-node UID, probes, writable paths that exist. */
export function checkPodHardening(env: EnvironmentConfig, p: Problems, at: string): void {
  p.check(
    env.workloads.runAsUser >= MIN_WORKLOAD_UID,
    `${at}.workloads.runAsUser`,
    `${env.workloads.runAsUser} may be a node user (AL2023's ec2-user is 1000); use ${MIN_WORKLOAD_UID} or above`,
  );
  // A disaggregated service's paths are shared by its roles: check them once, at the service.
  const seen = new Set<string>();
  for (const { path, w } of gpuWorkloads(env)) {
    const service = path.split('.').slice(0, 3).join('.');
    if (!seen.has(service)) checkPaths(w, p, `${at}.${service}`);
    seen.add(service);
  }
}
