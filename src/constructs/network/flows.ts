/**
 * Who may talk to whom, as data. A flow names both ends; every namespace the platform owns on
 * either end gets its half as a NetworkPolicy (egress on the sending side, ingress on the
 * receiving side), because every owned namespace denies both directions by default.
 */

/** Pods of one namespace (all of them unless `pods` narrows it by labels). */
export interface NamespacePeer {
  readonly namespace: string;
  readonly pods?: Readonly<Record<string, string>>;
}

/** An address range outside the pod network: nodes, the EKS control plane, AWS endpoints. */
export interface CidrPeer {
  readonly cidr: string;
}

/** Pods of every namespace, owned or not (clients of a shared gateway). */
export interface AnyNamespacePeer {
  readonly anyNamespace: true;
}

export type Peer = NamespacePeer | CidrPeer | AnyNamespacePeer;

/** A port, by number or by container port name. */
export interface FlowPort {
  readonly port: number | string;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
  /** Last port of a range starting at `port` (a number). @default a single port */
  readonly endPort?: number;
}

/** One allowed flow. */
export interface Flow {
  /** Name of the policy in each owned namespace it touches: `allow-<name>`. */
  readonly name: string;
  readonly from: readonly Peer[];
  readonly to: readonly Peer[];
  /** Destination ports; absent allows every port. */
  readonly ports?: readonly FlowPort[];
  /** Why the platform needs it; rendered as an annotation. */
  readonly why: string;
}

export const ns = (namespace: string, pods?: Readonly<Record<string, string>>): NamespacePeer => (pods ? { namespace, pods } : { namespace });
export const cidr = (range: string): CidrPeer => ({ cidr: range });
export const ANY_NAMESPACE: AnyNamespacePeer = { anyNamespace: true };
export const tcp = (...ports: (number | string)[]): FlowPort[] => ports.map((port) => ({ port }));
export const udp = (...ports: number[]): FlowPort[] => ports.map((port) => ({ port, protocol: 'UDP' as const }));

export function isNamespacePeer(p: Peer): p is NamespacePeer {
  return 'namespace' in p;
}

/** The peers of `peers` in namespace `namespace`. */
export function peersIn(peers: readonly Peer[], namespace: string): NamespacePeer[] {
  return peers.filter(isNamespacePeer).filter((p) => p.namespace === namespace);
}

/** Every namespace a flow names on either end. */
export function namespacesOf(flow: Flow): string[] {
  return [...new Set([...flow.from, ...flow.to].filter(isNamespacePeer).map((p) => p.namespace))];
}
