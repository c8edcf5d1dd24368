/**
 * What the DRA path derives from config: the CEL selectors of a workload's claim and the
 * workloads that take it. CEL functions: `quantity(...).compareTo` and `semver(...).compareTo`
 * are in the base CEL environment DRA selectors compile in (kubernetes/apiserver
 * pkg/cel/environment/base.go@v0.35.4, `library.Quantity` and `library.SemverLib`).
 */
import { DRA_DRIVER_DOMAIN, DRA_GPU_MEMORY_CAPACITY } from '../dra-driver';
import type { EnvironmentConfig } from '../types';
import type { ServiceConfig, WorkloadConfig } from '../workload-types';
import { rolloutSurge } from './demand';
import { compareText } from '../order';

/** Whether a workload's GPUs come through a ResourceClaim. */
export const usesDra = (w: ServiceConfig): boolean => w.kind !== 'disaggregated' && w.gpuAllocation === 'dra';

/** Names of the environment's DRA workloads, sorted. */
export function draWorkloads(env: EnvironmentConfig): string[] {
  return Object.entries(env.workloads.services)
    .filter(([, w]) => usesDra(w))
    .map(([name]) => name)
    .sort();
}

const attr = (name: string) => `device.attributes['${DRA_DRIVER_DOMAIN}'].${name}`;

/** One selector of config as a CEL expression on the driver's attributes. */
export function selectorCel(s: { readonly attribute: string; readonly equals?: string; readonly atLeastVersion?: string }): string {
  if (s.equals !== undefined) return `${attr(s.attribute)} == '${s.equals.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `${attr(s.attribute)}.compareTo(semver('${s.atLeastVersion}')) >= 0`;
}

/** The claim's CEL selectors: GPU memory from `resources.vramMiB`, then the configured ones. */
export function claimSelectors(w: WorkloadConfig): string[] {
  const memory = `device.capacity['${DRA_DRIVER_DOMAIN}'].${DRA_GPU_MEMORY_CAPACITY}.compareTo(quantity('${w.resources.vramMiB}Mi')) >= 0`;
  return [memory, ...(w.dra?.selectors ?? []).map(selectorCel)];
}

/**
 * The ResourceQuota key that counts the devices claims request from one DeviceClass:
 * `<class>.deviceclass.resource.k8s.io/devices` (kubernetes/kubernetes
 * pkg/quota/v1/evaluator/core/resource_claims.go@v1.35.4, `V1ResourceByDeviceClass`: an
 * `exactly` request of ExactCount counts `count` devices). DRA GPUs are not
 * `requests.nvidia.com/gpu`, so without it the namespace's GPU ceiling would not bound them.
 */
export const deviceClassQuotaKey = (deviceClassName: string): string => `${deviceClassName}.deviceclass.resource.k8s.io/devices`;

/** Devices the DRA workloads claim at max scale during a rollout, by DeviceClass (sorted). */
export function draQuotaDemand(env: EnvironmentConfig): Map<string, number> {
  const demand = new Map<string, number>();
  for (const w of Object.values(env.workloads.services)) {
    if (w.kind === 'disaggregated' || !usesDra(w) || !w.dra) continue;
    const devices = (w.maxReplicas + rolloutSurge(w)) * w.resources.gpus;
    demand.set(w.dra.deviceClassName, (demand.get(w.dra.deviceClassName) ?? 0) + devices);
  }
  return new Map([...demand].sort(([a], [b]) => compareText(a, b)));
}
