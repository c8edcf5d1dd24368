/**
 * Dynamic Resource Allocation (DRA): the per-workload claim and the per-environment DRA path
 * (a Terraform managed node group scaled by Cluster Autoscaler, the NVIDIA GPU DRA driver on
 * it). Karpenter cannot provision for ResourceClaims (kubernetes-sigs/karpenter issue #1231,
 * open), so DRA workloads never run on Karpenter pools.
 */
import { z } from 'zod';
import { autoRepair, count, k8sName, positiveInt, strict, stringMap, text } from './common';

/** How a workload's GPUs are handed to its pods. */
export const gpuAllocation = z.enum(['device-plugin', 'dra']);

/**
 * One device selector, rendered to CEL on the driver's published attributes
 * (`device.attributes['gpu.nvidia.com'].<attribute>`). `equals` for string attributes,
 * `atLeastVersion` (semver) for version attributes; every attribute is checked against the
 * pinned driver's published attributes (src/config/dra/attributes.ts).
 */
export const draSelector = z.union([
  strict({ attribute: text, equals: text }),
  strict({ attribute: text, atLeastVersion: z.string().regex(/^\d+\.\d+\.\d+$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a semantic version like 8.6.0` }) }),
]);

/** The ResourceClaimTemplate of a DRA workload: one request of `resources.gpus` devices. */
export const draClaim = strict({
  /** DeviceClass the request names; one the pinned driver creates, e.g. `gpu.nvidia.com`. */
  deviceClassName: text,
  /**
   * Extra selectors, ANDed. The GPU memory (`resources.vramMiB`) is always selected on the
   * driver's `memory` capacity. @default none
   */
  selectors: z.array(draSelector).optional(),
});

/** The environment's DRA path; required as soon as one workload uses `gpuAllocation: 'dra'`. */
export const draPlatform = strict({
  /** Labels every DRA node carries: the DRA driver runs only there, the device plugin never. */
  nodeLabels: stringMap,
  /** The EKS managed node group of DRA nodes (NVIDIA AL2023 AMI), scaled by Cluster Autoscaler. */
  nodeGroup: strict({
    /** EC2 instance type (from the instance catalogue). */
    instanceType: text,
    /** Nodes always kept (see rules/dra.ts: at least 1 on AWS). */
    minSize: count,
    /** Ceiling Cluster Autoscaler scales to. */
    maxSize: positiveInt,
    /** gp3 root volume per node in GiB. */
    rootVolumeGiB: z.int().min(20),
    /** EKS node auto repair of the group, as `nodes.baselineGpuNodeGroup.autoRepair`. @default true */
    autoRepair,
  }),
  /** The NVIDIA GPU DRA driver Helm release. */
  driver: strict({ namespace: k8sName }),
  /** Cluster Autoscaler, for the DRA node group only. */
  clusterAutoscaler: strict({
    namespace: k8sName,
    serviceAccount: k8sName,
    /** `--scan-interval`, e.g. `10s`: how often pending pods are looked at. */
    scanInterval: text,
    /** `--scale-down-unneeded-time`, e.g. `10m`: idle time before a node is removed. */
    scaleDownUnneededTime: text,
  }),
});
