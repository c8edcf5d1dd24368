/**
 * Shared shapes of `npm run verify`: objects as the API server returns them, the narrow reader
 * the checks use (so tests feed them in-memory objects), and one check's result.
 */

/** A Kubernetes object as JSON; only the fields the checks read are typed. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly creationTimestamp?: string;
  };
  readonly spec?: any;
  readonly status?: any;
}

/** What the checks need from a cluster: list objects, and GET through a Service proxy. */
export interface ClusterReader {
  /** Objects of one kind, optionally in one namespace and matching a label selector. */
  list(apiVersion: string, kind: string, namespace?: string, labelSelector?: string): Promise<K8sObject[]>;
  /** GET `path` on `service:port` in `namespace` through the API server's service proxy. */
  proxyGet(namespace: string, service: string, port: number, path: string): Promise<string>;
}

/** One check's outcome: stable id, what it looked at, one line, and what to run next on failure. */
export interface CheckResult {
  readonly id: string;
  readonly subject: string;
  readonly ok: boolean;
  readonly message: string;
  /** The command a person would run next to dig in (failures only). */
  readonly next?: string;
}

export const pass = (id: string, subject: string, message: string): CheckResult => ({ id, subject, ok: true, message });
export const fail = (id: string, subject: string, message: string, next: string): CheckResult => ({ id, subject, ok: false, message, next });

/** A status condition of the usual metav1.Condition shape. */
export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

/** The condition of `type` on an object's status, if any. */
export function condition(o: K8sObject, type: string): Condition | undefined {
  const list: Condition[] = o.status?.conditions ?? [];
  return list.find((c) => c.type === type);
}

/** "Ready=True", "Ready=False (reason: message)" or "no Ready condition". */
export function describeCondition(o: K8sObject, type: string): string {
  const c = condition(o, type);
  if (!c) return `no ${type} condition`;
  const why = [c.reason, c.message].filter(Boolean).join(': ');
  return `${type}=${c.status}${why ? ` (${why})` : ''}`;
}

export const isTrue = (o: K8sObject, type: string): boolean => condition(o, type)?.status === 'True';

/** `ns/name` or `name`. */
export const ref = (o: K8sObject): string => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name);
