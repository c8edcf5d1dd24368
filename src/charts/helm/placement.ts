import type { ContainerResourcesConfig, EnvironmentConfig } from '../../config/types';
import { GP3_STORAGE_CLASS } from '../cluster-defaults';
import { tolerate } from './release';

/** PriorityClass of every platform controller (rendered by cluster-defaults from `priorityClasses`). */
export const PLATFORM_PRIORITY_CLASS = 'platform-critical';

/** Built-in PriorityClasses every cluster has (kubernetes/kubernetes pkg/apis/scheduling/types.go). */
export const BUILTIN_PRIORITY_CLASSES = { 'system-cluster-critical': 2_000_000_000, 'system-node-critical': 2_000_001_000 } as const;
export const CLUSTER_CRITICAL: keyof typeof BUILTIN_PRIORITY_CLASSES = 'system-cluster-critical';

/** Placement of control-plane pods on the always-on system node group. */
export function systemPlacement(env: EnvironmentConfig) {
  return {
    nodeSelector: { ...env.nodes.systemNodeGroup.labels },
    tolerations: env.nodes.systemNodeGroup.taints.map(tolerate),
  };
}

/**
 * Where a platform controller runs and how it is scheduled: on the system node group
 * (nodeSelector + tolerations of its taints) with the platform PriorityClass. Charts that keep
 * the three keys side by side take it as is.
 */
export function controllerPlacement(env: EnvironmentConfig) {
  return { ...systemPlacement(env), priorityClassName: PLATFORM_PRIORITY_CLASS };
}

/** A container's `resources`: requests, and the memory request as the memory limit. */
export function containerResources(r: ContainerResourcesConfig) {
  return { requests: { cpu: r.cpu, memory: r.memory }, limits: { memory: r.memory } };
}

/** A Prometheus Operator StorageSpec: one encrypted gp3 volume per replica. */
export function gp3VolumeClaim(sizeGiB: number) {
  return {
    volumeClaimTemplate: {
      spec: { storageClassName: GP3_STORAGE_CLASS, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${sizeGiB}Gi` } } },
    },
  };
}

/**
 * A PDB for charts whose budget is `minAvailable: 1`: only with more than one replica, since
 * a single replica with minAvailable 1 blocks every node drain (managed node group upgrades).
 */
export function pdbIfReplicated(replicas: number) {
  return { enabled: replicas > 1 };
}
