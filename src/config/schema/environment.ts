/**
 * The config contract: the shape of one environment, checked at run time by `npm run synth`
 * (which runs a bundle without type checking) and the source the TypeScript types are inferred
 * from (../types.ts), so the two can never disagree.
 *
 * Written with zod 4 (pinned exactly in package.json): it is TypeScript-first (a schema is
 * plain TypeScript, no code generation), its `z.output` infers the config types with their
 * JSDoc, `z.strictObject` refuses unknown keys, and every issue carries the path of the value,
 * which becomes the `<env>.<path>` of a ConfigProblem (./problems.ts).
 *
 * Ranges and names are checked here; rules that relate several values (capacity, budgets,
 * cross references) stay in ../rules/ and run only on a config of the right shape.
 */
import { z } from 'zod';
import { pricing } from '../instances';
import { cpuCores, memoryMiB } from '../derived/system-capacity';
import { autoRepair, count, k8sName, positive, positiveInt, says, strict, stringMap, text } from './common';
import { draPlatform } from './dra';
import { platform } from './platform';
import { workloads } from './workloads';

/** Pod Security Standards level. */
export const podSecurityLevel = z.enum(['privileged', 'baseline', 'restricted']);

/** Regions the instance catalogue has prices for: the budget report cannot be computed elsewhere. */
const pricedRegions: readonly string[] = [pricing.region];

const region = z.string().refine((r) => pricedRegions.includes(r), {
  error: (iss) =>
    `${JSON.stringify(iss.input)} has no prices in the instance catalogue (src/config/instances.ts prices ${pricedRegions.join(', ')} only), ` +
    'so GPU spend and placement cannot be computed for it; use a priced region or add that region\'s prices to the catalogue',
});

/** Identity of the EKS cluster and the AWS names the manifests refer to (Terraform creates them). */
export const cluster = strict({
  /** EKS cluster name; also the `karpenter.sh/discovery` tag value. */
  name: text,
  /** AWS region, e.g. `us-east-1`; one the instance catalogue has prices for. */
  region,
  /** 12-digit AWS account id. */
  accountId: z.string().regex(/^\d{12}$/, { error: (iss) => `${JSON.stringify(iss.input)} must be the 12-digit AWS account id` }),
  /** ECR registry host the workloads pull from (`<account>.dkr.ecr.<region>.amazonaws.com`). */
  registryHost: text,
  /** IAM role name of Karpenter-launched nodes. */
  nodeRoleName: text,
  /** SQS queue Karpenter reads spot interruption and rebalance events from. */
  interruptionQueueName: text,
});

/**
 * S3 bucket names: 3-63 characters of lowercase letters, digits, "." and "-", starting and
 * ending with a letter or digit ("Bucket naming rules", Amazon S3 User Guide,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 */
const s3Bucket = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
  error: (iss) => `${JSON.stringify(iss.input)} is not an S3 bucket name (3-63 of a-z 0-9 . -, starting and ending with a letter or digit)`,
});

/** An IAM role ARN, e.g. `arn:aws:iam::111122223333:role/platform-admins` (any partition). */
const iamRoleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/, {
  error: (iss) => `${JSON.stringify(iss.input)} is not an IAM role ARN like arn:aws:iam::111122223333:role/platform-admins`,
});

/**
 * What only Terraform uses: synth writes it to terraform/generated/<env>/ with the rest, so an
 * environment is one config file (no hand-kept Terraform file per environment).
 */
export const terraform = strict({
  /**
   * S3 bucket holding this environment's Terraform state, in its account (created once by hand,
   * see terraform/README.md). The state key is `gpu-inference/<env>/terraform.tfstate`.
   */
  stateBucket: s3Bucket,
  /** IAM roles given an EKS access entry with AmazonEKSClusterAdminPolicy, besides the creator. */
  clusterAdminRoleArns: z.array(iamRoleArn),
  /**
   * Extra tags on every AWS resource (cost allocation, ownership). Never `karpenter.sh/discovery`:
   * Terraform sets that tag on the subnets and security group of this cluster only.
   */
  tags: stringMap.refine((t) => !('karpenter.sh/discovery' in t), {
    error: 'karpenter.sh/discovery is set by Terraform on this cluster\'s subnets and security group only; on every resource it would let Karpenter pick any of them',
  }),
});

/** Pod Security admission labels of one namespace. */
export const podSecurity = strict({ enforce: podSecurityLevel, audit: podSecurityLevel, warn: podSecurityLevel });

/** Ceilings of one namespace (ResourceQuota). */
export const quota = strict({
  cpu: positive,
  memoryGiB: positive,
  /** `requests.nvidia.com/gpu`: must cover the namespace's workloads at max scale. */
  gpus: count,
  pods: positiveInt,
});

/** A namespace the platform owns. */
export const namespace = strict({
  podSecurity,
  /** Why this namespace needs its enforce level; required when enforce is `privileged`. */
  reason: z.string(),
  /** ResourceQuota, for namespaces that run workloads. @default none */
  quota: quota.optional(),
  /** LimitRange defaults for containers that set no resources. @default none */
  containerDefaults: strict({ cpu: text, memory: text }).optional(),
});

/** A PriorityClass the platform defines. */
export const priorityClass = strict({
  /** Kubernetes refuses user classes above one billion (higher is reserved for system classes). */
  value: z.int().min(-2_147_483_648).max(1_000_000_000),
  description: z.string(),
});

/** Where Argo CD reads this repository. */
export const gitops = strict({
  /** Git URL of this repository. */
  repoUrl: text,
  /** Branch, tag or commit Argo CD tracks for this environment. */
  targetRevision: z.string(),
});

/** A Kubernetes taint. */
export const taint = strict({ key: text, value: z.string(), effect: z.enum(['NoSchedule', 'NoExecute', 'PreferNoSchedule']) });

/** Namespace + service account of a Pod Identity association (Terraform creates the association). */
export const podIdentityBinding = strict({ namespace: k8sName, serviceAccount: k8sName });

/** The Pod Identity associations the platform relies on, by component. */
export const podIdentity = strict({ karpenter: podIdentityBinding, externalSecrets: podIdentityBinding, ebsCsi: podIdentityBinding });

/** Fields of every EKS managed node group Terraform creates. */
const managedNodeGroupShape = {
  /** EC2 instance type (from the instance catalogue). */
  instanceType: text,
  /** Nodes kept running; 0 disables the group. */
  desiredSize: count,
  minSize: count,
  maxSize: count,
  /** Labels every node of the group carries. */
  labels: stringMap,
  /** Taints every node of the group carries. */
  taints: z.array(taint),
  /** gp3 root volume per node in GiB (images and logs; GPU nodes cache multi-GB inference images). */
  rootVolumeGiB: z.int().min(20, says((v) => `${v} GiB is below the 20 GiB the EKS AL2023 AMIs need for their root volume`)),
};

/** An EKS managed node group created by Terraform (not by Karpenter). */
export const managedNodeGroup = strict(managedNodeGroupShape);

/** A managed node group of GPU nodes (NVIDIA AL2023 AMI), which EKS may repair. */
export const gpuManagedNodeGroup = strict({
  ...managedNodeGroupShape,
  /**
   * EKS node auto repair (Terraform `node_repair_config.enabled`): a node whose GPU the EKS node
   * monitoring agent reports broken is replaced or rebooted by EKS (see `autoRepair` in
   * ./common.ts). Karpenter's `nodes.repair` does not reach this group. @default true
   */
  autoRepair,
});

/** AMI family of an EC2NodeClass. */
export const amiFamily = z.enum(['AL2023', 'Bottlerocket']);

/**
 * One On-Demand Capacity Reservation, selected by id or by tags (exactly one: the pinned CRD
 * refuses `id` together with other fields, aws/karpenter-provider-aws
 * pkg/apis/crds/karpenter.k8s.aws_ec2nodeclasses.yaml@v1.9.0). Its instance type and count are
 * declared here because the reservation is billed whether used or not (the budget report
 * counts it as always paid) and must be an instance type the pools allow.
 */
export const capacityReservation = strict({
  /** Reservation id, e.g. `cr-0123456789abcdef0`. @default select by tags */
  id: z.string().regex(/^cr-[0-9a-z]+$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a capacity reservation id like cr-0123456789abcdef0` }).optional(),
  /** Tags the reservation carries (at most 20, no empty keys or values). @default select by id */
  tags: z.record(z.string().min(1), z.string().min(1)).optional(),
  /** Instance type the reservation is for (from the instance catalogue). */
  instanceType: text,
  /** Instances reserved (billed at the on-demand price, used or not). */
  instances: positiveInt,
}).refine((r) => (r.id === undefined) !== (r.tags === undefined), {
  error: 'set exactly one of id or tags: Karpenter refuses an id together with other selector fields',
}).refine((r) => r.tags === undefined || (Object.keys(r.tags).length >= 1 && Object.keys(r.tags).length <= 20), {
  error: 'tags must hold 1 to 20 entries (the EC2NodeClass CRD allows at most 20)',
  path: ['tags'],
});

/** A Karpenter EC2NodeClass. */
export const nodeClass = strict({
  amiFamily,
  /**
   * AMI alias, e.g. `al2023@v20250505` or `bottlerocket@v1.40.0`. Pinned versions only in prod;
   * `@latest` floats to whatever AWS publishes next.
   */
  amiAlias: text,
  /** Root (AL2023) or data (Bottlerocket) gp3 volume size; large inference images need room. */
  volumeGiB: positiveInt,
  /** gp3 IOPS and throughput of that volume (image pulls are throughput-bound). */
  volumeIops: positiveInt,
  volumeThroughputMiBps: positiveInt,
  /**
   * On-Demand Capacity Reservations this class may launch into (`capacityReservationSelectorTerms`);
   * pools on this class may then allow the `reserved` capacity type. @default none
   */
  capacityReservations: z.array(capacityReservation).max(30).optional(),
});

/** Karpenter capacity types. */
export const capacityType = z.enum(['spot', 'on-demand', 'reserved']);

/** A Karpenter disruption budget. */
export const disruptionBudget = strict({
  /** Nodes (count or percentage) that may be disrupted at once; `0` blocks. */
  nodes: text,
  /** Cron schedule (UTC) when the budget applies; absent = always. */
  schedule: text.optional(),
  /** How long the budget applies after each schedule hit, e.g. `10h`. */
  duration: text.optional(),
  /** Disruption reasons the budget limits; absent = all. */
  reasons: z.array(z.enum(['Underutilized', 'Empty', 'Drifted'])).optional(),
});

/** A Karpenter NodePool. */
export const nodePool = strict({
  /** Key of the EC2NodeClass in `nodes.nodeClasses`. */
  nodeClass: k8sName,
  /** Whether this pool provides GPUs (tainted, GPU labels, GPU limit). */
  gpu: z.boolean(),
  /** Allowed instance types, all from the instance catalogue. */
  instanceTypes: z.array(text),
  /** Allowed capacity types; Karpenter prefers reserved, then spot, then on-demand. */
  capacityTypes: z.array(capacityType),
  /** Pool priority: higher weight is tried first (baseline above burst); Karpenter accepts 1-100. */
  weight: z.int().min(1).max(100).optional(),
  /** Pool-wide ceilings: Karpenter launches nothing beyond them. */
  limits: strict({ cpu: positive, memoryGiB: positive, gpus: count.optional() }),
  disruption: strict({
    consolidationPolicy: z.enum(['WhenEmpty', 'WhenEmptyOrUnderutilized']),
    /** Idle time before an empty/underutilized node is removed, e.g. `3m`, `2h`. */
    consolidateAfter: text,
    budgets: z.array(disruptionBudget),
  }),
  /** Maximum node lifetime (forces AMI refresh), e.g. `720h`, or `Never`. */
  expireAfter: text,
  /**
   * Longest a node may take to drain once Karpenter starts (expiry, drift, consolidation);
   * after it, pods are deleted even if a PodDisruptionBudget still holds them. GPU pools: at
   * least every workload's grace period plus its preStop drain (rules/disruption.ts).
   */
  terminationGracePeriod: text,
});

/** A Kubernetes CPU quantity above zero, e.g. `250m` or `1`: a request the scheduler counts. */
const cpuQuantity = z.string().refine((q) => quantityAboveZero(cpuCores, q), says((v) => `"${String(v)}" is not a CPU quantity above zero, e.g. 250m or 1`));
/** A Kubernetes memory quantity above zero, e.g. `512Mi` or `1Gi`. */
const memoryQuantity = z.string().refine((q) => quantityAboveZero(memoryMiB, q), says((v) => `"${String(v)}" is not a memory quantity above zero, e.g. 512Mi or 1Gi`));

function quantityAboveZero(parse: (q: string) => number, q: string): boolean {
  try {
    return parse(q) > 0;
  } catch {
    return false;
  }
}

/**
 * Requests of one platform container: the memory request is also its limit; CPU is not limited
 * (no throttling) unless a chart keeps its own CPU limit. Both above zero: a pod that requests
 * nothing is neither counted by the scheduler and Karpenter nor spared by the kubelet under
 * memory pressure (it is evicted first once it uses anything).
 */
export const containerResources = strict({
  /** CPU request, e.g. `250m`. */
  cpu: cpuQuantity,
  /** Memory request and limit, e.g. `512Mi`. */
  memory: memoryQuantity,
});

/** The node layer: Terraform node groups and Karpenter pools. */
export const nodes = strict({
  /** Labels every GPU node carries, Karpenter-launched or baseline node group alike. */
  gpuNodeLabels: stringMap,
  /** The taint that keeps non-GPU pods off GPU nodes. */
  gpuTaint: taint,
  /** Always-on node group for controllers (Terraform). */
  systemNodeGroup: managedNodeGroup,
  /** Always-on GPU node group (Terraform, NVIDIA AL2023 AMI); desiredSize 0 disables it. */
  baselineGpuNodeGroup: gpuManagedNodeGroup,
  /** EC2NodeClasses by name (the object name). */
  nodeClasses: z.record(k8sName, nodeClass),
  /** NodePools by name (the object name). */
  pools: z.record(k8sName, nodePool),
  /**
   * Requests of the DaemonSets this repository renders onto every GPU node, one figure per
   * DaemonSet, rendered into its chart's values (memory limit = request). The capacity model
   * (config/derived/gpu-node-daemonsets.ts) adds these, the chart defaults of the GPU-node
   * DaemonSets whose resources we leave alone (NFD worker, DCGM exporter) and the EKS add-ons'
   * DaemonSets (config/eks-addons.ts), then kube-reserved and the eviction threshold per instance
   * type (config/derived/node-overhead.ts): what the scheduler and Karpenter subtract from a node
   * before a workload fits. Placement, the DRA fit and the budget report all read that sum.
   */
  gpuNodeDaemonSets: strict({
    /**
     * The Dragonfly client (dfdaemon): the node-local P2P peer every GPU image pull goes through
     * (`nodes.registryMirror`). Rendered as dragonfly `client.resources`, whose chart default
     * requests nothing (`cpu: '0'`, `memory: '0'`) with limits of 4 CPUs and 8Gi
     * (dragonflyoss/helm-charts charts/dragonfly/values.yaml@dragonfly-1.6.15, rendered by
     * templates/client/client-daemonset.yaml@dragonfly-1.6.15): without a request the kubelet
     * evicts the peer first under memory pressure during a multi-GB pull, and the pull silently
     * bypasses P2P. The memory limit becomes this request; the chart's 4-CPU limit stays. It also
     * runs on untainted (general pool) nodes.
     */
    dragonflyClient: containerResources,
    /**
     * Each of the NVIDIA device plugin's and GPU Feature Discovery's containers: the
     * nvidia-device-plugin chart renders its one top-level `resources` value into both
     * DaemonSets (NVIDIA/k8s-device-plugin deployments/helm/nvidia-device-plugin/templates/
     * daemonset-device-plugin.yml and daemonset-gfd.yml@v0.19.1; default `resources: {}`,
     * values.yaml@v0.19.1), so one figure, counted once per DaemonSet. The GFD-only release of
     * Bottlerocket GPU pools (`nvidia-gfd-bottlerocket`) renders it too.
     */
    nvidiaDevicePlugin: containerResources,
  }),
  /** Registries whose pulls go through the node-local Dragonfly peer first. */
  registryMirror: strict({
    /** dfdaemon's proxy on the node, e.g. `http://127.0.0.1:4001`. */
    endpoint: text,
    /** Extra registries to mirror besides `cluster.registryHost`. */
    extraRegistries: z.array(text),
  }),
  /**
   * Replacement of broken nodes. The EKS node monitoring agent (Terraform add-on, always
   * installed) sets node conditions such as `AcceleratedHardwareReady`; Karpenter replaces a node
   * whose condition stays bad past its AWS repair policy (10 minutes for a GPU).
   */
  repair: strict({
    /** Karpenter's `NodeRepair` feature gate (alpha in Karpenter 1.9, off by default there). */
    enabled: z.boolean(),
    /** Repairs of one pool within 24 hours above which an alert fires (a bad AMI, driver or instance family). */
    maxRepairsPerPoolPerDay: positiveInt,
  }),
  /** Guardrails that differ per environment. */
  policy: strict({
    /** GPU pools must allow on-demand so spot shortages never block scale-out (prod). */
    requireOnDemandGpuFallback: z.boolean(),
    /** Whether AMI aliases may float on `@latest` (never in prod). */
    allowLatestAmi: z.boolean(),
  }),
});

/** Settings of the platform add-ons (Helm releases of the platform-helm layer). */
export const addons = strict({
  dragonfly: strict({
    /** Manager and scheduler replicas (control plane of the P2P network). */
    managerReplicas: count,
    schedulerReplicas: count,
    /** Seed peers: they pull from the registry first and serve the other peers. */
    seedClientReplicas: count,
    /** Cache volume of each seed peer (gp3). */
    seedClientStorageGiB: positiveInt,
    /**
     * Cap of the peer cache on each GPU node, GiB (dfdaemon's `gc.policy.distThreshold`): it
     * shares the node's image disk, and uncapped it grows to 90% of the disk before dfdaemon
     * collects it, past the kubelet's image GC (85%) and into its eviction threshold (90%).
     */
    clientCacheGiB: positiveInt,
    /** Requests of each manager, scheduler and seed peer pod (the chart's limits stay: they burst on big pulls). */
    managerRequests: containerResources,
    schedulerRequests: containerResources,
    seedClientRequests: containerResources,
  }),
  dcgmExporter: strict({
    /** Prometheus scrape interval of GPU metrics, e.g. `15s`. */
    scrapeInterval: text,
  }),
  karpenter: strict({
    /** Controller replicas; one leader works, the others take over (the chart's anti-affinity spreads them). */
    replicas: count,
    resources: containerResources,
  }),
  keda: strict({
    /** Operator replicas: one leader, the others stand by (shorter failover only). */
    operatorReplicas: count,
    /** Metrics API server replicas (external.metrics.k8s.io, what the HPA asks). */
    metricsServerReplicas: count,
    /** Admission webhook replicas (validates ScaledObjects). */
    webhookReplicas: count,
  }),
  prometheus: strict({
    /** Prometheus replicas; each scrapes everything (an HA pair, not shards). */
    replicas: count,
    /** How long samples are kept, a Prometheus duration, e.g. `15d`. */
    retention: text,
    /** gp3 volume of each replica; `retentionSize` is derived from it so the disk never fills. */
    storageGiB: positiveInt,
    resources: containerResources,
    /** The Prometheus Operator's own pod. */
    operatorResources: containerResources,
  }),
  alertmanager: strict({
    /** Alertmanager replicas (they gossip silences and deduplicate notifications). */
    replicas: count,
    /** gp3 volume of each replica (silences and notification log survive restarts). */
    storageGiB: positiveInt,
    resources: containerResources,
  }),
  pushgateway: strict({
    /** gp3 volume keeping pushed metrics across restarts; 0 keeps them in memory only. Always one replica. */
    storageGiB: count,
    /**
     * How often Prometheus scrapes the Pushgateway (its ServiceMonitor's `interval`), a Prometheus
     * duration, e.g. `5s`. A pushed queue depth reaches KEDA's query only at the next scrape, so
     * this is a term of every queue-triggered scale-from-zero (budget report). Unset, the
     * Prometheus default of 30 s would apply.
     */
    scrapeInterval: text,
    resources: containerResources,
  }),
  kyverno: strict({
    /** Admission controller replicas: every pod create/update waits on them. */
    admissionReplicas: count,
    /** Replicas of the background, cleanup and reports controllers. */
    controllerReplicas: count,
  }),
  externalSecrets: strict({
    /** Controller replicas (leader election is always on, so rollouts never run two writers). */
    replicas: count,
    /** Webhook replicas (validates ExternalSecrets and stores). */
    webhookReplicas: count,
    /** Resources of each controller, webhook and cert controller pod. */
    resources: containerResources,
  }),
});

/** Knative Serving, installed by the Knative Operator's KnativeServing CR. */
export const knative = strict({
  /** Replicas of the HA control-plane and data-plane deployments (activator, autoscaler, ...). */
  replicas: count,
  /** Time to keep the last pod after traffic stops before removing it, e.g. `30s`. */
  scaleToZeroGracePeriod: text,
  /** Autoscaler averaging window, e.g. `60s`. */
  stableWindow: text,
  /** A new revision failing to become ready within this is marked failed; must exceed cold starts. */
  progressDeadlineSeconds: positiveInt,
  /** Ceiling of any revision's timeoutSeconds (at most 600: the activator's grace period). */
  maxRevisionTimeoutSeconds: positiveInt,
  /**
   * Resources of the queue-proxy sidecar in every HTTP workload pod. Set explicitly: Knative
   * sets only a 25m CPU request by default, so the namespace LimitRange would decide the rest
   * (a CPU limit that throttles the request path). Counted in the namespace quota.
   */
  queueProxy: strict({
    /** CPU request in cores. */
    cpu: positive,
    /** CPU limit in cores: the sidecar proxies every request and must not be throttled to the LimitRange default. */
    cpuLimit: positive,
    /** Memory request and limit in MiB. */
    memoryMiB: positiveInt,
  }),
});

/** How inference HTTP services are reached from outside the cluster (Kourier behind an NLB). */
export const ingress = strict({
  /**
   * `none`: no load balancer (in-cluster callers only); `internal`: an internal NLB (VPC
   * callers); `public`: an internet-facing NLB terminating TLS with `certificateArn`.
   */
  exposure: z.enum(['none', 'internal', 'public']),
  /** Domain every public host must be under, and Knative's default domain. */
  domain: text,
  /** ACM certificate for TLS at the load balancer; required for `public`. @default none */
  certificateArn: text.optional(),
  /** ELB TLS security policy of the TLS listener. */
  tlsPolicy: text,
  /**
   * Environments that may publish the same hosts (one DNS name in front of two clusters, e.g.
   * weighted records); refused unless both environments list each other.
   */
  sharesHostsWith: z.array(k8sName),
});

/** One environment (dev, prod, ...): everything that is rendered for it. */
export const environment = strict({
  /** Environment name: the dist/<name> and argocd/<name> folder. */
  name: k8sName,
  cluster,
  podIdentity,
  gitops,
  /** Namespaces by name. */
  namespaces: z.record(k8sName, namespace),
  nodes,
  addons,
  platform,
  /** PriorityClasses by name; `platform-critical` for controllers, the workloads' for inference. */
  priorityClasses: z.record(k8sName, priorityClass),
  workloads,
  knative,
  ingress,
  terraform,
  /** The DRA path (node group, driver, Cluster Autoscaler). @default none: no workload may use DRA */
  dra: draPlatform.optional(),
  /**
   * Limits the budget report (dist/<env>/budget.md) is validated against; a value the config
   * exceeds is a ConfigError. @default no limits
   */
  budget: strict({
    /** Most the GPU instances may cost per hour at once: GPU pools at their limits (on demand) + baseline GPU node group. */
    maxGpuSpendPerHourUsd: z.number().gt(0, says((v) => `${v} must be a positive number of USD per hour`)).optional(),
    /** Longest worst-case scale-from-zero (without P2P) any workload may have, in seconds. */
    maxColdStartSeconds: z.number().gt(0, says((v) => `${v} must be a positive number of seconds`)).optional(),
  }).optional(),
});
