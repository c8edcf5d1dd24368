import type { EnvironmentConfig } from '../../config/types';
import { helmCharts } from '../../config/versions';
import { BOTTLEROCKET_NODE_LABEL } from '../karpenter-nodes';
import { containerResources, systemPlacement } from './placement';
import { tolerate, type HelmRelease } from './release';

/**
 * Node affinity that matches GPU nodes before and after NFD runs: our own label is on the
 * node from registration (Karpenter template or node group), so the device plugin starts
 * without waiting for NFD; the NFD PCI label covers GPU nodes we did not label.
 */
function gpuNodeAffinity(env: EnvironmentConfig) {
  const ours = Object.entries(env.nodes.gpuNodeLabels).map(([key, value]) => ({ key, operator: 'In', values: [value] }));
  // Never on Bottlerocket: its NVIDIA variant runs its own device plugin, and a second one would
  // advertise the same GPUs twice. NotIn also matches nodes without the label (AL2023, baseline group).
  const notBottlerocket = { key: BOTTLEROCKET_NODE_LABEL.key, operator: 'NotIn', values: [BOTTLEROCKET_NODE_LABEL.value] };
  // Never on DRA nodes: the DRA driver advertises their GPUs (terms are ORed, so each gets it).
  const notDra = Object.entries(env.dra?.nodeLabels ?? {}).map(([key, value]) => ({ key, operator: 'NotIn', values: [value] }));
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchExpressions: [...ours, notBottlerocket, ...notDra] },
          { matchExpressions: [{ key: 'feature.node.kubernetes.io/pci-10de.present', operator: 'In', values: ['true'] }, notBottlerocket, ...notDra] },
        ],
      },
    },
  };
}

/**
 * NVIDIA device plugin + GPU Feature Discovery (+ NFD, which the chart deploys for GFD). The chart
 * gives both DaemonSets the one `affinity` value (NVIDIA/k8s-device-plugin
 * deployments/helm/nvidia-device-plugin/templates/daemonset-device-plugin.yml and
 * daemonset-gfd.yml@v0.19.1), so this release stays off Bottlerocket GPU nodes altogether;
 * `bottlerocketGfd` runs GFD there.
 */
export function nvidiaDevicePlugin(env: EnvironmentConfig): HelmRelease {
  const gpu = tolerate(env.nodes.gpuTaint);
  return {
    app: 'nvidia-device-plugin',
    chart: helmCharts.nvidiaDevicePlugin,
    namespace: 'gpu-operator',
    releaseName: 'nvidia-device-plugin',
    values: {
      gfd: { enabled: true },
      // The device plugin's and GFD's containers both render this one value (default `{}`:
      // values.yaml, templates/daemonset-device-plugin.yml and daemonset-gfd.yml@v0.19.1); the
      // GPU capacity model counts it once per DaemonSet (config/derived/gpu-node-daemonsets.ts).
      resources: containerResources(env.nodes.gpuNodeDaemonSets.nvidiaDevicePlugin),
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

/** Whether any GPU pool launches Bottlerocket nodes. */
export function hasBottlerocketGpuPool(env: EnvironmentConfig): boolean {
  return Object.values(env.nodes.pools).some((p) => p.gpu && env.nodes.nodeClasses[p.nodeClass]?.amiFamily === 'Bottlerocket');
}

/**
 * GPU Feature Discovery alone on Bottlerocket GPU nodes, so they carry the `nvidia.com/gpu.*`
 * labels like AL2023 ones ("GPU Feature Discovery ... will work as expected",
 * bottlerocket-os/bottlerocket QUICKSTART-EKS.md@v1.26.0): a second release of the same chart
 * with the device plugin off (Bottlerocket's NVIDIA variant advertises the GPUs itself) and its
 * NFD subchart off (the chart's dependency condition is `nfd.enabled,gfd.enabled`, the first that
 * is set wins: NVIDIA/k8s-device-plugin deployments/helm/nvidia-device-plugin/Chart.yaml@v0.19.1);
 * the first release's NFD already labels every GPU node. Rendered only when a GPU pool runs
 * Bottlerocket.
 */
export function bottlerocketGfd(env: EnvironmentConfig): HelmRelease | undefined {
  if (!hasBottlerocketGpuPool(env)) return undefined;
  const onBottlerocket = { key: BOTTLEROCKET_NODE_LABEL.key, operator: 'In', values: [BOTTLEROCKET_NODE_LABEL.value] };
  return {
    app: 'nvidia-gfd-bottlerocket',
    chart: helmCharts.nvidiaDevicePlugin,
    namespace: 'gpu-operator',
    releaseName: 'nvidia-gfd-bottlerocket',
    values: {
      devicePlugin: { enabled: false },
      gfd: { enabled: true },
      nfd: { enabled: false },
      // GFD's container, as in the first release (templates/daemonset-gfd.yml@v0.19.1).
      resources: containerResources(env.nodes.gpuNodeDaemonSets.nvidiaDevicePlugin),
      tolerations: [tolerate(env.nodes.gpuTaint)],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [onBottlerocket] }] } } },
    },
  };
}

/**
 * DCGM exporter: GPU metrics on GPU nodes only, scraped through its ServiceMonitor. It runs on
 * Bottlerocket GPU nodes as on AL2023 ("DCGM exporter ... will work as expected",
 * bottlerocket-os/bottlerocket QUICKSTART-EKS.md@v1.26.0).
 */
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
