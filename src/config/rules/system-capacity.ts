import { systemNodePods } from '../../charts/helm/system-pods';
import { eksAllocatable, systemDemand, type Resources } from '../derived/system-capacity';
import { instanceTypes } from '../instances';
import type { EnvironmentConfig } from '../types';
import type { Problems } from './collector';

const fmt = (r: Resources) => `${r.cpu.toFixed(2)} vCPU / ${(r.memoryMiB / 1024).toFixed(1)} GiB`;

/** Nodes of `free` each that hold `demand`, plus one for the node being drained. */
function nodesNeeded(demand: Resources, free: Resources): number {
  return Math.max(Math.ceil(demand.cpu / free.cpu), Math.ceil(demand.memoryMiB / free.memoryMiB)) + 1;
}

/**
 * The system node group holds every pod pinned to it (our charts' controllers at their replicas,
 * Knative Serving, EKS add-ons) on minSize - 1 nodes, so a node drain (managed node group
 * upgrade, AMI rollout) never leaves a controller Pending; DaemonSets count on every node.
 */
export function checkSystemCapacity(env: EnvironmentConfig, p: Problems, at: string): void {
  const group = env.nodes.systemNodeGroup;
  const path = `${at}.nodes.systemNodeGroup.instanceType`;
  const it = instanceTypes[group.instanceType];
  if (!it) return; // checkNodes reports unknown instance types
  const allocatable = eksAllocatable(it);
  const demand = systemDemand(systemNodePods(env));
  const free = { cpu: allocatable.cpu - demand.perNode.cpu, memoryMiB: allocatable.memoryMiB - demand.perNode.memoryMiB };
  const usable = { cpu: free.cpu * (group.minSize - 1), memoryMiB: free.memoryMiB * (group.minSize - 1) };
  p.check(
    demand.pods.cpu <= usable.cpu && demand.pods.memoryMiB <= usable.memoryMiB,
    path,
    `system pods request ${fmt(demand.pods)} but ${group.minSize} x ${group.instanceType} with one node drained leave ${fmt(usable)} ` +
      `(allocatable ${fmt(allocatable)} per node minus ${fmt(demand.perNode)} of DaemonSets); ` +
      `choose a larger instance type or raise minSize to ${nodesNeeded(demand.pods, free)}`,
  );
}
