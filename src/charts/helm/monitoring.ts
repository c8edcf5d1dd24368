import type { EnvironmentConfig } from '../../config/types';
import { helmCharts } from '../../config/versions';
import { GP3_STORAGE_CLASS } from '../cluster-defaults';
import { ALERTMANAGER_CONFIG_SECRET, GRAFANA_ADMIN_SECRET } from '../external-secrets-config';
import { GRAFANA_DASHBOARD_LABEL, MONITORING_NAMESPACE } from '../observability';
import { restrictedContainerSecurity, restrictedPodSecurity } from '../../constructs/pod-security';
import { containerResources, controllerPlacement, gp3VolumeClaim, pdbIfReplicated, PLATFORM_PRIORITY_CLASS } from './placement';
import { PROMETHEUS_RELEASE, PROMETHEUS_SELECTOR_LABELS, type HelmRelease } from './release';

/** In-cluster Prometheus API: kube-prometheus-stack's `<release>-prometheus` Service (prometheus.service.port 9090). */
export const PROMETHEUS_SERVICE = { name: `${PROMETHEUS_RELEASE}-prometheus`, namespace: MONITORING_NAMESPACE, port: 9090 } as const;

/** Share of the Prometheus volume samples may use (`retentionSize`): the rest is WAL and compaction headroom. */
const RETENTION_SIZE_RATIO = 0.85;

/**
 * kube-prometheus-stack: Prometheus, Alertmanager, Grafana, the operator and kube-state-metrics on
 * the system nodes; node-exporter on every node. Prometheus selects monitors, pod monitors and
 * rules by PROMETHEUS_SELECTOR_LABELS, which is what the NilUsesHelmValues switches mean.
 */
export function kubePrometheusStack(env: EnvironmentConfig): HelmRelease {
  const p = env.addons.prometheus;
  const am = env.addons.alertmanager;
  const placement = controllerPlacement(env);
  const [[dashboardLabel, dashboardLabelValue]] = Object.entries(GRAFANA_DASHBOARD_LABEL);
  return {
    app: 'kube-prometheus-stack',
    chart: helmCharts.kubePrometheusStack,
    namespace: MONITORING_NAMESPACE,
    releaseName: PROMETHEUS_RELEASE,
    values: {
      prometheusOperator: { ...placement, resources: containerResources(p.operatorResources), admissionWebhooks: { patch: placement } },
      prometheus: {
        podDisruptionBudget: pdbIfReplicated(p.replicas),
        prometheusSpec: {
          replicas: p.replicas,
          retention: p.retention,
          retentionSize: `${Math.floor(p.storageGiB * RETENTION_SIZE_RATIO)}GB`,
          storageSpec: gp3VolumeClaim(p.storageGiB),
          resources: containerResources(p.resources),
          serviceMonitorSelectorNilUsesHelmValues: true,
          podMonitorSelectorNilUsesHelmValues: true,
          ruleSelectorNilUsesHelmValues: true,
          ...placement,
        },
      },
      alertmanager: {
        podDisruptionBudget: pdbIfReplicated(am.replicas),
        alertmanagerSpec: {
          replicas: am.replicas,
          storage: gp3VolumeClaim(am.storageGiB),
          resources: containerResources(am.resources),
          ...placement,
          // With a receiver, the configuration (and its webhook URL or routing key) comes from the
          // Secret External Secrets renders, not from values in Git.
          ...(env.platform.alerts.receiver ? { useExistingSecret: true, configSecret: ALERTMANAGER_CONFIG_SECRET } : {}),
        },
      },
      grafana: {
        // The Secret is synced from AWS Secrets Manager by an ExternalSecret (external-secrets-config).
        admin: { existingSecret: GRAFANA_ADMIN_SECRET.name, userKey: GRAFANA_ADMIN_SECRET.userKey, passwordKey: GRAFANA_ADMIN_SECRET.passwordKey },
        sidecar: { dashboards: { enabled: true, label: dashboardLabel, labelValue: dashboardLabelValue, searchNamespace: MONITORING_NAMESPACE } },
        ...placement,
      },
      'kube-state-metrics': placement,
      // EKS runs the control plane out of reach (no scheduler/controller-manager/etcd targets)
      // and kube-proxy serves metrics on 127.0.0.1 only: their default rules would fire forever.
      kubeControllerManager: { enabled: false },
      kubeScheduler: { enabled: false },
      kubeEtcd: { enabled: false },
      kubeProxy: { enabled: false },
      // Every node, GPU and system alike: a key-less Exists toleration matches every taint.
      // In its own privileged namespace, so monitoring itself need not be privileged.
      'prometheus-node-exporter': { namespaceOverride: 'node-exporter', tolerations: [{ operator: 'Exists' }], priorityClassName: PLATFORM_PRIORITY_CLASS },
    },
  };
}

/** Where the Pushgateway's volume is mounted (the chart's `persistentVolume.mountPath` default). */
const PUSHGATEWAY_DATA = '/data';

/**
 * Prometheus Pushgateway for batch jobs. Always one replica: pushes are not shared between
 * replicas, so a second one would serve a different set of metrics.
 *
 * A volume alone keeps nothing: the chart only mounts it, and the Pushgateway writes its metrics
 * to disk only when `--persistence.file` names a file (default "": "metrics are only kept in
 * memory", prometheus/pushgateway main.go@v1.9.0, the chart's appVersion; the chart's args come
 * from `extraArgs`, prometheus-community/helm-charts charts/prometheus-pushgateway
 * templates/_helpers.tpl@prometheus-pushgateway-2.14.0). Without it a restart would drop every
 * queue-depth series and KEDA would read an empty queue.
 *
 * The scrape interval is set, not left to the defaults: the chart renders the ServiceMonitor
 * endpoint's `interval` only from `serviceMonitor.interval`, which its values leave commented out
 * ("Fallback to the prometheus default unless specified", charts/prometheus-pushgateway
 * values.yaml and templates/servicemonitor.yaml@prometheus-pushgateway-2.14.0); an endpoint
 * without one gets Prometheus' global interval (crd-servicemonitors.yaml@kube-prometheus-stack-82.10.4),
 * which kube-prometheus-stack leaves to the operator (`prometheus.prometheusSpec.scrapeInterval: ""`,
 * rendered only when set: values.yaml and templates/prometheus/prometheus.yaml@kube-prometheus-stack-82.10.4),
 * whose Prometheus CRD defaults `scrapeInterval` to 30s (charts/crds/crds/crd-prometheuses.yaml@kube-prometheus-stack-82.10.4).
 * `scrapeTimeout` stays unset: an endpoint without one gets the global timeout capped at its own
 * interval (same ServiceMonitor CRD), so a short interval needs no timeout of its own.
 */
export function pushgateway(env: EnvironmentConfig): HelmRelease {
  const { storageGiB, scrapeInterval, resources } = env.addons.pushgateway;
  const persistent = storageGiB > 0;
  return {
    app: 'prometheus-pushgateway',
    chart: helmCharts.pushgateway,
    namespace: MONITORING_NAMESPACE,
    releaseName: 'prometheus-pushgateway',
    values: {
      persistentVolume: persistent ? { enabled: true, size: `${storageGiB}Gi`, storageClass: GP3_STORAGE_CLASS, mountPath: PUSHGATEWAY_DATA } : { enabled: false },
      ...(persistent ? { extraArgs: [`--persistence.file=${PUSHGATEWAY_DATA}/pushgateway.data`] } : {}),
      serviceMonitor: { enabled: true, namespace: MONITORING_NAMESPACE, interval: scrapeInterval, additionalLabels: { ...PROMETHEUS_SELECTOR_LABELS } },
      resources: containerResources(resources),
      ...controllerPlacement(env),
    },
  };
}

/**
 * OpenCost: cost allocation per namespace and workload, from kube-prometheus-stack's Prometheus.
 * The chart's pod and container security contexts default to empty while the namespace enforces
 * `restricted`; both images run as user 1001 (opencost/opencost and opencost/opencost-ui Dockerfile).
 */
export function opencost(env: EnvironmentConfig): HelmRelease {
  const { priorityClassName, ...system } = controllerPlacement(env);
  const securityContext = restrictedContainerSecurity();
  return {
    app: 'opencost',
    chart: helmCharts.opencost,
    namespace: 'opencost',
    releaseName: 'opencost',
    values: {
      priorityClassName,
      podSecurityContext: restrictedPodSecurity(),
      pdb: { enabled: true, maxUnavailable: 1 },
      opencost: {
        exporter: { defaultClusterId: env.cluster.name, securityContext },
        ui: { securityContext },
        // templates/_helpers.tpl: http://<serviceName>.<namespaceName>.svc.cluster.local:<port>
        prometheus: {
          internal: { enabled: true, serviceName: PROMETHEUS_SERVICE.name, namespaceName: PROMETHEUS_SERVICE.namespace, port: PROMETHEUS_SERVICE.port },
        },
        ...system,
      },
    },
  };
}
