import { describe, expect, it } from 'vitest';
import { PROMETHEUS_SELECTOR_LABELS } from '../../../src/charts/helm/release';
import { environments } from '../../../src/config/environments';
import { releasesOf, tolerates, valuesOf } from './releases';

const kps = (env: string) => valuesOf(env, 'kube-prometheus-stack');

describe('kube-prometheus-stack, Pushgateway and OpenCost values', () => {
  it('installs the release Prometheus selects monitors by (PROMETHEUS_SELECTOR_LABELS)', () => {
    const release = releasesOf('prod')['kube-prometheus-stack'];
    expect([release.releaseName, release.namespace]).toEqual(['kube-prometheus-stack', 'monitoring']);
    expect(PROMETHEUS_SELECTOR_LABELS).toEqual({ release: release.releaseName });
    const spec = kps('prod').prometheus.prometheusSpec;
    expect([spec.serviceMonitorSelectorNilUsesHelmValues, spec.podMonitorSelectorNilUsesHelmValues, spec.ruleSelectorNilUsesHelmValues]).toEqual([true, true, true]);
  });

  it('reads the Grafana admin login from the existing grafana-admin Secret and loads labelled dashboards', () => {
    const grafana = kps('dev').grafana;
    expect(grafana.admin).toEqual({ existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' });
    expect(grafana.adminPassword).toBeUndefined();
    expect(grafana.sidecar.dashboards).toEqual({ enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'monitoring' });
  });

  it('keeps Prometheus on gp3 volumes sized per environment, with a size cap below the volume', () => {
    const dev = kps('dev').prometheus;
    const prod = kps('prod').prometheus;
    const claim = (p: any) => p.prometheusSpec.storageSpec.volumeClaimTemplate.spec;
    expect(claim(dev)).toEqual({ storageClassName: 'gp3', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } });
    expect(claim(prod).resources.requests.storage).toBe('100Gi');
    expect([dev.prometheusSpec.retention, prod.prometheusSpec.retention]).toEqual(['3d', '15d']);
    expect([dev.prometheusSpec.retentionSize, prod.prometheusSpec.retentionSize]).toEqual(['17GB', '85GB']);
    expect([dev.prometheusSpec.replicas, prod.prometheusSpec.replicas]).toEqual([1, 2]);
    // A minAvailable-1 budget on a single replica would block every drain of its node.
    expect([dev.podDisruptionBudget.enabled, prod.podDisruptionBudget.enabled]).toEqual([false, true]);
    expect(prod.prometheusSpec.resources).toEqual({ requests: { cpu: '500m', memory: '4Gi' }, limits: { memory: '4Gi' } });
  });

  it('runs Alertmanager replicated in prod, with gp3 storage for silences', () => {
    const dev = kps('dev').alertmanager;
    const prod = kps('prod').alertmanager;
    expect([dev.alertmanagerSpec.replicas, prod.alertmanagerSpec.replicas]).toEqual([1, 2]);
    expect(prod.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName).toBe('gp3');
    expect([dev.podDisruptionBudget.enabled, prod.podDisruptionBudget.enabled]).toEqual([false, true]);
  });

  for (const name of ['dev', 'prod']) {
    const env = environments[name];
    const values = kps(name);

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
      const oc = valuesOf(name, 'opencost');
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

  it('has the Pushgateway scraped through a selected ServiceMonitor, persistent in prod only', () => {
    const dev = valuesOf('dev', 'prometheus-pushgateway');
    const prod = valuesOf('prod', 'prometheus-pushgateway');
    expect(dev.serviceMonitor).toEqual({ enabled: true, namespace: 'monitoring', additionalLabels: PROMETHEUS_SELECTOR_LABELS });
    expect(dev.persistentVolume).toEqual({ enabled: false });
    expect(prod.persistentVolume).toEqual({ enabled: true, size: '2Gi', storageClass: 'gp3' });
    expect(dev.replicaCount).toBeUndefined();
  });
});
