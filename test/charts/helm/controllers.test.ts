import { describe, expect, it } from 'vitest';
import { environments } from '../../../src/config/environments';
import { findKey, releasesOf, tolerates, valuesOf } from './releases';

/** The releases of issue 6's platform controllers. */
const PLATFORM_APPS = ['karpenter', 'keda', 'kube-prometheus-stack', 'prometheus-pushgateway', 'kyverno', 'opencost', 'external-secrets'];

/** A value path per release that must differ between dev and prod (config-driven sizing). */
const PER_ENV: [app: string, path: string][] = [
  ['karpenter', 'replicas'],
  ['keda', 'operator.replicaCount'],
  ['keda', 'metricsServer.replicaCount'],
  ['keda', 'webhooks.replicaCount'],
  ['kube-prometheus-stack', 'prometheus.prometheusSpec.replicas'],
  ['kube-prometheus-stack', 'prometheus.prometheusSpec.retention'],
  ['kube-prometheus-stack', 'alertmanager.alertmanagerSpec.replicas'],
  ['prometheus-pushgateway', 'persistentVolume.enabled'],
  ['kyverno', 'admissionController.replicas'],
  ['kyverno', 'backgroundController.replicas'],
  ['opencost', 'opencost.exporter.defaultClusterId'],
  ['external-secrets', 'replicaCount'],
  ['external-secrets', 'webhook.replicaCount'],
];

const at = (v: any, path: string) => path.split('.').reduce((o, k) => o?.[k], v);

describe('platform controller values', () => {
  it('renders every platform chart of the design for every environment', () => {
    for (const name of Object.keys(environments)) expect(Object.keys(releasesOf(name))).toEqual(expect.arrayContaining(PLATFORM_APPS));
  });

  it.each(PER_ENV)('%s %s differs between dev and prod', (app, path) => {
    const [dev, prod] = [at(valuesOf('dev', app), path), at(valuesOf('prod', app), path)];
    expect(dev).toBeDefined();
    expect(prod).not.toEqual(dev);
  });

  for (const [name, env] of Object.entries(environments)) {
    it(`${name}: every platform pod uses the platform PriorityClass, which the environment defines (Karpenter keeps its chart's higher one)`, () => {
      for (const app of PLATFORM_APPS) {
        const classes = findKey(valuesOf(name, app), 'priorityClassName');
        expect(classes.length, app).toBeGreaterThan(0);
        for (const c of classes) expect(c.value, `${app}.${c.path}`).toBe(app === 'karpenter' ? 'system-cluster-critical' : 'platform-critical');
      }
      expect(env.priorityClasses['platform-critical']).toBeDefined();
    });

    it(`${name}: every nodeSelector of a platform chart is the system node group, and tolerations match it`, () => {
      for (const app of PLATFORM_APPS) {
        for (const s of findKey(valuesOf(name, app), 'nodeSelector')) expect(s.value, `${app}.${s.path}`).toEqual(env.nodes.systemNodeGroup.labels);
        for (const t of findKey(valuesOf(name, app), 'tolerations')) {
          for (const taint of env.nodes.systemNodeGroup.taints) expect(tolerates(t.value, taint), `${app}.${t.path}`).toBe(true);
        }
      }
    });
  }

  it('sizes KEDA with its own keys, exposes operator metrics and leaves chart monitors off', () => {
    const prod = valuesOf('prod', 'keda');
    expect(prod.replicaCount).toBeUndefined();
    expect([prod.operator.replicaCount, prod.metricsServer.replicaCount, prod.webhooks.replicaCount]).toEqual([2, 2, 2]);
    expect(prod.podDisruptionBudget).toEqual({ operator: { maxUnavailable: 1 }, metricServer: { maxUnavailable: 1 }, webhooks: { maxUnavailable: 1 } });
    expect(prod.prometheus.operator.enabled).toBe(true);
    expect(findKey(prod.prometheus, 'enabled').filter((e) => /(serviceMonitor|podMonitor)\.enabled$/.test(e.path) && e.value !== false)).toEqual([]);
  });

  it('runs three Kyverno admission replicas in prod, with budgets only where replicated', () => {
    const dev = valuesOf('dev', 'kyverno');
    const prod = valuesOf('prod', 'kyverno');
    expect([dev.admissionController.replicas, prod.admissionController.replicas]).toEqual([1, 3]);
    expect([dev.admissionController.podDisruptionBudget.enabled, prod.admissionController.podDisruptionBudget.enabled]).toEqual([false, true]);
    expect(prod.reportsController.replicas).toBe(2);
    expect(prod.global.nodeSelector).toEqual(environments.prod.nodes.systemNodeGroup.labels);
  });

  for (const [name, env] of Object.entries(environments)) {
    it(`${name}: keeps the namespaces that bring the cluster back out of Kyverno's webhooks`, () => {
      expect(valuesOf(name, 'kyverno').config).toEqual({
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
      const release = releasesOf(name)['external-secrets'];
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
