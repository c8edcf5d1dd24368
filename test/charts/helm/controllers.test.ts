import { describe, expect, it } from 'vitest';
import { environments } from '../../../src/config/environments';
import { fixtureEnvironment } from '../../fixtures/environment';
import { findKey, releasesOf, tolerates, valuesOf } from './releases';

/** The releases of issue 6's platform controllers. */
const PLATFORM_APPS = ['karpenter', 'keda', 'kube-prometheus-stack', 'prometheus-pushgateway', 'kyverno', 'opencost', 'external-secrets'];

/** Sets one config field on a fixture draft. */
type Setter = (draft: any, value: any) => void;

/**
 * A value path per release, the config field that drives it, and two settings of that field with
 * the value each must render (config-driven sizing: the rendered value follows the config).
 */
const FROM_CONFIG: [app: string, path: string, set: Setter, cases: [config: unknown, rendered: unknown][]][] = [
  ['karpenter', 'replicas', (d, v) => (d.addons.karpenter.replicas = v), [[1, 1], [2, 2]]],
  ['keda', 'operator.replicaCount', (d, v) => (d.addons.keda.operatorReplicas = v), [[1, 1], [2, 2]]],
  ['keda', 'metricsServer.replicaCount', (d, v) => (d.addons.keda.metricsServerReplicas = v), [[1, 1], [2, 2]]],
  ['keda', 'webhooks.replicaCount', (d, v) => (d.addons.keda.webhookReplicas = v), [[1, 1], [2, 2]]],
  ['kube-prometheus-stack', 'prometheus.prometheusSpec.replicas', (d, v) => (d.addons.prometheus.replicas = v), [[1, 1], [2, 2]]],
  ['kube-prometheus-stack', 'prometheus.prometheusSpec.retention', (d, v) => (d.addons.prometheus.retention = v), [['3d', '3d'], ['15d', '15d']]],
  ['kube-prometheus-stack', 'alertmanager.alertmanagerSpec.replicas', (d, v) => (d.addons.alertmanager.replicas = v), [[1, 1], [2, 2]]],
  // No volume at 0 GiB: the Pushgateway then keeps its pushes in memory.
  ['prometheus-pushgateway', 'persistentVolume.enabled', (d, v) => (d.addons.pushgateway.storageGiB = v), [[0, false], [2, true]]],
  ['kyverno', 'admissionController.replicas', (d, v) => (d.addons.kyverno.admissionReplicas = v), [[1, 1], [3, 3]]],
  ['kyverno', 'backgroundController.replicas', (d, v) => (d.addons.kyverno.controllerReplicas = v), [[1, 1], [2, 2]]],
  ['opencost', 'opencost.exporter.defaultClusterId', (d, v) => (d.cluster.name = v), [['cluster-a', 'cluster-a'], ['cluster-b', 'cluster-b']]],
  ['external-secrets', 'replicaCount', (d, v) => (d.addons.externalSecrets.replicas = v), [[1, 1], [2, 2]]],
  ['external-secrets', 'webhook.replicaCount', (d, v) => (d.addons.externalSecrets.webhookReplicas = v), [[1, 1], [2, 2]]],
];

const at = (v: any, path: string) => path.split('.').reduce((o, k) => o?.[k], v);

/** System node labels the fixture tests set, so expected placements are written here. */
const SYSTEM_LABELS = { 'gpu-inference.io/node-role': 'system' };

describe('platform controller values', () => {
  it('renders every platform chart of the design for every environment', () => {
    for (const env of Object.values(environments)) expect(Object.keys(releasesOf(env)), env.name).toEqual(expect.arrayContaining(PLATFORM_APPS));
  });

  it.each(FROM_CONFIG)('%s %s follows config', (app, path, set, cases) => {
    const rendered = cases.map(([config]) => at(valuesOf(fixtureEnvironment((d) => set(d, config)), app), path));
    // Two settings, two different values: each lands as configured.
    expect(rendered).toEqual(cases.map(([, value]) => value));
  });

  for (const [name, env] of Object.entries(environments)) {
    it(`${name}: every platform pod uses the platform PriorityClass, which the environment defines (Karpenter keeps its chart's higher one)`, () => {
      for (const app of PLATFORM_APPS) {
        const classes = findKey(valuesOf(env, app), 'priorityClassName');
        expect(classes.length, app).toBeGreaterThan(0);
        for (const c of classes) expect(c.value, `${app}.${c.path}`).toBe(app === 'karpenter' ? 'system-cluster-critical' : 'platform-critical');
      }
      expect(env.priorityClasses['platform-critical']).toBeDefined();
    });

    it(`${name}: every nodeSelector of a platform chart is the system node group, and tolerations match it`, () => {
      for (const app of PLATFORM_APPS) {
        for (const s of findKey(valuesOf(env, app), 'nodeSelector')) expect(s.value, `${app}.${s.path}`).toEqual(env.nodes.systemNodeGroup.labels);
        for (const t of findKey(valuesOf(env, app), 'tolerations')) {
          for (const taint of env.nodes.systemNodeGroup.taints) expect(tolerates(t.value, taint), `${app}.${t.path}`).toBe(true);
        }
      }
    });
  }

  it('sizes KEDA with its own keys, exposes operator metrics and leaves chart monitors off', () => {
    // Three different counts, so each key is shown to come from its own field.
    const keda = valuesOf(fixtureEnvironment((d) => Object.assign(d.addons.keda, { operatorReplicas: 2, metricsServerReplicas: 3, webhookReplicas: 4 })), 'keda');
    expect(keda.replicaCount).toBeUndefined();
    expect([keda.operator.replicaCount, keda.metricsServer.replicaCount, keda.webhooks.replicaCount]).toEqual([2, 3, 4]);
    expect(keda.podDisruptionBudget).toEqual({ operator: { maxUnavailable: 1 }, metricServer: { maxUnavailable: 1 }, webhooks: { maxUnavailable: 1 } });
    expect(keda.prometheus.operator.enabled).toBe(true);
    expect(findKey(keda.prometheus, 'enabled').filter((e) => /(serviceMonitor|podMonitor)\.enabled$/.test(e.path) && e.value !== false)).toEqual([]);
  });

  it('runs the configured Kyverno admission replicas, with budgets only where replicated', () => {
    const kyverno = (admissionReplicas: number, controllerReplicas: number) =>
      valuesOf(
        fixtureEnvironment((d) => {
          Object.assign(d.addons.kyverno, { admissionReplicas, controllerReplicas });
          d.nodes.systemNodeGroup.labels = SYSTEM_LABELS;
        }),
        'kyverno',
      );
    const single = kyverno(1, 1);
    const replicated = kyverno(3, 2);
    expect([single.admissionController.replicas, replicated.admissionController.replicas]).toEqual([1, 3]);
    // A minAvailable-1 budget on a single replica would block every drain of its node.
    expect([single.admissionController.podDisruptionBudget.enabled, replicated.admissionController.podDisruptionBudget.enabled]).toEqual([false, true]);
    expect(replicated.reportsController.replicas).toBe(2);
    expect([single.reportsController.podDisruptionBudget.enabled, replicated.reportsController.podDisruptionBudget.enabled]).toEqual([false, true]);
    expect(replicated.global.nodeSelector).toEqual(SYSTEM_LABELS);
  });

  for (const [name, env] of Object.entries(environments)) {
    it(`${name}: keeps the namespaces that bring the cluster back out of Kyverno's webhooks`, () => {
      expect(valuesOf(env, 'kyverno').config).toEqual({
        webhooks: {
          namespaceSelector: {
            matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'argocd', env.podIdentity.karpenter.namespace] }],
          },
        },
      });
    });
  }

  for (const [name, env] of Object.entries(environments)) {
    it(`${name}: runs External Secrets under its Pod Identity association, leader-elected`, () => {
      const release = releasesOf(env)['external-secrets'];
      const values = release.values as any;
      expect(release.namespace).toBe(env.podIdentity.externalSecrets.namespace);
      expect(env.namespaces[release.namespace]).toBeDefined();
      expect(values.serviceAccount).toEqual({ name: env.podIdentity.externalSecrets.serviceAccount });
      expect(values.leaderElect).toBe(true);
      expect(values.webhook.nodeSelector).toEqual(env.nodes.systemNodeGroup.labels);
      expect(values.certController.priorityClassName).toBe('platform-critical');
    });
  }
});
