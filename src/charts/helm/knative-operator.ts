import type { EnvironmentConfig } from '../../config/types';
import { helmCharts } from '../../config/versions';
import { systemPlacement } from './dragonfly';
import type { HelmRelease } from './release';

/** Knative Operator on the system nodes (the chart has tolerations and affinity, no nodeSelector). */
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
        knative_operator: { tolerations, affinity },
        // Keeps the chart's spread over hosts, adds the system-node requirement.
        operator_webhook: {
          tolerations,
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
