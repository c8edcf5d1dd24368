import { restrictedContainerSecurity, restrictedPodSecurity } from '../pod-security';
import type { GpuClaim } from './resource-claim';

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
  /** Liveness (and start-up) probe path. */
  readonly livenessPath: string;
  /** Longest a start may take before the liveness probe applies (model load included). */
  readonly startupSeconds: number;
  /** Writable emptyDir mounts on the otherwise read-only root filesystem. */
  readonly writablePaths: readonly string[];
  /** Size limit of each writable volume, GiB. */
  readonly writableSizeGiB: number;
  /** Run as this ServiceAccount with its token mounted. @default the namespace default, no token */
  readonly serviceAccountName?: string;
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
  /**
   * GPUs through this ResourceClaimTemplate instead of `nvidia.com/gpu` limits; placement is
   * then the DRA nodes' labels. @default none: the device plugin
   */
  readonly claim?: GpuClaim;
}

/** Label the PDB, the anti-affinity, Kyverno and the PodMonitor select. */
export const WORKLOAD_LABEL = 'gpu-inference.io/workload';

export function podLabels(props: GpuPodProps): Record<string, string> {
  return { 'app.kubernetes.io/name': props.name, [WORKLOAD_LABEL]: props.name };
}

/** Requests equal limits (Guaranteed QoS); the GPU count is both. */
export function resourceAmounts(props: GpuPodProps): Record<string, string> {
  const base = { cpu: String(props.cpu), memory: `${props.memoryGiB}Gi` };
  return props.claim ? base : { ...base, 'nvidia.com/gpu': String(props.gpus) };
}

export function gpuTolerations(props: GpuPodProps) {
  return [{ key: props.gpuTaint.key, operator: 'Exists', effect: props.gpuTaint.effect }];
}

/** Instance types the replica fits (device plugin), or the DRA nodes' labels (claim). */
function placement(props: GpuPodProps) {
  if (props.claim) return Object.entries(props.claim.nodeLabels).map(([key, value]) => ({ key, operator: 'In', values: [value] }));
  return [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: [...props.instanceTypes] }];
}

export function gpuAffinity(props: GpuPodProps) {
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: placement(props) }],
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

/** Passes Pod Security `restricted`, with a read-only root filesystem. */
export function containerSecurityContext() {
  return { ...restrictedContainerSecurity(), readOnlyRootFilesystem: true };
}

/** Probe period; the start-up probe's failure threshold stretches it over `startupSeconds`. */
export const PROBE_PERIOD_SECONDS = 10;
/** Consecutive liveness failures before a restart: 30 s of silence. */
export const LIVENESS_FAILURES = 3;

/** Liveness and start-up probe timings (the construct adds the typed `httpGet`). */
export function probeTimings(props: GpuPodProps) {
  return {
    liveness: { periodSeconds: PROBE_PERIOD_SECONDS, failureThreshold: LIVENESS_FAILURES },
    startup: { periodSeconds: PROBE_PERIOD_SECONDS, failureThreshold: Math.ceil(props.startupSeconds / PROBE_PERIOD_SECONDS) },
  };
}

const volumeName = (i: number) => `writable-${i}`;

/** emptyDir volumes for the writable paths. */
export function writableVolumes(props: GpuPodProps) {
  return props.writablePaths.map((_, i) => ({ name: volumeName(i), emptyDir: { sizeLimit: `${props.writableSizeGiB}Gi` } }));
}

export function writableMounts(props: GpuPodProps) {
  return props.writablePaths.map((mountPath, i) => ({ name: volumeName(i), mountPath }));
}

export function podSecurityContext(props: GpuPodProps) {
  return { ...restrictedPodSecurity(), runAsUser: props.runAsUser, runAsGroup: props.runAsUser, fsGroup: props.runAsUser };
}

/** Pod-level fields every GPU inference pod shares (Deployment template or Knative revision). */
export function gpuPodSpec(props: GpuPodProps) {
  return {
    priorityClassName: props.priorityClassName,
    // No API token unless the workload asked for an identity: inference never calls the API.
    ...(props.serviceAccountName ? { serviceAccountName: props.serviceAccountName } : { automountServiceAccountToken: false }),
    securityContext: podSecurityContext(props),
    tolerations: gpuTolerations(props),
    affinity: gpuAffinity(props),
    nodeSelector: props.nodeSelector ? { ...props.nodeSelector } : undefined,
  };
}

/** Name of the inference container (Kyverno's hardening rule selects it by name). */
export const INFERENCE_CONTAINER = 'inference';

/** The inference container's name and its fields both kinds share. */
export function inferenceContainer(props: GpuPodProps) {
  return { name: INFERENCE_CONTAINER, image: props.image, securityContext: containerSecurityContext(), volumeMounts: writableMounts(props) };
}
