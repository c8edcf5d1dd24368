import { restrictedContainerSecurity, restrictedPodSecurity } from '../pod-security';

/**
 * What every GPU inference pod gets by construction, whichever autoscaler owns it:
 * GPU request = limit, the GPU taint toleration, placement only on instance types it fits,
 * optional one-replica-per-node, a restricted-compatible security context and the labels the
 * PDB and the PodMonitor select.
 */

/** Props shared by the async and HTTP inference constructs. */
export interface GpuPodProps {
  /** Workload name: object names and the `gpu-inference.io/workload` label. */
  readonly name: string;
  readonly namespace: string;
  /** Image pinned by tag or digest. */
  readonly image: string;
  readonly port: number;
  readonly readinessPath: string;
  readonly gpus: number;
  readonly cpu: number;
  readonly memoryGiB: number;
  /** Instance types the replica fits on (compiled from the catalogue); never empty. */
  readonly instanceTypes: readonly string[];
  /** The GPU node taint to tolerate. */
  readonly gpuTaint: { readonly key: string; readonly effect: string };
  /** At most one replica per node. */
  readonly onePerNode: boolean;
  /** Extra node selector (labels known before launch). @default none */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly priorityClassName: string;
  /** Numeric non-root user. */
  readonly runAsUser: number;
}

/** Label the PDB, the anti-affinity, Kyverno and the PodMonitor select. */
export const WORKLOAD_LABEL = 'gpu-inference.io/workload';

export function podLabels(props: GpuPodProps): Record<string, string> {
  return { 'app.kubernetes.io/name': props.name, [WORKLOAD_LABEL]: props.name };
}

/** Requests equal limits (Guaranteed QoS); the GPU count is both. */
export function resourceAmounts(props: GpuPodProps): Record<string, string> {
  return { cpu: String(props.cpu), memory: `${props.memoryGiB}Gi`, 'nvidia.com/gpu': String(props.gpus) };
}

export function gpuTolerations(props: GpuPodProps) {
  return [{ key: props.gpuTaint.key, operator: 'Exists', effect: props.gpuTaint.effect }];
}

export function gpuAffinity(props: GpuPodProps) {
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: [...props.instanceTypes] }] }],
      },
    },
    ...(props.onePerNode
      ? {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: { [WORKLOAD_LABEL]: props.name } }, topologyKey: 'kubernetes.io/hostname' },
            ],
          },
        }
      : {}),
  };
}

/** Passes Pod Security `restricted`. */
export function containerSecurityContext() {
  return restrictedContainerSecurity();
}

export function podSecurityContext(props: GpuPodProps) {
  return { ...restrictedPodSecurity(), runAsUser: props.runAsUser, runAsGroup: props.runAsUser, fsGroup: props.runAsUser };
}

/** Pod-level fields every GPU inference pod shares (Deployment template or Knative revision). */
export function gpuPodSpec(props: GpuPodProps) {
  return {
    priorityClassName: props.priorityClassName,
    securityContext: podSecurityContext(props),
    tolerations: gpuTolerations(props),
    affinity: gpuAffinity(props),
    nodeSelector: props.nodeSelector ? { ...props.nodeSelector } : undefined,
  };
}

/** The inference container's name and its fields both kinds share. */
export function inferenceContainer(props: GpuPodProps) {
  return { name: 'inference', image: props.image, securityContext: containerSecurityContext() };
}
