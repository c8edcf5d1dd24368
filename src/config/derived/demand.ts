import type { EnvironmentConfig } from '../types';
import { disaggregatedServices, gpuWorkloads } from './disaggregated';
import type { WorkloadConfig } from '../workload-types';

/**
 * The Deployment maxSurge the async workloads keep (Kubernetes' default, not overridden): 25%
 * of the replicas, rounded up (kubernetes/api apps/v1/types.go@v0.35.0).
 */
const DEPLOYMENT_MAX_SURGE = 0.25;

/**
 * Replicas a rollout adds beside the old ones at max scale: a Deployment's surge, or for Knative
 * a whole new revision, which may scale to full size before the old one is scaled down.
 */
export function rolloutSurge(w: WorkloadConfig): number {
  return w.kind === 'http' ? w.maxReplicas : Math.ceil(w.maxReplicas * DEPLOYMENT_MAX_SURGE);
}

/** What the quota counts, per pod or summed over pods. */
export interface QuotaAmounts {
  readonly cpu: number;
  readonly memoryGiB: number;
  readonly gpus: number;
  readonly pods: number;
}

/** Requests of one replica's pod: the inference container, plus Knative's queue-proxy for HTTP workloads. */
export function podRequests(env: EnvironmentConfig, w: WorkloadConfig): QuotaAmounts {
  const r = w.resources;
  const qp = w.kind === 'http' ? env.knative.queueProxy : { cpu: 0, memoryMiB: 0 };
  return { cpu: r.cpu + qp.cpu, memoryGiB: r.memoryGiB + qp.memoryMiB / 1024, gpus: r.gpus, pods: 1 };
}

/** What the workloads request at max scale in the middle of a rollout, sidecars included: the namespace quota must cover it. */
export function quotaDemand(env: EnvironmentConfig): QuotaAmounts {
  const total = { cpu: 0, memoryGiB: 0, gpus: 0, pods: 0 };
  for (const { w } of gpuWorkloads(env)) {
    const pods = w.maxReplicas + rolloutSurge(w);
    const each = podRequests(env, w);
    for (const k of Object.keys(total) as (keyof QuotaAmounts)[]) total[k] += pods * each[k];
    // A DRA workload's GPUs are claimed devices, counted per DeviceClass (derived/dra.ts), not requests.nvidia.com/gpu.
    if (w.gpuAllocation === 'dra') total.gpus -= pods * each.gpus;
  }
  // Each disaggregated service's router: a plain Deployment (replicas plus its surge), no GPU.
  for (const [, d] of disaggregatedServices(env)) {
    const pods = d.router.replicas + Math.ceil(d.router.replicas * DEPLOYMENT_MAX_SURGE);
    total.cpu += pods * d.router.cpu;
    total.memoryGiB += pods * d.router.memoryGiB;
    total.pods += pods;
  }
  return total;
}
