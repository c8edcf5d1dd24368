import type { EnvironmentConfig } from '../../config/types';
import { helmCharts } from '../../config/versions';
import { controllerPlacement } from './placement';
import type { HelmRelease } from './release';

/**
 * KEDA: operator, metrics API server and admission webhooks on the system nodes. The operator's
 * metrics port is opened for the ServiceMonitor our observability chart renders; the chart's own
 * ServiceMonitors and PodMonitors stay off so nothing is scraped twice.
 */
export function keda(env: EnvironmentConfig): HelmRelease {
  const k = env.addons.keda;
  // keda templates/*/poddisruptionbudget.yaml render spec.maxUnavailable from these maps.
  const budget = { maxUnavailable: 1 };
  return {
    app: 'keda',
    chart: helmCharts.keda,
    namespace: 'keda',
    releaseName: 'keda',
    values: {
      operator: { replicaCount: k.operatorReplicas },
      metricsServer: { replicaCount: k.metricsServerReplicas },
      webhooks: { replicaCount: k.webhookReplicas },
      podDisruptionBudget: { operator: budget, metricServer: budget, webhooks: budget },
      // Top-level nodeSelector, tolerations and priorityClassName apply to all three deployments.
      ...controllerPlacement(env),
      prometheus: {
        operator: { enabled: true, serviceMonitor: { enabled: false }, podMonitor: { enabled: false } },
      },
    },
  };
}
