import type { EnvironmentConfig, NamespaceConfig, NodesConfig, PodSecurityLevel, TaintConfig } from '../types';

const pss = (enforce: PodSecurityLevel, warnAndAudit: PodSecurityLevel = enforce) => ({
  enforce,
  audit: warnAndAudit,
  warn: warnAndAudit,
});

/**
 * Namespaces the platform owns, with their Pod Security levels (the "Pod Security Standards"
 * table of the article "Production-Ready GPU Inference Autoscaling on EKS with Karpenter, KEDA,
 * and Dragonfly", corrected so audit/warn are never looser than enforce).
 */
const namespaces: Record<string, NamespaceConfig> = {
  karpenter: { podSecurity: pss('restricted'), reason: 'controller only; the chart runs non-root with a read-only root filesystem' },
  keda: { podSecurity: pss('restricted'), reason: 'operator, metrics server and webhooks; no host access' },
  'knative-operator': { podSecurity: pss('restricted'), reason: 'operator only; no host access' },
  'knative-serving': { podSecurity: pss('restricted'), reason: 'activator, autoscaler, controller, webhook; no host access' },
  kyverno: { podSecurity: pss('restricted'), reason: 'admission, background, cleanup and reports controllers; no host access' },
  'external-secrets': { podSecurity: pss('restricted'), reason: 'controller, webhook, cert controller; no host access' },
  opencost: { podSecurity: pss('restricted'), reason: 'cost exporter; reads Prometheus and the AWS pricing API only' },
  monitoring: {
    podSecurity: pss('baseline', 'restricted'),
    reason: 'Prometheus, Alertmanager, Grafana, kube-state-metrics, Pushgateway: no host access (node-exporter has its own namespace)',
  },
  'node-exporter': {
    podSecurity: pss('privileged'),
    reason: 'node-exporter needs hostNetwork, hostPID and hostPath mounts of /proc and /sys; nothing else runs here',
  },
  'gpu-operator': {
    podSecurity: pss('privileged'),
    reason:
      'NVIDIA device plugin, GPU Feature Discovery and NFD worker mount the kubelet device-plugin socket and host paths; ' +
      'DCGM exporter needs the SYS_ADMIN capability to read GPU profiling counters',
  },
  dragonfly: {
    podSecurity: pss('privileged'),
    reason: 'the peer daemon (dfdaemon) serves the containerd mirror on the host network at 127.0.0.1:4001 and caches on a hostPath',
  },
  inference: {
    podSecurity: pss('baseline', 'restricted'),
    reason: 'GPU workloads need no privilege; restricted is audited and warned so images can be tightened without blocking debugging',
    // GPUs: max scale (4) plus a rollout at max scale (+1 Deployment surge, +2 new Knative revision).
    quota: { cpu: 32, memoryGiB: 128, gpus: 8, pods: 50 },
    // Helper containers without resources get these; queue-proxy's are explicit (knative.queueProxy).
    containerDefaults: { cpu: '100m', memory: '128Mi' },
  },
};

const gpuTaint: TaintConfig = { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' };
const gpuNodeLabels = { 'gpu-inference.io/accelerator': 'nvidia' };

/** Node layer shared by every environment; dev.ts and prod.ts override sizes and timings. */
const nodes: NodesConfig = {
  gpuNodeLabels,
  gpuTaint,
  // Four nodes: the system pods must fit on three while one is drained (rules/system-capacity.ts);
  // two t3.large no longer hold them once metrics-server's two replicas (src/config/eks-addons.ts) count.
  systemNodeGroup: {
    instanceType: 't3.large',
    desiredSize: 4,
    minSize: 4,
    maxSize: 5,
    labels: { 'gpu-inference.io/node-role': 'system' },
    // EKS add-ons (CoreDNS, EBS CSI controller) already tolerate CriticalAddonsOnly.
    taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' }],
    // Controller images (Prometheus, Kyverno, Knative, Dragonfly) and their logs.
    rootVolumeGiB: 50,
  },
  baselineGpuNodeGroup: {
    instanceType: 'g4dn.xlarge',
    desiredSize: 0,
    minSize: 0,
    maxSize: 0,
    // Same labels and taint as the Karpenter GPU pools, so the same workloads land on it.
    labels: gpuNodeLabels,
    taints: [gpuTaint],
    // Room for multi-GB inference images; at least the Karpenter GPU node class volume.
    rootVolumeGiB: 100,
    // Karpenter's repair (below) never reaches this group: EKS replaces or reboots its broken GPU nodes.
    autoRepair: true,
  },
  nodeClasses: {
    al2023: { amiFamily: 'AL2023', amiAlias: 'al2023@v20260818', volumeGiB: 200, volumeIops: 6000, volumeThroughputMiBps: 500 },
  },
  pools: {
    general: {
      nodeClass: 'al2023',
      gpu: false,
      instanceTypes: ['m6i.large', 'm6i.xlarge', 'm7i.large', 'm7i.xlarge', 'c6i.xlarge'],
      capacityTypes: ['spot', 'on-demand'],
      limits: { cpu: 32, memoryGiB: 128 },
      disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '5m', budgets: [{ nodes: '10%' }] },
      expireAfter: '720h',
      // Platform controllers stop in seconds; a PDB-held drain gives up after this.
      terminationGracePeriod: '30m',
    },
    gpu: {
      nodeClass: 'al2023',
      gpu: true,
      instanceTypes: ['g4dn.xlarge', 'g4dn.2xlarge', 'g5.xlarge', 'g5.2xlarge', 'g6.xlarge', 'g6.2xlarge'],
      capacityTypes: ['spot', 'on-demand'],
      weight: 10,
      limits: { cpu: 32, memoryGiB: 128, gpus: 4 },
      disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '3m', budgets: [{ nodes: '100%' }] },
      expireAfter: '168h',
      // Above the longest workload grace period plus drain (HTTP timeouts up to 600 s).
      terminationGracePeriod: '15m',
    },
  },
  // Requests of the GPU-node DaemonSets we render; the model adds NFD worker, DCGM exporter and the
  // EKS add-ons from their defaults (0.56 vCPU / 1.58 GiB per GPU node in all), kube-reserved per
  // instance type. Modelled, not measured: re-check with `kubectl top pod --containers` on a GPU
  // node during a pull and raise a figure whose container comes near its memory limit.
  gpuNodeDaemonSets: {
    // dfdaemon keeps a 64 MiB piece cache and 4 MiB read/write buffers (dragonflyoss/client
    // dragonfly-client-config/src/dfdaemon.rs@v1.2.15, the chart's client); its RocksDB metadata
    // store may grow a block cache of up to 1 GiB and memtables of up to 512 MiB
    // (dragonfly-client-storage/src/storage_engine/rocksdb.rs@v1.2.15) with the node's cache.
    // Dragonfly's capacity table gives each peer 4C/8G in P2P clusters of 500 to 5,000 peers
    // (https://d7y.io/docs/operations/best-practices/deployment-best-practices/), the chart's
    // limits; a GPU node pulling a few images at a time needs far less.
    dragonflyClient: { cpu: '250m', memory: '1Gi' },
    // NVIDIA publishes no figure (`resources: {}`); both are Go daemons that mostly wait.
    nvidiaDevicePlugin: { cpu: '20m', memory: '128Mi' },
  },
  registryMirror: { endpoint: 'http://127.0.0.1:4001', extraRegistries: [] },
  // Replace a node whose GPU fails (AcceleratedHardwareReady False for 10 minutes) without waiting for someone.
  repair: { enabled: true, maxRepairsPerPoolPerDay: 3 },
  policy: { requireOnDemandGpuFallback: true, allowLatestAmi: false },
};

/**
 * What every environment shares. dev.ts and prod.ts override it; nothing else sets values.
 */
export const base: Omit<EnvironmentConfig, 'name' | 'cluster' | 'workloads' | 'terraform'> = {
  gitops: {
    repoUrl: 'https://github.com/acme-ml/gpu-inference-platform.git',
    targetRevision: 'main',
  },
  podIdentity: {
    karpenter: { namespace: 'karpenter', serviceAccount: 'karpenter' },
    externalSecrets: { namespace: 'external-secrets', serviceAccount: 'external-secrets' },
    ebsCsi: { namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa' },
  },
  namespaces,
  nodes,
  addons: {
    dragonfly: {
      managerReplicas: 1,
      schedulerReplicas: 1,
      seedClientReplicas: 1,
      seedClientStorageGiB: 100,
      // A 100 GiB GPU node takes up to 57 GiB beside the OS (20 GiB) and the chat image (8 GiB)
      // below the kubelet's 85% (rules/node-disk.ts); 15 leaves the rest to the pods' writable
      // volumes (chat: two of up to 20 GiB).
      clientCacheGiB: 15,
      // The chart requests 0; these count on the system nodes (rules/system-capacity.ts).
      managerRequests: { cpu: '100m', memory: '256Mi' },
      schedulerRequests: { cpu: '100m', memory: '256Mi' },
      seedClientRequests: { cpu: '200m', memory: '512Mi' },
    },
    dcgmExporter: { scrapeInterval: '30s' },
    karpenter: { replicas: 1, resources: { cpu: '250m', memory: '512Mi' } },
    keda: { operatorReplicas: 1, metricsServerReplicas: 1, webhookReplicas: 1 },
    prometheus: { replicas: 1, retention: '3d', storageGiB: 20, resources: { cpu: '250m', memory: '2Gi' }, operatorResources: { cpu: '100m', memory: '256Mi' } },
    alertmanager: { replicas: 1, storageGiB: 2, resources: { cpu: '50m', memory: '128Mi' } },
    // Scraped every 5 s, not at Prometheus' 30 s default: a pushed queue depth waits for the next
    // scrape before KEDA's query sees it, so the interval is part of every queue-triggered scale
    // from zero (budget report). The Pushgateway is one target serving the pushed series and its
    // own process metrics: 6x the default's samples of it is little for Prometheus. Much shorter
    // gains little next to KEDA's polling interval (15 s in the samples).
    pushgateway: { storageGiB: 0, scrapeInterval: '5s', resources: { cpu: '10m', memory: '64Mi' } },
    kyverno: { admissionReplicas: 1, controllerReplicas: 1 },
    externalSecrets: { replicas: 1, webhookReplicas: 1, resources: { cpu: '50m', memory: '128Mi' } },
  },
  platform: {
    policyMode: 'Audit',
    // Node agents that tolerate the GPU taint without requesting GPUs (see helm/gpu-stack.ts, helm/dragonfly.ts).
    gpuNodeAgentNamespaces: ['gpu-operator', 'dragonfly'],
    // Terraform takes vpcCidr and the rest from terraform/generated/<env>/platform.tfvars.json; dev.ts and prod.ts set their own.
    // API endpoint private by default; flow logs kept a month.
    // AZ names map to different physical zones per account: pick three that offer the GPU types
    // (aws ec2 describe-instance-type-offerings --location-type availability-zone ...).
    network: {
      vpcCidr: '10.10.0.0/16',
      serviceCidr: '172.20.0.0/16',
      apiPublicCidrs: [],
      flowLogRetentionDays: 30,
      sharesVpcCidrWith: [],
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      // One shared NAT gateway: cheaper; prod sets one per AZ.
      natGatewayPerAz: false,
      karpenterVpcEndpoints: false,
    },
    // Secrets Manager secret `<cluster name>/grafana-admin` (Terraform grants `<cluster name>/*`).
    secrets: { grafanaAdmin: 'grafana-admin', dragonfly: 'dragonfly', refreshInterval: '1h' },
    alerts: { queueNotDrainingFor: '15m', gpuPodPendingFor: '10m', spotInterruptionsPerHour: 3, gpuPoolLimitRatio: 0.9 },
    dashboard: { refresh: '30s' },
  },
  ingress: { exposure: 'none', domain: 'svc.cluster.local', tlsPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', sharesHostsWith: [] },
  knative: {
    replicas: 1,
    scaleToZeroGracePeriod: '30s',
    stableWindow: '60s',
    progressDeadlineSeconds: 900,
    maxRevisionTimeoutSeconds: 600,
    // Knative sets only a 25m CPU request; with queueproxy.resource-defaults it would add a 1 CPU
    // limit and a 400Mi memory request (knative/serving config/core/configmaps/deployment.yaml@knative-v1.21.1).
    // 100m: the proxy handles every request; memory limit = request like every platform container.
    queueProxy: { cpu: 0.1, cpuLimit: 1, memoryMiB: 400 },
  },
  priorityClasses: {
    // Karpenter and Argo CD use the built-in system-cluster-critical instead; Knative's operator and
    // Serving cannot take a class at 1.21 (helm/template-facts.ts, constructs/knative/knative-serving.ts).
    'platform-critical': { value: 1_000_000, description: 'Platform controllers (KEDA, Prometheus, Kyverno, Dragonfly, External Secrets, OpenCost): scheduled before and never preempted by inference' },
    'inference-default': { value: 1_000, description: 'Inference workloads' },
  },
};
