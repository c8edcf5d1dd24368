import type { EnvironmentConfig } from '../config/types';
import { systemPlacement } from '../charts/helm/dragonfly';
import { CLUSTER_CRITICAL } from '../charts/helm/placement';

/**
 * Lua health check for Applications (removed from Argo CD's defaults in 1.8): with it, an
 * Application that owns Applications reports their health instead of "Healthy when created".
 * Text as documented in Argo CD's operator manual, "Health > Argo CD App".
 */
const APPLICATION_HEALTH = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil then
  if obj.status.health ~= nil then
    hs.status = obj.status.health.status
    if obj.status.health.message ~= nil then
      hs.message = obj.status.health.message
    end
  end
end
return hs
`;

/**
 * Values for the argo-cd Helm chart the user installs (>= 3.3): the settings our delivery relies
 * on, and placement on the system nodes, which are the only nodes before Karpenter runs (so
 * Argo CD must tolerate their CriticalAddonsOnly taint or the bootstrap deadlocks).
 */
export function argoCdValues(env: EnvironmentConfig): Record<string, unknown> {
  const { nodeSelector, tolerations } = systemPlacement(env);
  return {
    // Built-in class: Argo CD starts before it has created the platform's PriorityClasses (a pod
    // naming a missing class is refused), and it restores everything else, so it must not be preempted.
    // argoproj/argo-helm charts/argo-cd/values.yaml@argo-cd-9.5.0 global.priorityClassName.
    global: { nodeSelector, tolerations, priorityClassName: CLUSTER_CRITICAL },
    configs: {
      cm: { 'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH },
    },
  };
}
