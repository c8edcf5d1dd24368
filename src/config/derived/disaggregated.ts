import type { EnvironmentConfig } from '../types';
import type {
  AsyncWorkloadConfig,
  DecodeRoleConfig,
  DisaggregatedWorkloadConfig,
  PrefillRoleConfig,
  PrometheusTriggerConfig,
  ServiceConfig,
  WorkloadConfig,
} from '../workload-types';
import { fits, gpuCandidates, placementFor } from './placement';
import { gpuNodeDaemonSetRequests } from './gpu-node-daemonsets';

/**
 * A disaggregated service is two GPU Deployments (prefill, decode) plus a CPU router. Everything
 * that reasons about GPU pods (placement, quota, GPU demand, grace periods, the budget report)
 * sees each role as a KEDA-scaled Deployment, i.e. an async workload named `<service>-<role>`.
 */

export const ROLES = ['prefill', 'decode'] as const;
export type Role = (typeof ROLES)[number];

/** Object names of a role's Deployment, Service and ScaledObject. */
export const roleName = (service: string, role: Role): string => `${service}-${role}`;
/** Object names of the router's Deployment and Service. */
export const routerName = (service: string): string => `${service}-router`;

/**
 * Window of the TTFT rate: four Prometheus scrapes at the default 30 s interval, so one missed
 * scrape does not empty it.
 */
const TTFT_WINDOW = '2m';

/** Selector of one role's pods (the PodMonitor's `namespace` and `pod` target labels). */
const podsOf = (env: EnvironmentConfig, service: string, role: Role) => `{namespace="${env.workloads.namespace}",pod=~"${roleName(service, role)}-.*"}`;

/** A KEDA trigger on a vLLM metric with its HPA metric type. */
export interface RoleTrigger extends PrometheusTriggerConfig {
  /** `Value`: the query already is the per-replica figure (a latency, an average). `AverageValue`: a total HPA divides by replicas. */
  readonly metricType: 'Value' | 'AverageValue';
}

/**
 * Prefill scales on p95 time to first token and waiting requests. The quantile of an idle
 * role is NaN (0/0); `> 0 or vector(0)` turns it into 0 instead of a KEDA error.
 */
export function prefillTriggers(env: EnvironmentConfig, service: string, r: PrefillRoleConfig): RoleTrigger[] {
  const sel = podsOf(env, service, 'prefill');
  return [
    {
      name: 'ttft-p95',
      source: 'vllm',
      query: `(histogram_quantile(0.95, sum by (le) (rate(vllm:time_to_first_token_seconds_bucket${sel}[${TTFT_WINDOW}]))) > 0) or vector(0)`,
      threshold: r.scaling.ttftP95Seconds,
      activationThreshold: 0,
      metricType: 'Value',
    },
    { name: 'waiting', source: 'vllm', query: `sum(vllm:num_requests_waiting${sel})`, threshold: r.scaling.waitingPerReplica, activationThreshold: 0, metricType: 'AverageValue' },
  ];
}

/** Decode scales on average KV-cache usage and running (concurrently generating) requests. */
export function decodeTriggers(env: EnvironmentConfig, service: string, r: DecodeRoleConfig): RoleTrigger[] {
  const sel = podsOf(env, service, 'decode');
  return [
    { name: 'kv-cache', source: 'vllm', query: `avg(vllm:kv_cache_usage_perc${sel})`, threshold: r.scaling.kvCacheUsage, activationThreshold: 0, metricType: 'Value' },
    { name: 'running', source: 'vllm', query: `sum(vllm:num_requests_running${sel})`, threshold: r.scaling.runningPerReplica, activationThreshold: 0, metricType: 'AverageValue' },
  ];
}

export function roleTriggers(env: EnvironmentConfig, service: string, w: DisaggregatedWorkloadConfig, role: Role): RoleTrigger[] {
  return role === 'prefill' ? prefillTriggers(env, service, w.prefill) : decodeTriggers(env, service, w.decode);
}

/**
 * Seconds after the last active trigger before KEDA scales to zero; never reached, since
 * both roles keep at least one replica (the router has no queue to wake them).
 */
const ROLE_COOLDOWN_SECONDS = 300;

/** One role as the async workload it is rendered as (a Deployment + ScaledObject). */
export function roleWorkload(env: EnvironmentConfig, service: string, w: DisaggregatedWorkloadConfig, role: Role): AsyncWorkloadConfig {
  const r = w[role];
  return {
    kind: 'async',
    image: w.image,
    resources: r.resources,
    coldStart: w.coldStart,
    minReplicas: r.minReplicas,
    maxReplicas: r.maxReplicas,
    port: w.port,
    readinessPath: '/health',
    livenessPath: '/health',
    writablePaths: w.writablePaths,
    writableSizeGiB: w.writableSizeGiB,
    serviceAccountName: w.serviceAccountName,
    onePerNode: r.onePerNode,
    nodeSelector: roleNodeSelector(w, role),
    triggers: roleTriggers(env, service, w, role).map(({ metricType: _m, ...t }) => t),
    pollingIntervalSeconds: r.pollingIntervalSeconds,
    cooldownPeriodSeconds: ROLE_COOLDOWN_SECONDS,
    fallbackReplicas: r.fallbackReplicas,
    fallbackFailureThreshold: r.fallbackFailureThreshold,
    scaleDownStabilizationSeconds: r.scaleDownStabilizationSeconds,
    drainSeconds: r.drainSeconds,
  };
}

/**
 * Labels known before a node launches (Karpenter sets both from the NodePool and the launch
 * zone): the role's own pool, and the one zone of the KV transfer.
 */
export function roleNodeSelector(w: DisaggregatedWorkloadConfig, role: Role): Record<string, string> {
  return { 'karpenter.sh/nodepool': w[role].pool, 'topology.kubernetes.io/zone': w.kvTransfer.zone };
}

/** A GPU Deployment or Knative Service of the environment, with its config path. */
export interface GpuWorkload {
  /** Object name: the service name, or `<service>-<role>`. */
  readonly name: string;
  /** Config path below the environment (`workloads.services.<name>[.<role>]`). */
  readonly path: string;
  readonly w: WorkloadConfig;
  /** The one GPU pool a disaggregated role must run on. @default every GPU pool */
  readonly pool?: string;
}

/** Every GPU workload: the async and HTTP services, and each role of a disaggregated one. */
export function gpuWorkloads(env: EnvironmentConfig): GpuWorkload[] {
  return Object.entries(env.workloads.services).flatMap(([name, w]: [string, ServiceConfig]) =>
    w.kind === 'disaggregated'
      ? ROLES.map((role) => ({ name: roleName(name, role), path: `workloads.services.${name}.${role}`, w: roleWorkload(env, name, w, role), pool: w[role].pool }))
      : [{ name, path: `workloads.services.${name}`, w }],
  );
}

/** The disaggregated services of an environment. */
export function disaggregatedServices(env: EnvironmentConfig): [string, DisaggregatedWorkloadConfig][] {
  return Object.entries(env.workloads.services).flatMap(([name, w]: [string, ServiceConfig]) => (w.kind === 'disaggregated' ? [[name, w] as [string, DisaggregatedWorkloadConfig]] : []));
}

/** Instance types of one pool a replica fits on, sorted (a role's placement). */
export function placementInPool(env: EnvironmentConfig, pool: string, r: WorkloadConfig['resources']): string[] {
  const allowed = new Set(env.nodes.pools[pool]?.gpu ? env.nodes.pools[pool].instanceTypes : []);
  const daemonSets = gpuNodeDaemonSetRequests(env);
  return gpuCandidates(env)
    .filter((it) => allowed.has(it.name) && fits(r, it, daemonSets))
    .map((it) => it.name)
    .sort();
}

/** Where a GPU workload's replicas may land: its pool's fitting types for a role, every GPU pool's otherwise. */
export function placementOf(env: EnvironmentConfig, g: GpuWorkload): string[] {
  return g.pool ? placementInPool(env, g.pool, g.w.resources) : placementFor(env, g.w.resources);
}
