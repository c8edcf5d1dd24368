import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { platformVersions } from '../config/versions';
import { KNATIVE_SERVING_NAMESPACE, KnativeServing } from '../constructs/knative/knative-serving';
import { KourierLoadBalancer } from '../constructs/knative/kourier-load-balancer';
import { systemPlacement } from './helm/placement';
import { mirroredRegistries } from './karpenter-nodes';
import { PlatformChart } from './platform-chart';

/** The KnativeServing CR (platform-config: needs the Knative Operator's CRD). */
export class KnativeServingChart extends PlatformChart {
  readonly layer = 'platform-config' as const;

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, 'knative-serving');
    const k = env.knative;
    const placement = systemPlacement(env);
    new KnativeServing(this, 'serving', {
      version: platformVersions.knativeServing.split('.').slice(0, 2).join('.'),
      replicas: k.replicas,
      scaleToZeroGracePeriod: k.scaleToZeroGracePeriod,
      stableWindow: k.stableWindow,
      progressDeadlineSeconds: k.progressDeadlineSeconds,
      maxRevisionTimeoutSeconds: k.maxRevisionTimeoutSeconds,
      queueProxy: k.queueProxy,
      registriesSkippingTagResolving: mirroredRegistries(env),
      domain: env.ingress.domain,
      placement,
    });
    const ing = env.ingress;
    if (ing.exposure !== 'none') {
      new KourierLoadBalancer(this, 'load-balancer', {
        namespace: KNATIVE_SERVING_NAMESPACE,
        scheme: ing.exposure === 'public' ? 'internet-facing' : 'internal',
        // The system nodes, where the gateway runs (placement above).
        targetNodeLabels: placement.nodeSelector,
        tls: ing.certificateArn ? { certificateArn: ing.certificateArn, policy: ing.tlsPolicy } : undefined,
      });
    }
  }
}
