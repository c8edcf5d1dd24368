import { Construct } from 'constructs';
import { KnativeServing as KnativeServingResource, KnativeServingSpecPodDisruptionBudgetsMaxUnavailable } from '../../../imports/operator.knative.dev';

/** Props of {@link KnativeServing}. */
export interface KnativeServingProps {
  /** Serving minor version the operator installs, e.g. `1.21`. */
  readonly version: string;
  readonly replicas: number;
  readonly scaleToZeroGracePeriod: string;
  readonly stableWindow: string;
  readonly progressDeadlineSeconds: number;
  readonly maxRevisionTimeoutSeconds: number;
  /** queue-proxy sidecar resources: CPU in cores, memory request = limit. */
  readonly queueProxy: { readonly cpu: number; readonly cpuLimit: number; readonly memoryMiB: number };
  /** Registries whose tags are not resolved to digests (ECR needs credentials the controller lacks). */
  readonly registriesSkippingTagResolving: readonly string[];
  /** Default domain of non-cluster-local routes (config-domain). */
  readonly domain: string;
  /** Node selector and tolerations of the Knative control plane (system nodes). */
  readonly placement: { readonly nodeSelector: Readonly<Record<string, string>>; readonly tolerations: readonly { key: string; operator: string; effect: string }[] };
}

/**
 * Namespace of Knative Serving and, under the Knative Operator, of the Kourier gateway too
 * (the operator installs the ingress into the KnativeServing's namespace).
 */
export const KNATIVE_SERVING_NAMESPACE = 'knative-serving';

/**
 * PDBs the operator ships with `minAvailable: 80%` (activator, webhook: knative/operator
 * cmd/operator/kodata/knative-serving/1.21.1/2-serving-core.yaml@knative-v1.21.1; Kourier gateway:
 * cmd/operator/kodata/ingress/1.21/kourier/kourier.yaml@knative-v1.21.1). 80% of one or two
 * replicas rounds up to all of them, so no pod may ever be evicted and node drains (managed node
 * group upgrades, Karpenter) hang. `maxUnavailable: 1` allows one eviction at any replica count;
 * the operator replaces minAvailable by it (pkg/reconciler/common/poddisruptionbudget_override.go@knative-v1.21.1).
 */
export const DRAINABLE_PDBS = ['activator-pdb', 'webhook-pdb', '3scale-kourier-gateway-pdb'] as const;

const SERVING = 'knative/serving config/core/deployments';
const KOURIER = 'knative-extensions/net-kourier config';

/** The operator's copy of what it installs for Serving 1.21 (it applies every file of the folder). */
const OPERATOR_SERVING = 'knative/operator cmd/operator/kodata/knative-serving/1.21.1';

/** Requests of one container, and where upstream sets them. */
interface Requests {
  readonly cpu: string;
  readonly memory: string;
  readonly source: string;
}

/**
 * Knative deployments placed on the system nodes, each at `highAvailability.replicas`, with the
 * container requests of their upstream manifests at the Serving version the operator installs.
 * `autoscaler-hpa` ships in the operator's 3-serving-hpa.yaml and is installed with the rest: every
 * node of ours is tainted, so a deployment left out here would stay Pending, and the operator
 * keeps the KnativeServing not Ready until every deployment of its manifest is available
 * (pkg/reconciler/common/deployments.go `CheckDeployments`@knative-v1.21.1).
 */
export const CONTROL_PLANE_REQUESTS: Readonly<Record<string, Requests>> = {
  activator: { cpu: '300m', memory: '60Mi', source: `${SERVING}/activator.yaml@knative-v1.21.1` },
  autoscaler: { cpu: '100m', memory: '100Mi', source: `${SERVING}/autoscaler.yaml@knative-v1.21.1` },
  'autoscaler-hpa': { cpu: '30m', memory: '40Mi', source: `${OPERATOR_SERVING}/3-serving-hpa.yaml@knative-v1.21.1` },
  controller: { cpu: '100m', memory: '100Mi', source: `${SERVING}/controller.yaml@knative-v1.21.1` },
  webhook: { cpu: '100m', memory: '100Mi', source: `${SERVING}/webhook.yaml@knative-v1.21.1` },
  'net-kourier-controller': { cpu: '200m', memory: '200Mi', source: `${KOURIER}/300-controller.yaml@knative-v1.21.1` },
  '3scale-kourier-gateway': { cpu: '200m', memory: '200Mi', source: `${KOURIER}/300-gateway.yaml@knative-v1.21.1` },
};

/**
 * The Jobs the operator runs after installing or upgrading Serving (storage version migration,
 * cleanup), one pod each, keyed by their `generateName`: that is what a workload override of a
 * Job matches (pkg/reconciler/common/workload_override.go@knative-v1.21.1). Without the system
 * nodes' toleration they would never start.
 */
export const POST_INSTALL_JOB_REQUESTS: Readonly<Record<string, Requests>> = {
  'storage-version-migration-serving-': { cpu: '100m', memory: '100Mi', source: `${OPERATOR_SERVING}/4-serving-post-install-jobs.yaml@knative-v1.21.1` },
  'cleanup-serving-': { cpu: '100m', memory: '100Mi', source: `${OPERATOR_SERVING}/4-serving-post-install-jobs.yaml@knative-v1.21.1` },
};
/**
 * Knative Serving stays at priority 0: the KnativeServing CR's workload overrides have no
 * priorityClassName (imports/operator.knative.dev.ts, knative/operator CRDs@knative-v1.21.1) and
 * the upstream deployments set none. The system nodes hold it with a node drained
 * (rules/system-capacity.ts), and inference pods never land there (CriticalAddonsOnly taint),
 * so no pod of ours can preempt it.
 */
const CONTROL_PLANE = [...Object.keys(CONTROL_PLANE_REQUESTS), ...Object.keys(POST_INSTALL_JOB_REQUESTS)];

const millicores = (cores: number) => `${Math.round(cores * 1000)}m`;

/**
 * config-deployment keys of the queue-proxy's resources (knative/serving
 * pkg/deployment/config.go@knative-v1.21.1). Knative sets only the CPU request by default, so
 * without them the namespace LimitRange decides the rest.
 */
function queueProxyResources(qp: KnativeServingProps['queueProxy']): Record<string, string> {
  return {
    'queue-sidecar-cpu-request': millicores(qp.cpu),
    'queue-sidecar-cpu-limit': millicores(qp.cpuLimit),
    'queue-sidecar-memory-request': `${qp.memoryMiB}Mi`,
    'queue-sidecar-memory-limit': `${qp.memoryMiB}Mi`,
  };
}

/**
 * Knative Serving with Kourier, configured for GPU pods: the podspec feature flags GPU pods
 * need (tolerations, affinity, node selector, priority class, pod security context), scale to
 * zero, and deadlines/timeouts long enough for a GPU node to boot and a model to load.
 */
export class KnativeServing extends Construct {
  constructor(scope: Construct, id: string, props: KnativeServingProps) {
    super(scope, id);
    const enabled = 'enabled';
    new KnativeServingResource(this, 'Resource', {
      metadata: { name: 'knative-serving', namespace: KNATIVE_SERVING_NAMESPACE },
      spec: {
        version: props.version,
        highAvailability: { replicas: props.replicas },
        ingress: { kourier: { enabled: true, serviceType: 'ClusterIP' } },
        config: {
          network: { 'ingress-class': 'kourier.ingress.networking.knative.dev' },
          domain: { [props.domain]: '' },
          features: {
            'kubernetes.podspec-tolerations': enabled,
            'kubernetes.podspec-affinity': enabled,
            'kubernetes.podspec-nodeselector': enabled,
            'kubernetes.podspec-priorityclassname': enabled,
            'kubernetes.podspec-securitycontext': enabled,
          },
          autoscaler: {
            'enable-scale-to-zero': 'true',
            'allow-zero-initial-scale': 'true',
            'scale-to-zero-grace-period': props.scaleToZeroGracePeriod,
            'stable-window': props.stableWindow,
          },
          deployment: {
            'progress-deadline': `${props.progressDeadlineSeconds}s`,
            'registries-skipping-tag-resolving': props.registriesSkippingTagResolving.join(','),
            ...queueProxyResources(props.queueProxy),
          },
          defaults: {
            'max-revision-timeout-seconds': String(props.maxRevisionTimeoutSeconds),
          },
        },
        podDisruptionBudgets: DRAINABLE_PDBS.map((name) => ({ name, maxUnavailable: KnativeServingSpecPodDisruptionBudgetsMaxUnavailable.fromNumber(1) })),
        workloads: CONTROL_PLANE.map((name) => ({
          name,
          nodeSelector: { ...props.placement.nodeSelector },
          tolerations: props.placement.tolerations.map((t) => ({ ...t })),
        })),
      },
    });
  }
}
