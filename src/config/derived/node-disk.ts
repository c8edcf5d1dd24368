import type { EnvironmentConfig } from '../types';

/**
 * Disk usage at which the kubelet starts deleting unused images: 85%, Kubernetes' default
 * (kubernetes/kubernetes pkg/kubelet/apis/config/v1beta1/defaults.go@030891da, `SetDefaults_KubeletConfiguration`),
 * which neither nodeadm (awslabs/amazon-eks-ami nodeadm/internal/kubelet/config.go@v20260724)
 * nor our EC2NodeClasses (no `kubelet` block; the CRD has no default) change. Five points
 * above it, at `nodefs.available<10%` (nodeadm's evictionHard), the kubelet evicts pods.
 */
export const IMAGE_GC_HIGH_PERCENT = 85;

/** The OS and logs: 20 GiB, the smallest root volume the EKS AL2023 AMIs take. */
export const SYSTEM_DISK_GIB = 20;

/** A GPU node's image disk (the root volume on AL2023, the data volume on Bottlerocket), by its config path. */
export interface GpuNodeVolume {
  readonly path: string;
  readonly volumeGiB: number;
}

/** The largest image of the environment's workloads, GiB, and whose it is (undefined without workloads). */
export function largestImage(env: EnvironmentConfig): { readonly name: string; readonly imageGiB: number } | undefined {
  return Object.entries(env.workloads.services)
    .map(([name, w]) => ({ name, imageGiB: w.coldStart.imageSizeMiB / 1024 }))
    .reduce<{ name: string; imageGiB: number } | undefined>((a, w) => (a && a.imageGiB >= w.imageGiB ? a : w), undefined);
}

/**
 * The volumes of every kind of node the Dragonfly peer (a DaemonSet tolerating only the GPU
 * taint) and the inference pods land on: Karpenter GPU pools' node classes, the baseline GPU
 * group when it can have nodes, and the DRA group (tainted the same: terraform/dra.ts).
 */
export function gpuNodeVolumes(env: EnvironmentConfig, at: string): GpuNodeVolume[] {
  const classes = [...new Set(Object.values(env.nodes.pools).filter((p) => p.gpu).map((p) => p.nodeClass))].filter((c) => env.nodes.nodeClasses[c]);
  const baseline = env.nodes.baselineGpuNodeGroup;
  return [
    ...classes.map((c) => ({ path: `${at}.nodes.nodeClasses.${c}.volumeGiB`, volumeGiB: env.nodes.nodeClasses[c].volumeGiB })),
    ...(baseline.maxSize > 0 ? [{ path: `${at}.nodes.baselineGpuNodeGroup.rootVolumeGiB`, volumeGiB: baseline.rootVolumeGiB }] : []),
    ...(env.dra ? [{ path: `${at}.dra.nodeGroup.rootVolumeGiB`, volumeGiB: env.dra.nodeGroup.rootVolumeGiB }] : []),
  ];
}

/**
 * What a GPU node's disk holds for good before the kubelet deletes images: the OS and logs,
 * Dragonfly's peer cache at its cap and the largest image, which the running pod keeps in use.
 * Writable emptyDir volumes come on top, up to their sizeLimit each.
 */
export function gpuNodeDiskNeedGiB(env: EnvironmentConfig): number {
  return SYSTEM_DISK_GIB + env.addons.dragonfly.clientCacheGiB + (largestImage(env)?.imageGiB ?? 0);
}

/** The usage up to which the kubelet leaves images alone on a volume of this size. */
export const imageGcThresholdGiB = (volumeGiB: number): number => (volumeGiB * IMAGE_GC_HIGH_PERCENT) / 100;
