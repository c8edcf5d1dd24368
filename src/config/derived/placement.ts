import { instanceTypes, type InstanceType } from '../instances';
import type { EnvironmentConfig } from '../types';
import type { WorkloadResources } from '../workload-types';
import { gpuWorkloads } from './disaggregated';
import { gpuNodeDaemonSetRequests } from './gpu-node-daemonsets';
import { nodeOverhead } from './node-overhead';
import type { Resources } from './system-capacity';

/** Instance types GPU workloads may land on: every GPU pool's, plus the baseline node group's. */
export function gpuCandidates(env: EnvironmentConfig): InstanceType[] {
  const names = new Set(Object.values(env.nodes.pools).filter((p) => p.gpu).flatMap((p) => p.instanceTypes));
  if (env.nodes.baselineGpuNodeGroup.desiredSize > 0) names.add(env.nodes.baselineGpuNodeGroup.instanceType);
  return [...names].map((n) => instanceTypes[n]).filter((i): i is InstanceType => i !== undefined);
}

/** Whether one replica fits an instance, after the node's own overhead (`daemonSets`: ./gpu-node-daemonsets.ts). */
export function fits(r: WorkloadResources, it: InstanceType, daemonSets: Resources): boolean {
  const overhead = nodeOverhead(it, daemonSets);
  return (
    it.gpuCount >= r.gpus &&
    it.gpuMemoryMiB >= r.vramMiB &&
    it.vcpu - overhead.cpu >= r.cpu &&
    it.memoryGiB - overhead.memoryGiB >= r.memoryGiB
  );
}

/**
 * Instance types one replica fits on, sorted: compiled into a `node.kubernetes.io/instance-type`
 * requirement, which Karpenter knows before launch and which baseline node-group nodes carry too.
 */
export function placementFor(env: EnvironmentConfig, r: WorkloadResources): string[] {
  const daemonSets = gpuNodeDaemonSetRequests(env);
  return gpuCandidates(env)
    .filter((it) => fits(r, it, daemonSets))
    .map((it) => it.name)
    .sort();
}

/** GPUs the platform can provide at most: GPU pool limits plus the baseline node group. */
export function gpuCapacity(env: EnvironmentConfig): number {
  const pools = Object.values(env.nodes.pools).reduce((sum, p) => sum + (p.gpu ? (p.limits.gpus ?? 0) : 0), 0);
  const g = env.nodes.baselineGpuNodeGroup;
  return pools + g.desiredSize * (instanceTypes[g.instanceType]?.gpuCount ?? 0);
}

/** GPUs the device-plugin workloads request when every one is at max scale. */
export function gpuDemandAtMax(env: EnvironmentConfig): number {
  // DRA workloads draw on the DRA node group instead (rules/dra.ts).
  return gpuWorkloads(env).reduce((sum, { w }) => sum + (w.gpuAllocation === 'dra' ? 0 : w.maxReplicas * w.resources.gpus), 0);
}
