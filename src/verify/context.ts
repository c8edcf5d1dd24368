/**
 * The context guard: verify reads (and the scale test writes to) whatever cluster the kubeconfig
 * points at, so it refuses a context whose cluster does not look like the environment's. EKS
 * names clusters in kubeconfigs by ARN (`arn:aws:eks:<region>:<account>:cluster/<name>`, as
 * `aws eks update-kubeconfig` writes them), so the name is matched as the ARN's last segment too.
 */

/** The current (or named) context's names and API server, as read from the kubeconfig. */
export interface ContextInfo {
  readonly context: string;
  readonly cluster: string;
  readonly server: string;
}

/** Whether `name` (or a trailing `/name`) names the environment's cluster. */
const names = (value: string, cluster: string): boolean => value === cluster || value.endsWith(`/${cluster}`) || value.endsWith(`:${cluster}`);

/** Undefined when the context matches `clusterName`; otherwise why it does not. */
export function contextMismatch(c: ContextInfo, clusterName: string): string | undefined {
  if (names(c.cluster, clusterName) || names(c.context, clusterName)) return undefined;
  // A server URL that carries the name (kind, k3d, a proxy); EKS endpoints do not.
  if (c.server.includes(clusterName)) return undefined;
  return `context ${c.context} (cluster ${c.cluster}, server ${c.server}) does not look like cluster ${clusterName}; pass --context, or --force-context if it is`;
}
