import type { EnvironmentConfig } from '../config/types';
import { CLUSTER_CRITICAL, systemPlacement } from '../charts/helm/placement';

/**
 * Values for the argo-cd Helm chart the user installs (>= 3.3): placement on the system nodes,
 * which are the only nodes before Karpenter runs (so Argo CD must tolerate their
 * CriticalAddonsOnly taint or the bootstrap deadlocks). No `argoproj.io/Application` health
 * check: it only changes the health of an Application that has Applications among its own
 * resources, and here the root app owns ApplicationSets, whose generated Applications are
 * created by the ApplicationSet controller, not synced by the root app.
 */
export function argoCdValues(env: EnvironmentConfig): Record<string, unknown> {
  const { nodeSelector, tolerations } = systemPlacement(env);
  return {
    // Built-in class: Argo CD starts before it has created the platform's PriorityClasses (a pod
    // naming a missing class is refused), and it restores everything else, so it must not be preempted.
    // argoproj/argo-helm charts/argo-cd/values.yaml@argo-cd-9.5.0 global.priorityClassName.
    global: { nodeSelector, tolerations, priorityClassName: CLUSTER_CRITICAL },
  };
}
