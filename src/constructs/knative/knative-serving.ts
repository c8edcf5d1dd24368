import { Construct } from 'constructs';
import { KnativeServing as KnativeServingResource } from '../../../imports/operator.knative.dev';

/** Props of {@link KnativeServing}. */
export interface KnativeServingProps {
  /** Serving minor version the operator installs, e.g. `1.21`. */
  readonly version: string;
  readonly replicas: number;
  readonly scaleToZeroGracePeriod: string;
  readonly stableWindow: string;
  readonly progressDeadlineSeconds: number;
  readonly maxRevisionTimeoutSeconds: number;
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

/** Knative deployments placed on the system nodes. */
const CONTROL_PLANE = ['activator', 'autoscaler', 'controller', 'webhook', 'net-kourier-controller', '3scale-kourier-gateway'];

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
          },
          defaults: {
            'max-revision-timeout-seconds': String(props.maxRevisionTimeoutSeconds),
          },
        },
        workloads: CONTROL_PLANE.map((name) => ({
          name,
          nodeSelector: { ...props.placement.nodeSelector },
          tolerations: props.placement.tolerations.map((t) => ({ ...t })),
        })),
      },
    });
  }
}
