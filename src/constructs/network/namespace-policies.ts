import { Construct } from 'constructs';
import * as k8s from '../k8s';
import { peersIn, type Flow, type FlowPort, type Peer } from './flows';

/** Props of {@link NamespaceNetworkPolicies}. */
export interface NamespaceNetworkPoliciesProps {
  /** The namespace the policies live in (one the platform owns). */
  readonly namespace: string;
  /** Every flow of the platform; only those naming `namespace` on either end render here. */
  readonly flows: readonly Flow[];
}

/** Annotation carrying a policy's reason, so reviewers see why a flow is open. */
export const NETWORK_POLICY_REASON_ANNOTATION = 'platform.gpu-inference.io/why';

/** Name of the default-deny policy in every owned namespace. */
export const DEFAULT_DENY_POLICY = 'default-deny';

const NAME_LABEL = 'kubernetes.io/metadata.name';

function toPeer(peer: Peer): k8s.NetworkPolicyPeer {
  if ('cidr' in peer) return { ipBlock: { cidr: peer.cidr } };
  if ('anyNamespace' in peer) return { namespaceSelector: {} };
  return {
    namespaceSelector: { matchLabels: { [NAME_LABEL]: peer.namespace } },
    ...(peer.pods ? { podSelector: { matchLabels: { ...peer.pods } } } : {}),
  };
}

function toPorts(ports: readonly FlowPort[] | undefined): k8s.NetworkPolicyPort[] | undefined {
  return ports?.map((p) => ({
    port: typeof p.port === 'number' ? k8s.IntOrString.fromNumber(p.port) : k8s.IntOrString.fromString(p.port),
    protocol: p.protocol ?? 'TCP',
    ...(p.endPort !== undefined ? { endPort: p.endPort } : {}),
  }));
}

/** The labels selecting this namespace's end of a flow ({} = every pod). */
function ownSelector(ends: readonly Peer[], namespace: string): Record<string, string> {
  const selectors = peersIn(ends, namespace).map((p) => JSON.stringify(p.pods ?? {}));
  if (new Set(selectors).size > 1) throw new Error(`namespace ${namespace}: one flow selects its pods in two ways`);
  return JSON.parse(selectors[0]);
}

interface Policy {
  podSelector: Record<string, string>;
  ingress: k8s.NetworkPolicyIngressRule[];
  egress: k8s.NetworkPolicyEgressRule[];
  why: string[];
}

/**
 * Default-deny (ingress and egress) for one namespace plus one `allow-<flow>` policy per flow
 * naming the namespace. Only enforced on EKS when the VPC CNI network-policy agent runs
 * (`enableNetworkPolicy` on the vpc-cni add-on, set by Terraform). Pods on the host network
 * take the node's IP and are not subject to pod policies; the agent also always allows traffic
 * between a pod and its own node (kubelet probes).
 */
export class NamespaceNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceNetworkPoliciesProps) {
    super(scope, id);
    const { namespace } = props;
    new k8s.KubeNetworkPolicy(this, DEFAULT_DENY_POLICY, {
      metadata: {
        name: DEFAULT_DENY_POLICY,
        namespace,
        annotations: { [NETWORK_POLICY_REASON_ANNOTATION]: 'deny everything not allowed by an allow-* policy in this namespace' },
      },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });

    const policies = new Map<string, Policy>();
    const policyFor = (flow: Flow, selector: Record<string, string>, name = flow.name): Policy => {
      const existing = policies.get(name);
      if (existing && JSON.stringify(existing.podSelector) !== JSON.stringify(selector)) {
        throw new Error(`namespace ${namespace}: flows named "${name}" select different pods; give them different names`);
      }
      const policy = existing ?? { podSelector: selector, ingress: [], egress: [], why: [] };
      if (!policy.why.includes(flow.why)) policy.why.push(flow.why);
      policies.set(name, policy);
      return policy;
    };
    for (const flow of props.flows) {
      const ports = toPorts(flow.ports);
      const sending = peersIn(flow.from, namespace).length > 0 ? ownSelector(flow.from, namespace) : undefined;
      const receiving = peersIn(flow.to, namespace).length > 0 ? ownSelector(flow.to, namespace) : undefined;
      // Both ends in this namespace on different pods (router -> engines): one policy per end.
      const split = sending && receiving && JSON.stringify(sending) !== JSON.stringify(receiving);
      if (sending) policyFor(flow, sending, split ? `${flow.name}-egress` : flow.name).egress.push({ to: flow.to.map(toPeer), ...(ports ? { ports } : {}) });
      if (receiving) policyFor(flow, receiving, split ? `${flow.name}-ingress` : flow.name).ingress.push({ from: flow.from.map(toPeer), ...(ports ? { ports } : {}) });
    }
    for (const [name, policy] of policies) {
      const types = [...(policy.ingress.length ? ['Ingress'] : []), ...(policy.egress.length ? ['Egress'] : [])];
      new k8s.KubeNetworkPolicy(this, `allow-${name}`, {
        metadata: { name: `allow-${name}`, namespace, annotations: { [NETWORK_POLICY_REASON_ANNOTATION]: policy.why.join('; ') } },
        spec: {
          podSelector: Object.keys(policy.podSelector).length ? { matchLabels: policy.podSelector } : {},
          policyTypes: types,
          ...(policy.ingress.length ? { ingress: policy.ingress } : {}),
          ...(policy.egress.length ? { egress: policy.egress } : {}),
        },
      });
    }
  }
}

