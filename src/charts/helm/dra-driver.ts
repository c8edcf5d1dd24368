import type { EnvironmentConfig } from '../../config/types';
import { helmCharts } from '../../config/versions';
import { tolerate, type HelmRelease } from './release';

/** Required node affinity on the DRA nodes' labels (replaces the chart's NFD terms). */
export function draNodeAffinity(labels: Readonly<Record<string, string>>) {
  const matchExpressions = Object.entries(labels).map(([key, value]) => ({ key, operator: 'In', values: [value] }));
  return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } };
}

/**
 * The NVIDIA GPU DRA driver (kubernetes-sigs/dra-driver-nvidia-gpu chart 0.4.1): its kubelet
 * plugin publishes the GPUs of the DRA nodes as ResourceSlices, and only there; the device
 * plugin stays off those nodes (gpu-stack.ts), so no GPU is advertised twice.
 * Keys: deployments/helm/dra-driver-nvidia-gpu/values.yaml@v0.4.1.
 */
export function draDriver(env: EnvironmentConfig): HelmRelease | undefined {
  if (!env.dra) return undefined;
  return {
    app: 'dra-driver-nvidia-gpu',
    chart: helmCharts.draDriver,
    namespace: env.dra.driver.namespace,
    releaseName: 'dra-driver-nvidia-gpu',
    values: {
      // templates/validation.yaml@v0.4.1 refuses to render GPU resources without it, a guard
      // against the device plugin on the same nodes, which the affinity below rules out.
      gpuResourcesEnabledOverride: true,
      // ComputeDomains are multi-node NVLink (IMEX) domains, which no catalogue instance has;
      // off, the chart renders no controller Deployment (templates/controller.yaml@v0.4.1).
      resources: { gpus: { enabled: true }, computeDomains: { enabled: false } },
      kubeletPlugin: {
        tolerations: [tolerate(env.nodes.gpuTaint)],
        affinity: draNodeAffinity(env.dra.nodeLabels),
      },
    },
  };
}
