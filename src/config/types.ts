import type { PlatformConfig } from './platform-types';
import type { WorkloadsConfig } from './workload-types';

/**
 * The typed shape of one environment. Every value that differs per environment is a field
 * here, and every field changes the rendered output (test/config/fields.test.ts proves it).
 */

/** Pod Security Standards level. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** Identity of the EKS cluster and the AWS names the manifests refer to (Terraform creates them). */
export interface ClusterConfig {
  /** EKS cluster name; also the `karpenter.sh/discovery` tag value. */
  readonly name: string;
  /** AWS region, e.g. `us-east-1`. */
  readonly region: string;
  /** 12-digit AWS account id. */
  readonly accountId: string;
  /** ECR registry host the workloads pull from (`<account>.dkr.ecr.<region>.amazonaws.com`). */
  readonly registryHost: string;
  /** IAM role name of Karpenter-launched nodes. */
  readonly nodeRoleName: string;
  /** SQS queue Karpenter reads spot interruption and rebalance events from. */
  readonly interruptionQueueName: string;
}

/** Pod Security admission labels of one namespace. */
export interface PodSecurityConfig {
  readonly enforce: PodSecurityLevel;
  readonly audit: PodSecurityLevel;
  readonly warn: PodSecurityLevel;
}

/** Ceilings of one namespace (ResourceQuota). */
export interface QuotaConfig {
  readonly cpu: number;
  readonly memoryGiB: number;
  /** `requests.nvidia.com/gpu`: must cover the namespace's workloads at max scale. */
  readonly gpus: number;
  readonly pods: number;
}

/** A namespace the platform owns. */
export interface NamespaceConfig {
  readonly podSecurity: PodSecurityConfig;
  /** Why this namespace needs its enforce level; required when enforce is `privileged`. */
  readonly reason: string;
  /** ResourceQuota, for namespaces that run workloads. @default none */
  readonly quota?: QuotaConfig;
  /** LimitRange defaults for containers that set no resources. @default none */
  readonly containerDefaults?: { readonly cpu: string; readonly memory: string };
}

/** A PriorityClass the platform defines. */
export interface PriorityClassConfig {
  readonly value: number;
  readonly description: string;
}

/** Where Argo CD reads this repository. */
export interface GitOpsConfig {
  /** Git URL of this repository. */
  readonly repoUrl: string;
  /** Branch, tag or commit Argo CD tracks for this environment. */
  readonly targetRevision: string;
}

/** A Kubernetes taint. */
export interface TaintConfig {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule' | 'NoExecute' | 'PreferNoSchedule';
}

/** Namespace + service account of a Pod Identity association (Terraform creates the association). */
export interface PodIdentityBinding {
  readonly namespace: string;
  readonly serviceAccount: string;
}

/** The Pod Identity associations the platform relies on, by component. */
export interface PodIdentityConfig {
  readonly karpenter: PodIdentityBinding;
  readonly externalSecrets: PodIdentityBinding;
  readonly ebsCsi: PodIdentityBinding;
}

/** An EKS managed node group created by Terraform (not by Karpenter). */
export interface ManagedNodeGroupConfig {
  /** EC2 instance type (from the instance catalogue). */
  readonly instanceType: string;
  /** Nodes kept running; 0 disables the group. */
  readonly desiredSize: number;
  readonly minSize: number;
  readonly maxSize: number;
  /** Labels every node of the group carries. */
  readonly labels: Readonly<Record<string, string>>;
  /** Taints every node of the group carries. */
  readonly taints: readonly TaintConfig[];
}

/** AMI family of an EC2NodeClass. */
export type AmiFamily = 'AL2023' | 'Bottlerocket';

/** A Karpenter EC2NodeClass. */
export interface NodeClassConfig {
  readonly amiFamily: AmiFamily;
  /**
   * AMI alias, e.g. `al2023@v20250505` or `bottlerocket@v1.40.0`. Pinned versions only in prod;
   * `@latest` floats to whatever AWS publishes next.
   */
  readonly amiAlias: string;
  /** Root (AL2023) or data (Bottlerocket) gp3 volume size; large inference images need room. */
  readonly volumeGiB: number;
  /** gp3 IOPS and throughput of that volume (image pulls are throughput-bound). */
  readonly volumeIops: number;
  readonly volumeThroughputMiBps: number;
  /** EC2 capacity reservations this class may launch into (pools using it may use `reserved`). */
  readonly capacityReservationIds?: readonly string[];
}

/** Karpenter capacity types. */
export type CapacityType = 'spot' | 'on-demand' | 'reserved';

/** A Karpenter disruption budget. */
export interface DisruptionBudgetConfig {
  /** Nodes (count or percentage) that may be disrupted at once; `0` blocks. */
  readonly nodes: string;
  /** Cron schedule (UTC) when the budget applies; absent = always. */
  readonly schedule?: string;
  /** How long the budget applies after each schedule hit, e.g. `10h`. */
  readonly duration?: string;
  /** Disruption reasons the budget limits; absent = all. */
  readonly reasons?: readonly ('Underutilized' | 'Empty' | 'Drifted')[];
}

/** A Karpenter NodePool. */
export interface NodePoolConfig {
  /** Key of the EC2NodeClass in `nodes.nodeClasses`. */
  readonly nodeClass: string;
  /** Whether this pool provides GPUs (tainted, GPU labels, GPU limit). */
  readonly gpu: boolean;
  /** Allowed instance types, all from the instance catalogue. */
  readonly instanceTypes: readonly string[];
  /** Allowed capacity types; Karpenter prefers reserved, then spot, then on-demand. */
  readonly capacityTypes: readonly CapacityType[];
  /** Pool priority: higher weight is tried first (baseline above burst). */
  readonly weight?: number;
  /** Pool-wide ceilings: Karpenter launches nothing beyond them. */
  readonly limits: { readonly cpu: number; readonly memoryGiB: number; readonly gpus?: number };
  readonly disruption: {
    readonly consolidationPolicy: 'WhenEmpty' | 'WhenEmptyOrUnderutilized';
    /** Idle time before an empty/underutilized node is removed, e.g. `3m`, `2h`. */
    readonly consolidateAfter: string;
    readonly budgets: readonly DisruptionBudgetConfig[];
  };
  /** Maximum node lifetime (forces AMI refresh), e.g. `720h`, or `Never`. */
  readonly expireAfter: string;
  /**
   * Longest a node may take to drain once Karpenter starts (expiry, drift, consolidation);
   * after it, pods are deleted even if a PodDisruptionBudget still holds them. GPU pools: at
   * least every workload's grace period plus its preStop drain (rules/disruption.ts).
   */
  readonly terminationGracePeriod: string;
}

/** The node layer: Terraform node groups and Karpenter pools. */
export interface NodesConfig {
  /** Labels every GPU node carries, Karpenter-launched or baseline node group alike. */
  readonly gpuNodeLabels: Readonly<Record<string, string>>;
  /** The taint that keeps non-GPU pods off GPU nodes. */
  readonly gpuTaint: TaintConfig;
  /** Always-on node group for controllers (Terraform). */
  readonly systemNodeGroup: ManagedNodeGroupConfig;
  /** Always-on GPU node group (Terraform, NVIDIA AL2023 AMI); desiredSize 0 disables it. */
  readonly baselineGpuNodeGroup: ManagedNodeGroupConfig;
  readonly nodeClasses: Readonly<Record<string, NodeClassConfig>>;
  readonly pools: Readonly<Record<string, NodePoolConfig>>;
  /**
   * CPU (cores) and memory (GiB) the DaemonSets on a GPU node request. kube-reserved and the
   * eviction threshold are added per instance type (config/derived/node-overhead.ts).
   */
  readonly daemonSetOverhead: { readonly cpu: number; readonly memoryGiB: number };
  /** Registries whose pulls go through the node-local Dragonfly peer first. */
  readonly registryMirror: {
    /** dfdaemon's proxy on the node, e.g. `http://127.0.0.1:4001`. */
    readonly endpoint: string;
    /** Extra registries to mirror besides `cluster.registryHost`. */
    readonly extraRegistries: readonly string[];
  };
  /** Guardrails that differ per environment. */
  readonly policy: {
    /** GPU pools must allow on-demand so spot shortages never block scale-out (prod). */
    readonly requireOnDemandGpuFallback: boolean;
    /** Whether AMI aliases may float on `@latest` (never in prod). */
    readonly allowLatestAmi: boolean;
  };
}

/** Requests of one platform container: the memory request is also its limit; CPU is not limited (no throttling). */
export interface ContainerResourcesConfig {
  /** CPU request, e.g. `250m`. */
  readonly cpu: string;
  /** Memory request and limit, e.g. `512Mi`. */
  readonly memory: string;
}

/** Settings of the platform add-ons (Helm releases of the platform-helm layer). */
export interface AddonsConfig {
  readonly dragonfly: {
    /** Manager and scheduler replicas (control plane of the P2P network). */
    readonly managerReplicas: number;
    readonly schedulerReplicas: number;
    /** Seed peers: they pull from the registry first and serve the other peers. */
    readonly seedClientReplicas: number;
    /** Cache volume of each seed peer (gp3). */
    readonly seedClientStorageGiB: number;
    /** Requests of each manager, scheduler and seed peer pod (the chart's limits stay: they burst on big pulls). */
    readonly managerRequests: ContainerResourcesConfig;
    readonly schedulerRequests: ContainerResourcesConfig;
    readonly seedClientRequests: ContainerResourcesConfig;
  };
  readonly dcgmExporter: {
    /** Prometheus scrape interval of GPU metrics, e.g. `15s`. */
    readonly scrapeInterval: string;
  };
  readonly karpenter: {
    /** Controller replicas; one leader works, the others take over (the chart's anti-affinity spreads them). */
    readonly replicas: number;
    readonly resources: ContainerResourcesConfig;
  };
  readonly keda: {
    /** Operator replicas: one leader, the others stand by (shorter failover only). */
    readonly operatorReplicas: number;
    /** Metrics API server replicas (external.metrics.k8s.io, what the HPA asks). */
    readonly metricsServerReplicas: number;
    /** Admission webhook replicas (validates ScaledObjects). */
    readonly webhookReplicas: number;
  };
  readonly prometheus: {
    /** Prometheus replicas; each scrapes everything (an HA pair, not shards). */
    readonly replicas: number;
    /** How long samples are kept, a Prometheus duration, e.g. `15d`. */
    readonly retention: string;
    /** gp3 volume of each replica; `retentionSize` is derived from it so the disk never fills. */
    readonly storageGiB: number;
    readonly resources: ContainerResourcesConfig;
    /** The Prometheus Operator's own pod. */
    readonly operatorResources: ContainerResourcesConfig;
  };
  readonly alertmanager: {
    /** Alertmanager replicas (they gossip silences and deduplicate notifications). */
    readonly replicas: number;
    /** gp3 volume of each replica (silences and notification log survive restarts). */
    readonly storageGiB: number;
    readonly resources: ContainerResourcesConfig;
  };
  readonly pushgateway: {
    /** gp3 volume keeping pushed metrics across restarts; 0 keeps them in memory only. Always one replica. */
    readonly storageGiB: number;
    readonly resources: ContainerResourcesConfig;
  };
  readonly kyverno: {
    /** Admission controller replicas: every pod create/update waits on them. */
    readonly admissionReplicas: number;
    /** Replicas of the background, cleanup and reports controllers. */
    readonly controllerReplicas: number;
  };
  readonly externalSecrets: {
    /** Controller replicas (leader election is always on, so rollouts never run two writers). */
    readonly replicas: number;
    /** Webhook replicas (validates ExternalSecrets and stores). */
    readonly webhookReplicas: number;
    /** Resources of each controller, webhook and cert controller pod. */
    readonly resources: ContainerResourcesConfig;
  };
}

/** Knative Serving, installed by the Knative Operator's KnativeServing CR. */
export interface KnativeConfig {
  /** Replicas of the HA control-plane and data-plane deployments (activator, autoscaler, ...). */
  readonly replicas: number;
  /** Time to keep the last pod after traffic stops before removing it, e.g. `30s`. */
  readonly scaleToZeroGracePeriod: string;
  /** Autoscaler averaging window, e.g. `60s`. */
  readonly stableWindow: string;
  /** A new revision failing to become ready within this is marked failed; must exceed cold starts. */
  readonly progressDeadlineSeconds: number;
  /** Ceiling of any revision's timeoutSeconds (at most 600: the activator's grace period). */
  readonly maxRevisionTimeoutSeconds: number;
  /**
   * Resources of the queue-proxy sidecar in every HTTP workload pod. Set explicitly: Knative
   * sets only a 25m CPU request by default, so the namespace LimitRange would decide the rest
   * (a CPU limit that throttles the request path). Counted in the namespace quota.
   */
  readonly queueProxy: {
    /** CPU request in cores. */
    readonly cpu: number;
    /** CPU limit in cores: the sidecar proxies every request and must not be throttled to the LimitRange default. */
    readonly cpuLimit: number;
    /** Memory request and limit in MiB. */
    readonly memoryMiB: number;
  };
}

/** How inference HTTP services are reached from outside the cluster (Kourier behind an NLB). */
export interface IngressConfig {
  /**
   * `none`: no load balancer (in-cluster callers only); `internal`: an internal NLB (VPC
   * callers); `public`: an internet-facing NLB terminating TLS with `certificateArn`.
   */
  readonly exposure: 'none' | 'internal' | 'public';
  /** Domain every public host must be under, and Knative's default domain. */
  readonly domain: string;
  /** ACM certificate for TLS at the load balancer; required for `public`. @default none */
  readonly certificateArn?: string;
  /** ELB TLS security policy of the TLS listener. */
  readonly tlsPolicy: string;
}

/** One environment (dev, prod, ...): everything that is rendered for it. */
export interface EnvironmentConfig {
  /** Environment name: the dist/<name> and argocd/<name> folder. */
  readonly name: string;
  readonly cluster: ClusterConfig;
  readonly podIdentity: PodIdentityConfig;
  readonly gitops: GitOpsConfig;
  /** Namespaces by name. */
  readonly namespaces: Readonly<Record<string, NamespaceConfig>>;
  readonly nodes: NodesConfig;
  readonly addons: AddonsConfig;
  readonly platform: PlatformConfig;
  /** PriorityClasses by name; `platform-critical` for controllers, the workloads' for inference. */
  readonly priorityClasses: Readonly<Record<string, PriorityClassConfig>>;
  readonly workloads: WorkloadsConfig;
  readonly knative: KnativeConfig;
  readonly ingress: IngressConfig;
  /**
   * Limits the budget report (dist/<env>/budget.md) is validated against; a value the config
   * exceeds is a ConfigError. @default no limits
   */
  readonly budget?: {
    /** Most the GPU instances may cost per hour at once: GPU pools at their limits (on demand) + baseline GPU node group. */
    readonly maxGpuSpendPerHourUsd?: number;
    /** Longest worst-case scale-from-zero (without P2P) any workload may have, in seconds. */
    readonly maxColdStartSeconds?: number;
  };
}

/** A recursive partial, for environment overrides of the base. */
export type Override<T> = T extends readonly (infer _U)[]
  ? T
  : T extends object
    ? { readonly [K in keyof T]?: Override<T[K]> }
    : T;
