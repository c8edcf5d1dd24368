import { chartFactsOf } from '../../charts/helm/effective';
import { eksAddonPods } from '../eks-addons';
import type { ContainerResourcesConfig, EnvironmentConfig } from '../types';
import { helmCharts } from '../versions';
import { cpuCores, memoryMiB, type Resources } from './system-capacity';

/** A DaemonSet pod on each GPU node and what it requests: what the scheduler and Karpenter subtract. */
export interface GpuNodeDaemonSet {
  /** `<release or add-on>/<DaemonSet>`. */
  readonly name: string;
  readonly requests: Resources;
  /** Where the figure comes from: the config field rendered into the chart, or the default it keeps. */
  readonly source: string;
}

/**
 * The NFD worker's requests: the default of the nvidia-device-plugin chart's NFD subchart
 * (`worker.resources` 5m/64Mi, node-feature-discovery values.yaml in NVIDIA/k8s-device-plugin
 * deployments/helm/nvidia-device-plugin/charts/node-feature-discovery-chart-0.17.3.tgz@v0.19.1),
 * which our values leave alone (helm/gpu-stack.ts sets only its tolerations). The subchart is not
 * among the imported chart facts, so the figure is kept here.
 */
export const NFD_WORKER_REQUESTS: ContainerResourcesConfig = { cpu: '5m', memory: '64Mi' };

const parsed = (r: { readonly cpu?: unknown; readonly memory?: unknown }): Resources => ({
  cpu: cpuCores(r.cpu as string | undefined),
  memoryMiB: memoryMiB(r.memory as string | undefined),
});

/** The DCGM exporter's requests: the pinned chart's default (`resources.requests`), which our values leave alone. */
function dcgmExporterRequests(): Resources {
  const resources = chartFactsOf(helmCharts.dcgmExporter).components['']?.resources as { requests?: Record<string, unknown> } | undefined;
  return parsed(resources?.requests ?? {});
}

/**
 * Every DaemonSet pod a GPU node may run, with its requests: ours from
 * `nodes.gpuNodeDaemonSets` (the same figures helm/dragonfly.ts and helm/gpu-stack.ts render),
 * the chart defaults we keep (NFD worker, DCGM exporter) and the EKS add-ons on every node
 * (../eks-addons.ts). An upper bound for every GPU node: a Bottlerocket node runs no chart device
 * plugin (its OS advertises the GPUs; GFD comes from `nvidia-gfd-bottlerocket`), a DRA node runs
 * neither the device plugin nor GFD but the DRA kubelet plugin, which requests nothing (chart
 * default, kubernetes-sigs/dra-driver-nvidia-gpu deployments/helm/dra-driver-nvidia-gpu/values.yaml@v0.4.1).
 * node-exporter requests nothing either (prometheus-community/helm-charts
 * charts/prometheus-node-exporter/values.yaml@prometheus-node-exporter-4.52.0 `resources: {}`).
 */
export function gpuNodeDaemonSets(env: EnvironmentConfig): GpuNodeDaemonSet[] {
  const own = env.nodes.gpuNodeDaemonSets;
  const at = 'nodes.gpuNodeDaemonSets';
  return [
    { name: 'dragonfly/client', requests: parsed(own.dragonflyClient), source: `${at}.dragonflyClient` },
    { name: 'nvidia-device-plugin/device-plugin', requests: parsed(own.nvidiaDevicePlugin), source: `${at}.nvidiaDevicePlugin` },
    { name: 'nvidia-device-plugin/gpu-feature-discovery', requests: parsed(own.nvidiaDevicePlugin), source: `${at}.nvidiaDevicePlugin` },
    { name: 'nvidia-device-plugin/nfd-worker', requests: parsed(NFD_WORKER_REQUESTS), source: 'chart default (node-feature-discovery 0.17.3 worker.resources)' },
    { name: 'dcgm-exporter/dcgm-exporter', requests: dcgmExporterRequests(), source: `chart default (dcgm-exporter ${helmCharts.dcgmExporter.version} resources)` },
    ...eksAddonPods.filter((p) => p.replicas === 'per-node').map((p) => ({ name: p.name, requests: p.requests, source: p.source })),
  ];
}

/** CPU (cores) and memory (MiB) the DaemonSets request on each GPU node, together. */
export function gpuNodeDaemonSetRequests(env: EnvironmentConfig): Resources {
  return gpuNodeDaemonSets(env).reduce((sum, d) => ({ cpu: sum.cpu + d.requests.cpu, memoryMiB: sum.memoryMiB + d.requests.memoryMiB }), { cpu: 0, memoryMiB: 0 });
}
