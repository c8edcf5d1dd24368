import { helmCharts } from '../../../src/config/versions';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinKey, type KeyShape } from '../../../src/tools/chart-keys';
import { buildHelmReleases } from '../../../src/charts/helm';
import { environments } from '../../../src/config/environments';
import { withDra } from '../../fixtures/dra';
import { bottlerocketFixture } from '../../fixtures/gpu-nodes';
import { ROOT } from '../../support/rendered';

/** nodeSelector and tolerations below each prefix ('' = top level): a pod's placement. */
function placementKeys(...prefixes: string[]): Record<string, string> {
  return Object.fromEntries(
    prefixes.flatMap((p) => [
      [joinKey(p, 'nodeSelector'), 'pod nodeSelector (map of labels; Helm merges it with the chart default)'],
      [joinKey(p, 'tolerations'), 'pod tolerations (core/v1 Toleration list; replaces the chart default)'],
    ]),
  );
}

const RESOURCES = 'container resources (core/v1 ResourceRequirements)';
const STORAGE_SPEC = 'Prometheus Operator StorageSpec (volumeClaimTemplate of a gp3 PVC per replica)';

/**
 * Free-form maps and lists we set below a chart key whose default is empty: the chart passes
 * them through to a Kubernetes field (so their inner keys are Kubernetes', not the chart's).
 * Every entry says which field it feeds; anything else must exist in the pinned chart values.
 */
/** The nvidia-device-plugin chart's one `resources` (default `{}`), rendered into each node container (templates/daemonset-device-plugin.yml, daemonset-gfd.yml@v0.19.1). */
const NVIDIA_RESOURCES = `device plugin and GFD container ${RESOURCES}`;

const FREE_FORM: Record<string, Record<string, string>> = {
  'nvidia-device-plugin': {
    resources: NVIDIA_RESOURCES,
    tolerations: 'pod tolerations (core/v1 Toleration list)',
    affinity: 'pod affinity (core/v1 Affinity), default has NFD terms we replace',
    'nfd.worker.tolerations': 'NFD worker DaemonSet tolerations (core/v1 Toleration list)',
    'nfd.master.nodeSelector': 'NFD master pod nodeSelector (map of labels)',
    'nfd.master.tolerations': 'NFD master pod tolerations (core/v1 Toleration list)',
    'nfd.gc.nodeSelector': 'NFD gc pod nodeSelector (map of labels)',
    'nfd.gc.tolerations': 'NFD gc pod tolerations (core/v1 Toleration list)',
  },
  'nvidia-gfd-bottlerocket': { resources: NVIDIA_RESOURCES },
  'dcgm-exporter': {
    tolerations: 'pod tolerations (core/v1 Toleration list)',
    nodeSelector: 'pod nodeSelector (map of labels)',
    'serviceMonitor.additionalLabels': 'ServiceMonitor metadata.labels (map)',
  },
  'knative-operator': {
    'knative_operator.knative_operator.tolerations': 'operator pod tolerations (core/v1 Toleration list)',
    'knative_operator.knative_operator.affinity': 'operator pod affinity (core/v1 Affinity)',
    'knative_operator.operator_webhook.tolerations': 'webhook pod tolerations (core/v1 Toleration list)',
    'knative_operator.operator_webhook.affinity': 'webhook pod affinity (core/v1 Affinity); we keep the default anti-affinity',
    'knative_operator.knative_operator.securityContext': 'operator pod securityContext (core/v1 PodSecurityContext)',
    'knative_operator.operator_webhook.securityContext': 'webhook pod securityContext (core/v1 PodSecurityContext)',
  },
  dragonfly: {
    'manager.nodeSelector': 'pod nodeSelector (map of labels)',
    'manager.tolerations': 'pod tolerations (core/v1 Toleration list)',
    'scheduler.nodeSelector': 'pod nodeSelector (map of labels)',
    'scheduler.tolerations': 'pod tolerations (core/v1 Toleration list)',
    'seedClient.nodeSelector': 'pod nodeSelector (map of labels)',
    'seedClient.tolerations': 'pod tolerations (core/v1 Toleration list)',
    'client.tolerations': 'pod tolerations (core/v1 Toleration list)',
    'manager.extraEnvVars': 'manager container env (core/v1 EnvVar list)',
    'manager.extraVolumes': 'manager pod volumes (core/v1 Volume list); default has a logs emptyDir we keep',
    'manager.extraVolumeMounts': 'manager container volumeMounts (core/v1 VolumeMount list)',
    'scheduler.extraEnvVars': 'scheduler container env (core/v1 EnvVar list)',
    'scheduler.extraVolumes': 'scheduler pod volumes (core/v1 Volume list); default has a logs emptyDir we keep',
    'scheduler.extraVolumeMounts': 'scheduler container volumeMounts (core/v1 VolumeMount list)',
    'mysql.primary.nodeSelector': 'bitnami mysql primary pod nodeSelector (map of labels)',
    'mysql.primary.tolerations': 'bitnami mysql primary pod tolerations (core/v1 Toleration list)',
    'redis.master.nodeSelector': 'bitnami redis master pod nodeSelector (map of labels)',
    'redis.master.tolerations': 'bitnami redis master pod tolerations (core/v1 Toleration list)',
  },
  karpenter: {
    ...placementKeys(''),
    'controller.env': 'controller container env (core/v1 EnvVar list)',
    'controller.resources': RESOURCES,
  },
  keda: {
    ...placementKeys(''),
    'podDisruptionBudget.operator': 'operator PodDisruptionBudget spec (minAvailable/maxUnavailable)',
    'podDisruptionBudget.metricServer': 'metrics server PodDisruptionBudget spec (minAvailable/maxUnavailable)',
    'podDisruptionBudget.webhooks': 'webhooks PodDisruptionBudget spec (minAvailable/maxUnavailable)',
  },
  'kube-prometheus-stack': {
    ...placementKeys(
      'prometheusOperator',
      'prometheusOperator.admissionWebhooks.patch',
      'prometheus.prometheusSpec',
      'alertmanager.alertmanagerSpec',
      'grafana',
      'kube-state-metrics',
    ),
    'prometheus.prometheusSpec.storageSpec': `Prometheus CR spec.storage: ${STORAGE_SPEC}`,
    'prometheus.prometheusSpec.resources': `Prometheus CR spec.resources: ${RESOURCES}`,
    'prometheusOperator.resources': `operator container ${RESOURCES}`,
    'alertmanager.alertmanagerSpec.resources': `Alertmanager CR spec.resources: ${RESOURCES}`,
    'alertmanager.alertmanagerSpec.storage': `Alertmanager CR spec.storage: ${STORAGE_SPEC}`,
    'prometheus-node-exporter.tolerations': 'node-exporter DaemonSet tolerations (core/v1 Toleration list)',
  },
  'prometheus-pushgateway': {
    ...placementKeys(''),
    resources: RESOURCES,
    'serviceMonitor.additionalLabels': 'ServiceMonitor metadata.labels (map)',
    extraArgs: 'container args (list of flags, empty by default), appended by templates/_helpers.tpl@prometheus-pushgateway-2.14.0',
  },
  kyverno: placementKeys('global', 'admissionController', 'backgroundController', 'cleanupController', 'reportsController'),
  opencost: {
    ...placementKeys('opencost'),
    podSecurityContext: 'pod securityContext (core/v1 PodSecurityContext)',
    'opencost.exporter.securityContext': 'exporter container securityContext (core/v1 SecurityContext)',
    'opencost.ui.securityContext': 'UI container securityContext (core/v1 SecurityContext)',
  },
  'dra-driver-nvidia-gpu': {
    'kubeletPlugin.tolerations': 'kubelet plugin DaemonSet tolerations (core/v1 Toleration list)',
    'kubeletPlugin.affinity': 'kubelet plugin pod affinity (core/v1 Affinity); default has NFD terms we replace',
  },
  'cluster-autoscaler': {
    ...placementKeys(''),
    'autoDiscovery.tags': 'ASG tags CA discovers node groups by (--node-group-auto-discovery=asg:tag=...)',
  },
  'external-secrets': {
    ...placementKeys('', 'webhook', 'certController'),
    resources: `controller ${RESOURCES}`,
    'webhook.resources': `webhook ${RESOURCES}`,
    'certController.resources': `cert controller ${RESOURCES}`,
  },
};

const KPS_TEMPLATES = 'prometheus-community/helm-charts charts/kube-prometheus-stack/templates';
const subchart = (name: string, version: string, template: string) =>
  `subchart ${name} ${version} (kube-prometheus-stack Chart.yaml dependencies), read by ${template}`;
const GRAFANA_POD = subchart('grafana', '11.3.2', 'grafana-community/helm-charts charts/grafana/templates/_pod.tpl');
const KSM_DEPLOYMENT = subchart('kube-state-metrics', '7.2.0', 'prometheus-community/helm-charts charts/kube-state-metrics/templates/deployment.yaml');
const NODE_EXPORTER_DS = subchart('prometheus-node-exporter', '4.52.0', 'prometheus-community/helm-charts charts/prometheus-node-exporter/templates/daemonset.yaml');

/**
 * Keys the pinned chart's default values do not list but its templates read: options that exist
 * only as comments in values.yaml, and keys of subcharts (set under the subchart's name). Each
 * cites the template that reads it. A key listed here that the chart does list is an error.
 */
const NFD_VALUES = 'subchart node-feature-discovery (nvidia-device-plugin dependency, alias nfd), kubernetes-sigs/node-feature-discovery deployment/helm/node-feature-discovery/values.yaml master/gc nodeSelector and tolerations';
const BITNAMI_MYSQL = 'subchart bitnami/mysql (dragonfly dependency), bitnami/charts bitnami/mysql/values.yaml';
const BITNAMI_REDIS = 'subchart bitnami/redis (dragonfly dependency), bitnami/charts bitnami/redis/values.yaml';
const BITNAMI_REDIS_AUTH =
  'subchart bitnami/redis 19.5.5 (dragonflyoss/helm-charts charts/dragonfly/Chart.yaml@dragonfly-1.6.15 dependencies), bitnami/charts bitnami/redis/values.yaml@redis/19.5.5';
const KNATIVE_OPERATOR_TEMPLATE = 'knative/operator config/charts/knative-operator/templates/operator.yaml@knative-v1.21.1 renders it as the pod securityContext';
const CA_ARGS =
  'commented out in values.yaml; kubernetes/autoscaler cluster-autoscaler/charts/cluster-autoscaler/templates/deployment.yaml@cluster-autoscaler-chart-9.59.0 renders every extraArgs key as --<key>=<value>';
const NOT_IN_DEFAULTS: Record<string, Record<string, string>> = {
  'nvidia-gfd-bottlerocket': {
    'nfd.enabled': 'the NFD dependency\'s condition (`condition: nfd.enabled,gfd.enabled`, NVIDIA/k8s-device-plugin deployments/helm/nvidia-device-plugin/Chart.yaml@v0.19.1), not a default value',
  },
  'knative-operator': {
    'knative_operator.knative_operator.securityContext': KNATIVE_OPERATOR_TEMPLATE,
    'knative_operator.operator_webhook.securityContext': KNATIVE_OPERATOR_TEMPLATE,
  },
  'kube-prometheus-stack': {
    'prometheusOperator.priorityClassName': `commented out in values.yaml; ${KPS_TEMPLATES}/prometheus-operator/deployment.yaml renders it as priorityClassName`,
    'alertmanager.alertmanagerSpec.configSecret': `commented out in values.yaml; ${KPS_TEMPLATES}/alertmanager/alertmanager.yaml@kube-prometheus-stack-82.10.4 renders it as the Alertmanager's configSecret`,
    'grafana.nodeSelector': GRAFANA_POD,
    'grafana.tolerations': GRAFANA_POD,
    'grafana.priorityClassName': GRAFANA_POD,
    'kube-state-metrics.nodeSelector': KSM_DEPLOYMENT,
    'kube-state-metrics.tolerations': KSM_DEPLOYMENT,
    'kube-state-metrics.priorityClassName': KSM_DEPLOYMENT,
    'prometheus-node-exporter.tolerations': NODE_EXPORTER_DS,
    'prometheus-node-exporter.priorityClassName': NODE_EXPORTER_DS,
  },
  'nvidia-device-plugin': {
    'nfd.master.nodeSelector': NFD_VALUES,
    'nfd.master.tolerations': NFD_VALUES,
    'nfd.gc.nodeSelector': NFD_VALUES,
    'nfd.gc.tolerations': NFD_VALUES,
  },
  dragonfly: {
    'mysql.auth.existingSecret': `${BITNAMI_MYSQL}: a Secret with mysql-root-password and mysql-password replaces auth.rootPassword/auth.password`,
    'mysql.primary.nodeSelector': `${BITNAMI_MYSQL} primary.nodeSelector`,
    'mysql.primary.tolerations': `${BITNAMI_MYSQL} primary.tolerations`,
    'redis.master.nodeSelector': `${BITNAMI_REDIS} master.nodeSelector`,
    'redis.master.tolerations': `${BITNAMI_REDIS} master.tolerations`,
    'redis.auth.existingSecret': `${BITNAMI_REDIS_AUTH} auth.existingSecret, read by redis.secretName in bitnami/redis/templates/_helpers.tpl@redis/19.5.5 (REDIS_PASSWORD secretKeyRef of master/application.yaml); replaces auth.password and the chart's own Secret`,
    'redis.auth.existingSecretPasswordKey': `${BITNAMI_REDIS_AUTH} auth.existingSecretPasswordKey, read by redis.secretPasswordKey in bitnami/redis/templates/_helpers.tpl@redis/19.5.5`,
    'client.config.gc.policy.distThreshold':
      'commented out in values.yaml; dragonflyoss/helm-charts charts/dragonfly/templates/client/client-configmap.yaml@dragonfly-1.6.15 renders client.config.gc whole into dfdaemon.yaml, where dfdaemon reads it as the alias of gc.policy.disk_threshold (dragonflyoss/client dragonfly-client-config/src/dfdaemon.rs@v1.2.15)',
  },
  'cluster-autoscaler': {
    'extraArgs.scan-interval': `${CA_ARGS}; flag cluster-autoscaler/config/flags/flags.go@cluster-autoscaler-1.35.0`,
    'extraArgs.scale-down-unneeded-time': `${CA_ARGS}; flag cluster-autoscaler/config/flags/flags.go@cluster-autoscaler-1.35.0`,
  },
  'prometheus-pushgateway': {
    'persistentVolume.storageClass':
      'commented out in values.yaml; prometheus-community/helm-charts charts/prometheus-pushgateway/templates/pushgateway-pvc.yaml renders it as storageClassName',
    'serviceMonitor.interval':
      'commented out in values.yaml; prometheus-community/helm-charts charts/prometheus-pushgateway/templates/servicemonitor.yaml@prometheus-pushgateway-2.14.0 renders it as the endpoint\'s interval',
  },
};

/** Every path we set, down to leaves; stops at free-form prefixes. */
function valuePaths(v: unknown, prefix: string, freeForm: Record<string, string>, out: string[]): void {
  if (prefix && (freeForm[prefix] !== undefined || v === null || typeof v !== 'object' || (Array.isArray(v) && v.length === 0))) {
    out.push(prefix);
    return;
  }
  if (Array.isArray(v)) v.forEach((item) => valuePaths(item, `${prefix}[]`, freeForm, out));
  else for (const [k, child] of Object.entries(v as object)) valuePaths(child, joinKey(prefix, k), freeForm, out);
}

function chartKeys(chart: string, version: string): Record<string, KeyShape> {
  const file = path.join(ROOT, 'imports/chart-values', `${chart}-${version}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')).keys;
}

/** Problems of one release's values against its chart's key paths. */
export function unknownKeys(
  values: object,
  keys: Record<string, KeyShape>,
  freeForm: Record<string, string>,
  notInDefaults: Record<string, string> = {},
): string[] {
  const paths: string[] = [];
  valuePaths(values, '', freeForm, paths);
  return paths.flatMap((p) => {
    if (notInDefaults[p] !== undefined) return p in keys ? [`${p}: a key of the pinned chart, listed as not in its defaults`] : [];
    if (!(p in keys)) return [`${p}: not a key of the pinned chart`];
    if (freeForm[p] !== undefined && !['empty-map', 'list', 'null', 'map'].includes(keys[p])) return [`${p}: allowed as free-form but the chart default is a ${keys[p]}`];
    return [];
  });
}

/**
 * The fixture with every optional values branch on: an Alertmanager receiver (configSecret from
 * External Secrets), Pushgateway storage (persistentVolume.storageClass), a Bottlerocket GPU
 * pool (the GFD-only release) and the DRA path. Whatever the sample
 * environments enable, these branches are checked and their allowances count as used.
 */
const everyOption = bottlerocketFixture((d) => {
  d.platform.alerts.receiver = { kind: 'pagerduty', secret: 'alerts-pagerduty' };
  d.addons.pushgateway.storageGiB = 2;
  withDra(d); // the DRA driver and Cluster Autoscaler releases
});

describe('Helm values keys exist in the pinned charts', () => {
  for (const env of [...Object.values(environments), everyOption]) {
    for (const release of buildHelmReleases(env)) {
      it(`${env.name}/${release.app}`, () => {
        const keys = chartKeys(release.chart.chart, release.chart.version);
        expect(unknownKeys(release.values, keys, FREE_FORM[release.app] ?? {}, NOT_IN_DEFAULTS[release.app] ?? {})).toEqual([]);
      });
    }
  }

  it('uses every free-form and not-in-defaults allowance (no stale exceptions)', () => {
    // On the fixture with every option on: an allowance is stale when no config can need it.
    const used = new Set<string>();
    for (const release of buildHelmReleases(everyOption)) {
      const paths: string[] = [];
      valuePaths(release.values, '', FREE_FORM[release.app] ?? {}, paths);
      for (const p of paths) used.add(`${release.app}: ${p}`);
    }
    const allowed = [FREE_FORM, NOT_IN_DEFAULTS].flatMap((table) => Object.entries(table).flatMap(([app, keys]) => Object.keys(keys).map((k) => `${app}: ${k}`)));
    expect(allowed.filter((a) => !used.has(a))).toEqual([]);
  });

  it('catches keys the chart does not have (Karpenter replicaCount, Kyverno validationFailureAction)', () => {
    expect(unknownKeys({ replicaCount: 2, replicas: 2 }, chartKeys('karpenter', helmCharts.karpenter.version), {})).toEqual(['replicaCount: not a key of the pinned chart']);
    expect(unknownKeys({ config: { validationFailureAction: 'Enforce' } }, chartKeys('kyverno', helmCharts.kyverno.version), {})).toEqual([
      'config.validationFailureAction: not a key of the pinned chart',
    ]);
    expect(unknownKeys({ opencost: { exporter: { clusterId: 'x', defaultClusterId: 'x' } } }, chartKeys('opencost', helmCharts.opencost.version), {})).toEqual([
      'opencost.exporter.clusterId: not a key of the pinned chart',
    ]);
  });

  it('catches platform chart keys in the wrong place (KEDA replicaCount, ESO webhook replicas, Prometheus storage)', () => {
    expect(unknownKeys({ replicaCount: 2, operator: { replicaCount: 2 } }, chartKeys('keda', helmCharts.keda.version), FREE_FORM.keda)).toEqual([
      'replicaCount: not a key of the pinned chart',
    ]);
    expect(unknownKeys({ webhook: { replicas: 2, replicaCount: 2 } }, chartKeys('external-secrets', helmCharts.externalSecrets.version), FREE_FORM['external-secrets'])).toEqual([
      'webhook.replicas: not a key of the pinned chart',
    ]);
    const kps = chartKeys('kube-prometheus-stack', helmCharts.kubePrometheusStack.version);
    expect(unknownKeys({ prometheus: { prometheusSpec: { storage: { size: '50Gi' } } } }, kps, FREE_FORM['kube-prometheus-stack'])).toEqual([
      'prometheus.prometheusSpec.storage.size: not a key of the pinned chart',
    ]);
  });

  it('allows subchart and commented-out keys only when listed, and only when the chart lacks them', () => {
    const kps = chartKeys('kube-prometheus-stack', helmCharts.kubePrometheusStack.version);
    const allowed = NOT_IN_DEFAULTS['kube-prometheus-stack'];
    expect(unknownKeys({ grafana: { priorityClassName: 'x', replicas: 2 } }, kps, {}, allowed)).toEqual(['grafana.replicas: not a key of the pinned chart']);
    expect(unknownKeys({ grafana: { enabled: true } }, kps, {}, { 'grafana.enabled': 'wrongly listed' })).toEqual([
      'grafana.enabled: a key of the pinned chart, listed as not in its defaults',
    ]);
  });

  it('catches a free-form allowance on a key the chart does not have', () => {
    expect(unknownKeys({ podLabelz: { a: 'b' } }, chartKeys('dcgm-exporter', helmCharts.dcgmExporter.version), { podLabelz: 'typo' })).toEqual(['podLabelz: not a key of the pinned chart']);
  });
});
