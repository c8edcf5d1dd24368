import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { WORKLOAD_LABEL } from '../constructs/inference/gpu-pod';
import { AlertRules } from '../constructs/monitoring/alert-rules';
import { gpuAutoscalingAlerts, gpuAutoscalingPanels } from '../constructs/monitoring/gpu-autoscaling';
import { GrafanaDashboard } from '../constructs/monitoring/grafana-dashboard';
import { nodeRepairAlerts } from '../constructs/monitoring/node-repair';
import { ScrapeTarget, type ScrapeProps } from '../constructs/monitoring/scrape-targets';
import { PROMETHEUS_SELECTOR_LABELS } from './helm/release';
import { PlatformChart } from './platform-chart';

/** Namespace of kube-prometheus-stack: monitors, rules and dashboards live beside Prometheus. */
export const MONITORING_NAMESPACE = 'monitoring';

/** kube-prometheus-stack 82.10.4 grafana.sidecar.dashboards: label `grafana_dashboard`, labelValue "1". */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;

type Target = Omit<ScrapeProps, 'namespace' | 'prometheusLabels'>;

/**
 * What Prometheus scrapes besides kube-prometheus-stack's own targets. Selectors and port
 * names are those of the pinned charts' metrics Services. DCGM exporter is not here: its
 * chart creates its ServiceMonitor (helm/gpu-stack.ts).
 */
function scrapeTargets(env: EnvironmentConfig): Target[] {
  return [
    // karpenter-1.9.0 templates/service.yaml: Service karpenter, port http-metrics (8080).
    { kind: 'service', name: 'karpenter', targetNamespace: 'karpenter', selector: { matchLabels: { 'app.kubernetes.io/name': 'karpenter' } }, ports: ['http-metrics'] },
    // keda-2.19.0 templates/manager/service.yaml: Service keda-operator gets port `metrics` (8080)
    // when prometheus.operator.enabled is true. honorLabels keeps the ScaledObject's namespace.
    {
      kind: 'service',
      name: 'keda-operator',
      targetNamespace: 'keda',
      selector: { matchLabels: { 'app.kubernetes.io/name': 'keda-operator' } },
      ports: ['metrics'],
      honorLabels: true,
    },
    // dragonfly charts: <component>-metrics Services labelled app=dragonfly, component=<name>-metrics, port http-metrics
    // (manager and scheduler 8000, seed client and client 4002; the client's endpoints are node IPs).
    {
      kind: 'service',
      name: 'dragonfly',
      targetNamespace: 'dragonfly',
      selector: {
        matchLabels: { app: 'dragonfly' },
        matchExpressions: [{ key: 'component', operator: 'In', values: ['manager-metrics', 'scheduler-metrics', 'seed-client-metrics', 'client-metrics'] }],
      },
      ports: ['http-metrics'],
    },
    // opencost-2.5.14 templates/service.yaml: port http (9003) serves /metrics.
    { kind: 'service', name: 'opencost', targetNamespace: 'opencost', selector: { matchLabels: { 'app.kubernetes.io/name': 'opencost' } }, ports: ['http'] },
    // Inference pods: the label their PDBs select. Ports by name: `metrics` if a workload has a
    // dedicated one, `http` (Deployments) and `user-port` (Knative renames the user port).
    {
      kind: 'pod',
      name: 'inference-workloads',
      targetNamespace: env.workloads.namespace,
      selector: { matchExpressions: [{ key: WORKLOAD_LABEL, operator: 'Exists' }] },
      ports: ['metrics', 'http', 'user-port'],
    },
  ];
}

/** ServiceMonitors/PodMonitors, the GPU autoscaling PrometheusRules and Grafana dashboard. */
export class ObservabilityChart extends PlatformChart {
  readonly layer = 'platform-config' as const;

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, 'observability');
    for (const target of scrapeTargets(env)) {
      new ScrapeTarget(this, target.name, { ...target, namespace: MONITORING_NAMESPACE, prometheusLabels: PROMETHEUS_SELECTOR_LABELS });
    }
    const thresholds = {
      workloadNamespace: env.workloads.namespace,
      queueTriggerNames: Object.values(env.workloads.services).flatMap((w) => (w.kind === 'async' ? w.triggers.map((t) => t.name) : [])),
      gpuTaintKey: env.nodes.gpuTaint.key,
      ...env.platform.alerts,
    };
    new AlertRules(this, 'alerts', {
      name: 'gpu-autoscaling',
      namespace: MONITORING_NAMESPACE,
      prometheusLabels: PROMETHEUS_SELECTOR_LABELS,
      groups: {
        ...gpuAutoscalingAlerts(thresholds),
        // Without the NodeRepair gate nothing increments the repair counter: no rules to keep.
        ...(env.nodes.repair.enabled ? nodeRepairAlerts(env.nodes.repair) : {}),
      },
    });
    new GrafanaDashboard(this, 'dashboard', {
      name: 'gpu-autoscaling-dashboard',
      namespace: MONITORING_NAMESPACE,
      uid: 'gpu-autoscaling',
      title: `GPU autoscaling (${env.name})`,
      refresh: env.platform.dashboard.refresh,
      panels: gpuAutoscalingPanels(thresholds),
      sidecarLabel: GRAFANA_DASHBOARD_LABEL,
    });
  }
}
