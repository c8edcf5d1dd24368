import { describe, expect, it } from 'vitest';
import { PROMETHEUS_SELECTOR_LABELS } from '../../../src/charts/helm/release';
import { environments } from '../../../src/config/environments';
import type { EnvironmentConfig } from '../../../src/config/types';
import { fixtureEnvironment } from '../../fixtures/environment';
import { releasesOf, tolerates, valuesOf } from './releases';

const kps = (env: EnvironmentConfig) => valuesOf(env, 'kube-prometheus-stack');

/** The fixture with `patch` applied to its add-ons (`addons.prometheus`, `addons.alertmanager`, ...). */
const withAddons = (patch: (addons: any) => void) => fixtureEnvironment((d) => patch(d.addons));

describe('kube-prometheus-stack, Pushgateway and OpenCost values', () => {
  it('installs the release Prometheus selects monitors by (PROMETHEUS_SELECTOR_LABELS)', () => {
    const env = fixtureEnvironment();
    const release = releasesOf(env)['kube-prometheus-stack'];
    expect([release.releaseName, release.namespace]).toEqual(['kube-prometheus-stack', 'monitoring']);
    expect(PROMETHEUS_SELECTOR_LABELS).toEqual({ release: release.releaseName });
    const spec = kps(env).prometheus.prometheusSpec;
    expect([spec.serviceMonitorSelectorNilUsesHelmValues, spec.podMonitorSelectorNilUsesHelmValues, spec.ruleSelectorNilUsesHelmValues]).toEqual([true, true, true]);
  });

  it('reads the Grafana admin login from the existing grafana-admin Secret and loads labelled dashboards', () => {
    const grafana = kps(fixtureEnvironment()).grafana;
    expect(grafana.admin).toEqual({ existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' });
    expect(grafana.adminPassword).toBeUndefined();
    expect(grafana.sidecar.dashboards).toEqual({ enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'monitoring' });
  });

  it('keeps Prometheus on gp3 volumes sized from config, with a size cap below the volume', () => {
    const single = kps(withAddons((a) => Object.assign(a.prometheus, { replicas: 1, retention: '3d', storageGiB: 20 }))).prometheus;
    const replicated = kps(
      withAddons((a) => Object.assign(a.prometheus, { replicas: 2, retention: '15d', storageGiB: 100, resources: { cpu: '500m', memory: '4Gi' } })),
    ).prometheus;
    const claim = (p: any) => p.prometheusSpec.storageSpec.volumeClaimTemplate.spec;
    expect(claim(single)).toEqual({ storageClassName: 'gp3', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } });
    expect(claim(replicated).resources.requests.storage).toBe('100Gi');
    expect([single.prometheusSpec.retention, replicated.prometheusSpec.retention]).toEqual(['3d', '15d']);
    // 85% of the volume: the rest is WAL and compaction headroom.
    expect([single.prometheusSpec.retentionSize, replicated.prometheusSpec.retentionSize]).toEqual(['17GB', '85GB']);
    expect([single.prometheusSpec.replicas, replicated.prometheusSpec.replicas]).toEqual([1, 2]);
    // A minAvailable-1 budget on a single replica would block every drain of its node.
    expect([single.podDisruptionBudget.enabled, replicated.podDisruptionBudget.enabled]).toEqual([false, true]);
    expect(replicated.prometheusSpec.resources).toEqual({ requests: { cpu: '500m', memory: '4Gi' }, limits: { memory: '4Gi' } });
  });

  it('runs Alertmanager at the configured replicas, with gp3 storage for silences and a budget only when replicated', () => {
    const single = kps(withAddons((a) => (a.alertmanager.replicas = 1))).alertmanager;
    const replicated = kps(withAddons((a) => (a.alertmanager.replicas = 2))).alertmanager;
    expect([single.alertmanagerSpec.replicas, replicated.alertmanagerSpec.replicas]).toEqual([1, 2]);
    expect(replicated.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName).toBe('gp3');
    expect([single.podDisruptionBudget.enabled, replicated.podDisruptionBudget.enabled]).toEqual([false, true]);
  });

  for (const [name, env] of Object.entries(environments)) {
    const values = kps(env);

    it(`${name}: places the operator, Prometheus, Alertmanager, Grafana and kube-state-metrics on system nodes`, () => {
      const pods = {
        operator: values.prometheusOperator,
        admissionPatch: values.prometheusOperator.admissionWebhooks.patch,
        prometheus: values.prometheus.prometheusSpec,
        alertmanager: values.alertmanager.alertmanagerSpec,
        grafana: values.grafana,
        kubeStateMetrics: values['kube-state-metrics'],
      };
      for (const [pod, v] of Object.entries(pods)) {
        expect(v.nodeSelector, pod).toEqual(env.nodes.systemNodeGroup.labels);
        for (const taint of env.nodes.systemNodeGroup.taints) expect(tolerates(v.tolerations, taint), pod).toBe(true);
        expect(tolerates(v.tolerations, env.nodes.gpuTaint), pod).toBe(false);
        expect(v.priorityClassName, pod).toBe('platform-critical');
      }
    });

    it(`${name}: runs node-exporter on every node, GPU and system`, () => {
      const ne = values['prometheus-node-exporter'];
      for (const taint of [env.nodes.gpuTaint, ...env.nodes.systemNodeGroup.taints]) expect(tolerates(ne.tolerations, taint)).toBe(true);
      expect(ne.nodeSelector).toBeUndefined();
      expect(ne.priorityClassName).toBe('platform-critical');
    });

    it(`${name}: points OpenCost at this cluster's id and the in-cluster Prometheus`, () => {
      const oc = valuesOf(env, 'opencost');
      expect(oc.opencost.exporter.defaultClusterId).toBe(env.cluster.name);
      const internal = oc.opencost.prometheus.internal;
      // opencost templates/_helpers.tpl builds http://<serviceName>.<namespaceName>.svc.cluster.local:<port>
      expect(`http://${internal.serviceName}.${internal.namespaceName}.svc.cluster.local:${internal.port}`).toBe(
        'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090',
      );
      expect(oc.opencost.nodeSelector).toEqual(env.nodes.systemNodeGroup.labels);
      expect(oc.priorityClassName).toBe('platform-critical');
    });
  }

  it('has the Pushgateway scraped through a selected ServiceMonitor, persistent only with configured storage', () => {
    const inMemory = valuesOf(withAddons((a) => (a.pushgateway.storageGiB = 0)), 'prometheus-pushgateway');
    const persistent = valuesOf(withAddons((a) => (a.pushgateway.storageGiB = 2)), 'prometheus-pushgateway');
    // interval: the fixture's addons.pushgateway.scrapeInterval (10s)
    expect(inMemory.serviceMonitor).toEqual({ enabled: true, namespace: 'monitoring', interval: '10s', additionalLabels: PROMETHEUS_SELECTOR_LABELS });
    expect(inMemory.persistentVolume).toEqual({ enabled: false });
    expect(inMemory.extraArgs).toBeUndefined();
    expect(persistent.persistentVolume).toEqual({ enabled: true, size: '2Gi', storageClass: 'gp3', mountPath: '/data' });
    // The volume is only mounted: the Pushgateway writes to it only with --persistence.file there.
    expect(persistent.extraArgs).toEqual(['--persistence.file=/data/pushgateway.data']);
    // Always one replica: pushes are not shared between replicas.
    expect(inMemory.replicaCount).toBeUndefined();
  });

  it('scrapes the Pushgateway at addons.pushgateway.scrapeInterval (the chart would leave Prometheus\' 30 s default), with no timeout of its own', () => {
    const at = (scrapeInterval: string) => valuesOf(withAddons((a) => (a.pushgateway.scrapeInterval = scrapeInterval)), 'prometheus-pushgateway').serviceMonitor;
    expect([at('5s').interval, at('1m').interval]).toEqual(['5s', '1m']);
    expect(at('5s').scrapeTimeout).toBeUndefined();
  });
});
