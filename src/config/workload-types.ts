/**
 * Inference workloads declared per environment (rendered into the `inference-workloads` app).
 */

/** What one replica needs; placement is compiled from it against the instance catalogue. */
export interface WorkloadResources {
  /** GPUs per replica (request = limit). */
  readonly gpus: number;
  /** GPU memory each GPU must have, in MiB (the model's working set per GPU). */
  readonly vramMiB: number;
  /** CPU cores per replica (request = limit). */
  readonly cpu: number;
  /** Memory per replica in GiB (request = limit). */
  readonly memoryGiB: number;
}

/** Facts about the image and the model, for timeouts and the cold-start budget. */
export interface ColdStartFacts {
  /** Compressed image size in MiB (weights packed in the image). */
  readonly imageSizeMiB: number;
  /** Seconds from container start to ready (model load, CUDA init). */
  readonly modelLoadSeconds: number;
}

/** Where a KEDA metric comes from: whether it exists while the workload has zero pods. */
export type SignalSource =
  /** Broker/gateway-side metric (queue depth): exists at zero replicas, can wake the workload. */
  | 'queue'
  /** vLLM server metric (vllm:num_requests_waiting, KV-cache usage, TTFT): only while pods run. */
  | 'vllm';

/** A KEDA Prometheus trigger. */
export interface PrometheusTriggerConfig {
  readonly name: string;
  readonly source: SignalSource;
  /** PromQL returning one value. */
  readonly query: string;
  /** Target value per replica (AverageValue). */
  readonly threshold: number;
  /** Above this value the workload is woken from zero. */
  readonly activationThreshold: number;
}

/** A KEDA cron trigger keeping a baseline during business hours. */
export interface CronBaselineConfig {
  readonly timezone: string;
  /** Cron expressions, e.g. `0 8 * * 1-5` and `0 18 * * 1-5`. */
  readonly start: string;
  readonly end: string;
  readonly desiredReplicas: number;
  /**
   * Whether work that arrives outside the schedule may wait for the next start (nights,
   * weekends). Only then does the cron count as the workload's way back from zero; otherwise
   * a trigger that exists at zero replicas (source "queue") is required. @default false
   */
  readonly jobsMayWaitForSchedule?: boolean;
}

interface WorkloadCommon {
  /** Image with a pinned tag or digest, never `:latest`. */
  readonly image: string;
  readonly resources: WorkloadResources;
  readonly coldStart: ColdStartFacts;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Container port serving inference (and /metrics). */
  readonly port: number;
  /** HTTP readiness path. */
  readonly readinessPath: string;
  /**
   * HTTP liveness path: a server that stops answering it is restarted, so a hung worker never
   * keeps its GPU. A start-up probe on the same path, sized from the cold-start budget, holds
   * the liveness probe off while the model loads.
   */
  readonly livenessPath: string;
  /**
   * Paths the server writes (model and compiler caches, temp files): writable emptyDir volumes,
   * since the root filesystem is read-only.
   */
  readonly writablePaths: readonly string[];
  /** Size limit of each writable volume, GiB (counts against the node's ephemeral storage). */
  readonly writableSizeGiB: number;
  /**
   * ServiceAccount the pods run as, with its API token mounted; only for a workload that needs
   * an identity (e.g. AWS access through Pod Identity). @default none: no token is mounted
   */
  readonly serviceAccountName?: string;
  /** Run at most one replica per node (multi-GPU models, noisy neighbours). */
  readonly onePerNode: boolean;
  /** Extra node selector; only labels known before a node launches are allowed. @default none */
  readonly nodeSelector?: Readonly<Record<string, string>>;
}

/** Queue-driven workload: Deployment + KEDA ScaledObject. */
export interface AsyncWorkloadConfig extends WorkloadCommon {
  readonly kind: 'async';
  readonly triggers: readonly PrometheusTriggerConfig[];
  readonly cron?: CronBaselineConfig;
  readonly pollingIntervalSeconds: number;
  /** Seconds after the last active trigger before scaling to zero. */
  readonly cooldownPeriodSeconds: number;
  /**
   * Replicas while Prometheus cannot be queried `fallbackFailureThreshold` times in a row (an
   * empty result is not a failure: it reads as 0). KEDA counts fallback as active, so these
   * replicas stay, GPUs included, until Prometheus answers again.
   */
  readonly fallbackReplicas: number;
  readonly fallbackFailureThreshold: number;
  /** HPA scale-down stabilization window. */
  readonly scaleDownStabilizationSeconds: number;
  /** Seconds the preStop hook waits so in-flight jobs finish before SIGTERM. */
  readonly drainSeconds: number;
}

/** HTTP workload: Knative Service. */
export interface HttpWorkloadConfig extends WorkloadCommon {
  readonly kind: 'http';
  /** Soft concurrency target per replica (autoscaling.knative.dev/target). */
  readonly targetConcurrency: number;
  /**
   * Share of the target Knative aims for (autoscaling.knative.dev/target-utilization-percentage,
   * 1-100): it scales out at min(targetConcurrency, containerConcurrency) x this / 100. Rendered
   * always, because Knative's own default (70) would silently make a target of 4 mean 2.8.
   */
  readonly targetUtilizationPercentage: number;
  /** Hard limit of concurrent requests per replica (containerConcurrency). */
  readonly containerConcurrency: number;
  /** Keep replicas this long after load drops, e.g. `5m`. */
  readonly scaleDownDelay: string;
  /** Request timeout; must exceed the cold-start budget. */
  readonly timeoutSeconds: number;
  /**
   * Responses stream (tokens, server-sent events) so bytes flow at least every few seconds once
   * the first one is sent. Behind the load balancer, only then may timeoutSeconds exceed its
   * 350 s idle timeout: a silent response longer than that is cut by the NLB.
   */
  readonly streaming: boolean;
  /**
   * Reachable through the environment's load balancer at exactly this host (a DomainMapping):
   * from the VPC when `ingress.exposure` is `internal`, from the internet when `public`. Must be
   * under `ingress.domain`; no wildcards. Absent: cluster-local only. @default cluster-local
   */
  readonly publicHost?: string;
}

export type WorkloadConfig = AsyncWorkloadConfig | HttpWorkloadConfig;

/** The workload layer of one environment. */
export interface WorkloadsConfig {
  /** Namespace every workload runs in. */
  readonly namespace: string;
  /** PriorityClass of inference pods (below the platform's). */
  readonly priorityClassName: string;
  /**
   * Non-root user the containers run as: at least 10000, above every user a node has (AL2023's
   * first regular user, `ec2-user`, is 1000), so a container escape is not a node login.
   */
  readonly runAsUser: number;
  /** Prometheus the KEDA triggers query. */
  readonly prometheusUrl: string;
  /** Workloads by name. */
  readonly services: Readonly<Record<string, WorkloadConfig>>;
}
