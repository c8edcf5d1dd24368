/**
 * Inference workloads declared per environment (rendered into the `inference-workloads` app).
 */
import { z } from 'zod';
import { count, k8sName, nonNegative, positive, positiveInt, says, strict, stringMap, text } from './common';
import { draClaim, gpuAllocation } from './dra';

const notPercentage = says((v) => `${v} is not a percentage Knative accepts (1-100)`);

/** What one replica needs; placement is compiled from it against the instance catalogue. */
export const workloadResources = strict({
  /** GPUs per replica (request = limit). */
  gpus: count,
  /** GPU memory each GPU must have, in MiB (the model's working set per GPU). */
  vramMiB: positiveInt,
  /** CPU cores per replica (request = limit). */
  cpu: positive,
  /** Memory per replica in GiB (request = limit). */
  memoryGiB: positive,
});

/** Facts about the image and the model, for timeouts and the cold-start budget. */
export const coldStartFacts = strict({
  /** Compressed image size in MiB (weights packed in the image). */
  imageSizeMiB: positive,
  /** Seconds from container start to ready (model load, CUDA init). */
  modelLoadSeconds: nonNegative,
});

/**
 * Where a KEDA metric comes from: whether it exists while the workload has zero pods.
 * `queue`: queue depth the producers push to the Pushgateway, exists at zero replicas and can
 * wake the workload (the budget report counts one Pushgateway scrape, addons.pushgateway.scrapeInterval,
 * in its trigger lag); `vllm`: vLLM server metric (vllm:num_requests_waiting, KV-cache usage,
 * TTFT), scraped from the pods, so only while pods run.
 */
export const signalSource = z.enum(['queue', 'vllm']);

/** A KEDA Prometheus trigger. */
export const prometheusTrigger = strict({
  name: text,
  source: signalSource,
  /** PromQL returning one value. */
  query: text,
  /** Target value per replica (AverageValue); 0 would ask for infinite replicas. */
  threshold: positive,
  /** Above this value the workload is woken from zero. */
  activationThreshold: nonNegative,
});

/** A KEDA cron trigger keeping a baseline during business hours. */
export const cronBaseline = strict({
  timezone: text,
  /** Cron expressions, e.g. `0 8 * * 1-5` and `0 18 * * 1-5`. */
  start: text,
  end: text,
  desiredReplicas: count,
  /**
   * Whether work that arrives outside the schedule may wait for the next start (nights,
   * weekends). Only then does the cron count as the workload's way back from zero; otherwise
   * a trigger that exists at zero replicas (source "queue") is required. @default false
   */
  jobsMayWaitForSchedule: z.boolean().optional(),
});

const workloadCommon = {
  /** Image with a pinned tag or digest, never `:latest`. */
  image: text,
  resources: workloadResources,
  coldStart: coldStartFacts,
  minReplicas: count,
  maxReplicas: count,
  /** Container port serving inference (and /metrics). */
  port: z.int().min(1).max(65535),
  /** HTTP readiness path. */
  readinessPath: text,
  /**
   * HTTP liveness path: a server that stops answering it is restarted, so a hung worker never
   * keeps its GPU. A start-up probe on the same path, sized from the cold-start budget, holds
   * the liveness probe off while the model loads.
   */
  livenessPath: text,
  /**
   * Paths the server writes (model and compiler caches, temp files): writable emptyDir volumes,
   * since the root filesystem is read-only.
   */
  writablePaths: z.array(text),
  /** Size limit of each writable volume, GiB (counts against the node's ephemeral storage). */
  writableSizeGiB: z.number().gt(0, says(() => 'must be above 0: the server needs room for its caches and temp files')),
  /**
   * ServiceAccount the pods run as, with its API token mounted; only for a workload that needs
   * an identity (e.g. AWS access through Pod Identity). @default none: no token is mounted
   */
  serviceAccountName: k8sName.optional(),
  /** Run at most one replica per node (multi-GPU models, noisy neighbours). */
  onePerNode: z.boolean(),
  /** Extra node selector; only labels known before a node launches are allowed. @default none */
  nodeSelector: stringMap.optional(),
  /**
   * `device-plugin`: `nvidia.com/gpu` limits, Karpenter pools; `dra`: a ResourceClaimTemplate
   * (`dra` below), the environment's DRA node group (`dra` of the environment). @default device-plugin
   */
  gpuAllocation: gpuAllocation.optional(),
  /** The claim of a `gpuAllocation: 'dra'` workload. @default none */
  dra: draClaim.optional(),
};

/** Queue-driven workload: Deployment + KEDA ScaledObject. */
export const asyncWorkload = strict({
  ...workloadCommon,
  kind: z.literal('async'),
  triggers: z.array(prometheusTrigger),
  cron: cronBaseline.optional(),
  /** Seconds between KEDA's queries; 0 would make KEDA poll without pause. */
  pollingIntervalSeconds: positiveInt,
  /** Seconds after the last active trigger before scaling to zero. */
  cooldownPeriodSeconds: count,
  /**
   * Replicas while Prometheus cannot be queried `fallbackFailureThreshold` times in a row (an
   * empty result is not a failure: it reads as 0). KEDA counts fallback as active, so these
   * replicas stay, GPUs included, until Prometheus answers again.
   */
  fallbackReplicas: count,
  fallbackFailureThreshold: positiveInt,
  /** HPA scale-down stabilization window. */
  scaleDownStabilizationSeconds: count,
  /** Seconds the preStop hook waits so in-flight jobs finish before SIGTERM. */
  drainSeconds: count,
});

/** HTTP workload: Knative Service. */
export const httpWorkload = strict({
  ...workloadCommon,
  kind: z.literal('http'),
  /** Soft concurrency target per replica (autoscaling.knative.dev/target). */
  targetConcurrency: positive,
  /**
   * Share of the target Knative aims for (autoscaling.knative.dev/target-utilization-percentage,
   * 1-100): it scales out at min(targetConcurrency, containerConcurrency) x this / 100. Rendered
   * always, because Knative's own default (70) would silently make a target of 4 mean 2.8.
   */
  targetUtilizationPercentage: z.number().min(1, notPercentage).max(100, notPercentage),
  /** Hard limit of concurrent requests per replica (containerConcurrency). */
  containerConcurrency: positiveInt,
  /** Keep replicas this long after load drops, e.g. `5m`. */
  scaleDownDelay: text,
  /** Request timeout; must exceed the cold-start budget. */
  timeoutSeconds: positiveInt,
  /**
   * Responses stream (tokens, server-sent events) so bytes flow at least every few seconds once
   * the first one is sent. Behind the load balancer, only then may timeoutSeconds exceed its
   * 350 s idle timeout: a silent response longer than that is cut by the NLB.
   */
  streaming: z.boolean(),
  /**
   * Reachable through the environment's load balancer at exactly this host (a DomainMapping):
   * from the VPC when `ingress.exposure` is `internal`, from the internet when `public`. Must be
   * under `ingress.domain`; no wildcards. Absent: cluster-local only. @default cluster-local
   */
  publicHost: text.optional(),
});

/**
 * One phase of a disaggregated service: its own hardware (a GPU pool and the instance types of it
 * the replica fits), replicas range and KEDA scaling (rendered as a Deployment + ScaledObject).
 */
const disaggregatedRoleCommon = {
  /** The GPU pool (nodes.pools key) this role's replicas run on; placement is compiled against its instance types only. */
  pool: k8sName,
  resources: workloadResources,
  /** vLLM `--tensor-parallel-size`: GPUs one engine shards the model over; must equal resources.gpus. */
  tensorParallelSize: positiveInt,
  minReplicas: count,
  maxReplicas: count,
  /** Seconds between KEDA's queries. */
  pollingIntervalSeconds: positiveInt,
  /** HPA scale-down stabilization window. */
  scaleDownStabilizationSeconds: count,
  /** Replicas while Prometheus cannot be queried `fallbackFailureThreshold` times in a row. */
  fallbackReplicas: count,
  fallbackFailureThreshold: positiveInt,
  /** Seconds the preStop hook waits so in-flight requests finish before SIGTERM. */
  drainSeconds: count,
  /** Run at most one replica per node. */
  onePerNode: z.boolean(),
};

/** Prefill: compute-bound; scales on time to first token and the requests waiting for it. */
export const prefillRole = strict({
  ...disaggregatedRoleCommon,
  scaling: strict({
    /** p95 time to first token the role is scaled to hold, seconds (vllm:time_to_first_token_seconds). */
    ttftP95Seconds: positive,
    /** Waiting requests per replica (vllm:num_requests_waiting) above which it scales out. */
    waitingPerReplica: positive,
  }),
});

/** Decode: bound by KV-cache memory; scales on KV-cache saturation and concurrent generations. */
export const decodeRole = strict({
  ...disaggregatedRoleCommon,
  scaling: strict({
    /** Average KV-cache usage (vllm:kv_cache_usage_perc, 0-1) the role is scaled to hold. */
    kvCacheUsage: z.number().gt(0).max(1, says((v) => `${v} is above 1: vllm:kv_cache_usage_perc is a fraction (1 = 100 %)`)),
    /** Running requests per replica (vllm:num_requests_running) above which it scales out. */
    runningPerReplica: positive,
  }),
});

/**
 * Disaggregated prefill/decode: one model served by a prefill and a decode role on their own
 * hardware, KV cache handed over by vLLM's NixlConnector over UCX/TCP, and the production-stack
 * router (`disaggregated_prefill_orchestrated`) in front.
 */
export const disaggregatedWorkload = strict({
  kind: z.literal('disaggregated'),
  /** vLLM engine image of both roles, pinned (versions.ts disaggregatedImages.vllmEngine or its ECR mirror). */
  image: text,
  /** The model both roles serve (`vllm serve <model>`); one value, so the roles cannot diverge. */
  model: text,
  coldStart: coldStartFacts,
  /** vLLM's HTTP port on both roles (API, /health, /metrics). */
  port: z.int().min(1).max(65535),
  writablePaths: z.array(text),
  writableSizeGiB: z.number().gt(0, says(() => 'must be above 0: the server needs room for its caches and temp files')),
  /** Identity with a mounted token (model download from S3, ...). @default none */
  serviceAccountName: k8sName.optional(),
  prefill: prefillRole,
  decode: decodeRole,
  /** How the KV cache moves from prefill to decode. */
  kvTransfer: strict({
    /**
     * Availability zone both roles are pinned to: the KV cache crosses the network on every
     * request, so the roles share one zone (no inter-AZ latency or transfer charges).
     */
    zone: text,
    /** NIXL handshake port (VLLM_NIXL_SIDE_CHANNEL_PORT). */
    sideChannelPort: z.int().min(1024).max(65535),
    /** First port of the UCX TCP data range (UCX_TCP_PORT_RANGE), so NetworkPolicies can name it. */
    ucxPortFirst: z.int().min(1024).max(65535),
    /** Last port of that range. */
    ucxPortLast: z.int().min(1024).max(65535),
  }),
  /** The router Deployment (CPU only, on the non-GPU nodes). */
  router: strict({
    replicas: positiveInt,
    cpu: positive,
    memoryGiB: positive,
  }),
});

export const workload = z.discriminatedUnion('kind', [asyncWorkload, httpWorkload, disaggregatedWorkload], {
  error: (iss) => (iss.code === 'invalid_union' ? `kind must be "async" (queue-driven, KEDA), "http" (Knative) or "disaggregated" (prefill/decode), not ${JSON.stringify((iss.input as { kind?: unknown } | undefined)?.kind)}` : undefined),
});

/** The workload layer of one environment. */
export const workloads = strict({
  /** Namespace every workload runs in. */
  namespace: k8sName,
  /** PriorityClass of inference pods (below the platform's). */
  priorityClassName: k8sName,
  /**
   * Non-root user the containers run as: at least 10000, above every user a node has (AL2023's
   * first regular user, `ec2-user`, is 1000), so a container escape is not a node login.
   */
  runAsUser: count,
  /** Prometheus the KEDA triggers query. */
  prometheusUrl: text,
  /** Workloads by name: each name becomes Deployment, Service and ScaledObject names. */
  services: z.record(k8sName, workload),
});
