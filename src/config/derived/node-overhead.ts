import type { InstanceType } from '../instances';
import type { Resources } from './system-capacity';

/**
 * What the kubelet of an EKS AL2023 node keeps from pods (awslabs/amazon-eks-ami
 * nodeadm/internal/kubelet/config.go@v20260724, withDefaultReservedResources): kube-reserved
 * memory of 11 MiB per pod of max pods plus 255 MiB, kube-reserved CPU by core range, and the
 * `memory.available` hard eviction threshold of 100Mi. Karpenter assumes the same when it
 * decides what fits on a node it launches (aws/karpenter-provider-aws
 * pkg/providers/instancetype/types.go@v1.9.0).
 */
export const EVICTION_HARD_MEMORY_MIB = 100;

export function kubeReservedMemoryMiB(maxPods: number): number {
  return 11 * maxPods + 255;
}

/** CPU ranges in cores and the share of each reserved: 6% of the first core, 1% of the second, 0.5% of cores 3-4, 0.25% above. */
const CPU_RESERVED_RANGES: readonly (readonly [from: number, to: number, share: number])[] = [
  [0, 1, 0.06],
  [1, 2, 0.01],
  [2, 4, 0.005],
  [4, Infinity, 0.0025],
];

export function kubeReservedCpu(vcpu: number): number {
  return CPU_RESERVED_RANGES.reduce((sum, [from, to, share]) => sum + Math.max(0, Math.min(vcpu, to) - from) * share, 0);
}

/**
 * CPU (cores) and memory (GiB) a node of this type spends before workloads: the requests of its
 * DaemonSets (for GPU nodes ./gpu-node-daemonsets.ts), kube-reserved and the eviction threshold.
 */
export function nodeOverhead(it: InstanceType, daemonSets: Resources): { cpu: number; memoryGiB: number } {
  return {
    cpu: daemonSets.cpu + kubeReservedCpu(it.vcpu),
    memoryGiB: (daemonSets.memoryMiB + kubeReservedMemoryMiB(it.maxPods) + EVICTION_HARD_MEMORY_MIB) / 1024,
  };
}
