import { Construct } from 'constructs';
import * as k8s from '../k8s';

/** Props of {@link KourierLoadBalancer}. */
export interface KourierLoadBalancerProps {
  /** Namespace of the Kourier gateway (the KnativeServing's namespace under the operator). */
  readonly namespace: string;
  /** `internal` (VPC only) or `internet-facing`. */
  readonly scheme: 'internal' | 'internet-facing';
  /**
   * Labels of the nodes the NLB targets: those the Kourier gateway runs on. Without them every
   * node, GPU nodes included, is registered and health-checked, and a GPU node scaling to zero
   * drains NLB connections through it.
   */
  readonly targetNodeLabels: Readonly<Record<string, string>>;
  /** TLS at the load balancer; without it, plain HTTP on port 80 (internal only). @default none */
  readonly tls?: { readonly certificateArn: string; readonly policy: string };
}

/** Label of the Kourier gateway pods (net-kourier config/300-gateway.yaml). */
const GATEWAY_SELECTOR = { app: '3scale-kourier-gateway' };
/** The gateway's external plain-HTTP listener (container port `http2-external`). */
const GATEWAY_HTTP_PORT = 8080;

/**
 * An AWS Network Load Balancer in front of the Kourier gateway, created by the AWS cloud
 * controller manager's service controller that every EKS cluster runs (no AWS Load Balancer
 * Controller in this stack). Annotations as documented for that controller in
 * kubernetes/cloud-provider-aws docs/service_controller.md@v1.35.2, all valid for NLB. That
 * controller cannot set the NLB's idle timeout (`connection-idle-timeout` is for ELB only), so
 * it stays at 350 s; validation keeps what is served through it within that.
 * With TLS, the only listener is 443 (TLS terminated by the NLB, forwarded as plain HTTP to
 * the gateway): plain HTTP is not exposed at all.
 */
export class KourierLoadBalancer extends Construct {
  constructor(scope: Construct, id: string, props: KourierLoadBalancerProps) {
    super(scope, id);
    // Without the internal annotation the controller creates an internet-facing NLB.
    const annotations: Record<string, string> = {
      'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
      'service.beta.kubernetes.io/aws-load-balancer-target-node-labels': Object.entries(props.targetNodeLabels).map(([k, v]) => `${k}=${v}`).join(','),
    };
    if (props.scheme === 'internal') annotations['service.beta.kubernetes.io/aws-load-balancer-internal'] = 'true';
    if (props.tls) {
      annotations['service.beta.kubernetes.io/aws-load-balancer-ssl-cert'] = props.tls.certificateArn;
      annotations['service.beta.kubernetes.io/aws-load-balancer-ssl-ports'] = '443';
      annotations['service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy'] = props.tls.policy;
      annotations['service.beta.kubernetes.io/aws-load-balancer-backend-protocol'] = 'tcp';
    }
    const port = props.tls ? { name: 'https', port: 443 } : { name: 'http', port: 80 };
    new k8s.KubeService(this, 'Resource', {
      metadata: { name: 'kourier-load-balancer', namespace: props.namespace, annotations },
      spec: {
        type: 'LoadBalancer',
        selector: GATEWAY_SELECTOR,
        ports: [{ ...port, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(GATEWAY_HTTP_PORT) }],
      },
    });
  }
}
