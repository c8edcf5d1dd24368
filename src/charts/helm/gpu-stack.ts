import type { EnvironmentConfig } from '../../config/types';
import { helmCharts } from '../../config/versions';
import { systemPlacement } from './dragonfly';
import { tolerate, type HelmRelease } from './release';

/**
 * Node affinity that matches GPU nodes before and after NFD runs: our own label is on the
 * node from registration (Karpenter template or node group), so the device plugin starts
 * without waiting for NFD; the NFD PCI label covers GPU nodes we did not label.
 */
function gpuNodeAffinity(env: EnvironmentConfig) {
  const ours = Object.entries(env.nodes.gpuNodeLabels).map(([key, value]) => ({ key, operator: 'In', values: [value] }));
  // Never on DRA nodes: the DRA driver advertises their GPUs (terms are ORed, so each gets it).
  const notDra = Object.entries(env.dra?.nodeLabels ?? {}).map(([key, value]) => ({ key, operator: 'NotIn', values: [value] }));
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchExpressions: [...ours, ...notDra] },
          { matchExpressions: [{ key: 'feature.node.kubernetes.io/pci-10de.present', operator: 'In', values: ['true'] }, ...notDra] },
        ],
      },
    },
  };
}

/** NVIDIA device plugin + GPU Feature Discovery (+ NFD, which the chart deploys for GFD). */
export function nvidiaDevicePlugin(env: EnvironmentConfig): HelmRelease {
  const gpu = tolerate(env.nodes.gpuTaint);
  return {
    app: 'nvidia-device-plugin',
    chart: helmCharts.nvidiaDevicePlugin,
    namespace: 'gpu-operator',
    releaseName: 'nvidia-device-plugin',
    values: {
      gfd: { enabled: true },
      // Only GPU nodes: the chart's default also tolerates CriticalAddonsOnly (our system nodes).
      tolerations: [gpu],
      affinity: gpuNodeAffinity(env),
      // The chart's default NFD worker toleration expects value "present"; ours is "true", so
      // without this NFD never labels GPU nodes and GFD never schedules.
      // NFD's master and garbage collector are controllers: on the system nodes.
      nfd: { worker: { tolerations: [gpu] }, master: systemPlacement(env), gc: systemPlacement(env) },
    },
  };
}

/** DCGM exporter: GPU metrics on GPU nodes only, scraped through its ServiceMonitor. */
export function dcgmExporter(env: EnvironmentConfig, serviceMonitorLabels: Readonly<Record<string, string>>): HelmRelease {
  return {
    app: 'dcgm-exporter',
    chart: helmCharts.dcgmExporter,
    namespace: 'gpu-operator',
    releaseName: 'dcgm-exporter',
    values: {
      tolerations: [tolerate(env.nodes.gpuTaint)],
      nodeSelector: { ...env.nodes.gpuNodeLabels },
      serviceMonitor: { enabled: true, interval: env.addons.dcgmExporter.scrapeInterval, additionalLabels: { ...serviceMonitorLabels } },
    },
  };
}
