import type { EnvironmentConfig } from '../../config/types';
import { helmCharts } from '../../config/versions';
import { systemPlacement } from './placement';
import { restrictedPodSecurity } from '../../constructs/pod-security';
import type { HelmRelease } from './release';

/**
 * Knative Operator on the system nodes (the chart has tolerations and affinity, no nodeSelector).
 * Its namespace enforces `restricted`, but the template gives the containers no seccompProfile
 * and renders a pod securityContext only from `securityContext`, a key its values.yaml lacks
 * (knative/operator config/charts/knative-operator/templates/operator.yaml@knative-v1.21.1).
 */
export function knativeOperator(env: EnvironmentConfig): HelmRelease {
  const { nodeSelector, tolerations } = systemPlacement(env);
  const affinity = {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: Object.entries(nodeSelector).map(([key, value]) => ({ key, operator: 'In', values: [value] })) }],
      },
    },
  };
  return {
    app: 'knative-operator',
    chart: helmCharts.knativeOperator,
    namespace: 'knative-operator',
    releaseName: 'knative-operator',
    values: {
      knative_operator: {
        knative_operator: { tolerations, affinity, securityContext: restrictedPodSecurity() },
        // Keeps the chart's spread over hosts, adds the system-node requirement.
        operator_webhook: {
          tolerations,
          securityContext: restrictedPodSecurity(),
          affinity: {
            ...affinity,
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'operator-webhook' } }, topologyKey: 'kubernetes.io/hostname' } },
              ],
            },
          },
        },
      },
    },
  };
}
