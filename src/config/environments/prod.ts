import type { EnvironmentConfig } from '../types';
import { applyOverride } from './merge';
import { base } from './base';
import { clusterIdentity } from './cluster';
import { chatService, embeddingsWorker, workloads } from './workloads';

/** prod: baseline GPUs that never scale to zero, slow consolidation, policies enforced. */
const cluster = clusterIdentity('gpu-inference-prod', 'us-east-1', '444455556666');
const embeddings = embeddingsWorker(cluster.registryHost);
const chat = chatService(cluster.registryHost);

export const prod: EnvironmentConfig = applyOverride<EnvironmentConfig>(
  {
    ...base,
    name: 'prod',
    cluster,
    // Terraform state in the prod account (create the bucket once: terraform/README.md).
    terraform: { stateBucket: `gpu-inference-tfstate-${cluster.accountId}`, clusterAdminRoleArns: [], tags: {} },
    workloads: workloads({
      embeddings: {
        ...embeddings,
        resources: { ...embeddings.resources, vramMiB: 20_000 },
        maxReplicas: 8,
        // Scale-from-zero needs the queue; vLLM's waiting requests only refine scale-out.
        triggers: [
          ...embeddings.triggers,
          {
            name: 'vllm-waiting',
            source: 'vllm',
            query: 'sum(vllm:num_requests_waiting{namespace="inference",pod=~"embeddings-.*"})',
            threshold: 10,
            activationThreshold: 0,
          },
        ],
        // UTC, like the GPU pool's business-hours disruption budget (Karpenter schedules are UTC).
        cron: { timezone: 'Etc/UTC', start: '0 8 * * 1-5', end: '0 18 * * 1-5', desiredReplicas: 2 },
        cooldownPeriodSeconds: 600,
        // One replica while Prometheus is unreachable keeps jobs moving without holding two idle
        // GPUs (fallback counts as active, so they stay until Prometheus is back).
        fallbackReplicas: 1,
      },
      chat: {
        ...chat,
        resources: { ...chat.resources, vramMiB: 20_000 },
        minReplicas: 1,
        maxReplicas: 6,
        scaleDownDelay: '15m',
        publicHost: 'chat.inference.acme-ml.ai',
      },
    }),
  },
  {
    // prod tracks a release branch so a bad merge to main never reaches it unreviewed.
    gitops: { targetRevision: 'release' },
    // Limits on the figures of dist/prod/budget.md (GPU spend ceiling, worst cold start); synth refuses more.
    budget: { maxGpuSpendPerHourUsd: 35, maxColdStartSeconds: 360 },
    platform: {
      policyMode: 'Enforce',
      // Private API endpoint: operators reach it through the VPC (VPN, SSM port forwarding);
      // Argo CD runs in the cluster. Flow logs kept a year for incident review.
      network: { vpcCidr: '10.20.0.0/16', apiPublicCidrs: [], flowLogRetentionDays: 365, natGatewayPerAz: true },
      // Secrets Manager secret `<cluster name>/alerts-pagerduty` with the property `routing-key`.
      alerts: { receiver: { kind: 'pagerduty', secret: 'alerts-pagerduty' } },
    },
    ingress: {
      exposure: 'public',
      domain: 'inference.acme-ml.ai',
      certificateArn: 'arn:aws:acm:us-east-1:444455556666:certificate/6f0c3c57-1d2b-4c8e-9a51-2f5e8b7d4c10',
    },
    knative: { replicas: 2, stableWindow: '120s' },
    // GPUs: max scale (14) plus a rollout at max scale (+2 Deployment surge, +6 new Knative
    // revision) is 22; 24 is every GPU the pools and the baseline group can provide.
    namespaces: { inference: { quota: { cpu: 128, memoryGiB: 512, gpus: 24, pods: 200 } } },
    addons: {
      dragonfly: { managerReplicas: 3, schedulerReplicas: 3, seedClientReplicas: 3, seedClientStorageGiB: 500, clientCacheGiB: 100 },
      dcgmExporter: { scrapeInterval: '15s' },
      karpenter: { replicas: 2, resources: { cpu: '500m', memory: '1Gi' } },
      keda: { operatorReplicas: 2, metricsServerReplicas: 2, webhookReplicas: 2 },
      prometheus: { replicas: 2, retention: '15d', storageGiB: 100, resources: { cpu: '500m', memory: '4Gi' } },
      alertmanager: { replicas: 2 },
      pushgateway: { storageGiB: 2 },
      // Three admission replicas: a drain or a zone loss never leaves pod admission on one pod.
      kyverno: { admissionReplicas: 3, controllerReplicas: 2 },
      externalSecrets: { replicas: 2, webhookReplicas: 2 },
    },
    nodes: {
      // m6i.large (3 x 1.93 vCPU) cannot hold HA Knative, Karpenter, Prometheus, Kyverno, KEDA and
      // Dragonfly with a node drained; 4 x m6i.xlarge can (rules/system-capacity.ts).
      systemNodeGroup: { instanceType: 'm6i.xlarge', desiredSize: 4, minSize: 4, maxSize: 6 },
      // 4 always-on GPUs (4 x g5.xlarge) for business-hours baseline and warm image caches.
      baselineGpuNodeGroup: { instanceType: 'g5.xlarge', desiredSize: 4, minSize: 4, maxSize: 4, rootVolumeGiB: 200 },
      pools: {
        general: { limits: { cpu: 64, memoryGiB: 256 }, disruption: { consolidateAfter: '30m' } },
        // Steady on-demand pool tried before the spot burst pool (higher weight).
        'gpu-steady': {
          nodeClass: 'al2023',
          gpu: true,
          instanceTypes: ['g5.xlarge', 'g5.2xlarge', 'g6.xlarge', 'g6.2xlarge'],
          capacityTypes: ['on-demand'],
          weight: 50,
          limits: { cpu: 32, memoryGiB: 128, gpus: 4 },
          disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '2h', budgets: [{ nodes: '1' }] },
          expireAfter: '720h',
          terminationGracePeriod: '15m',
        },
        gpu: {
          instanceTypes: ['g5.xlarge', 'g5.2xlarge', 'g5.12xlarge', 'g6.xlarge', 'g6.2xlarge', 'g6.12xlarge'],
          limits: { cpu: 192, memoryGiB: 768, gpus: 16 },
          disruption: {
            consolidateAfter: '2h',
            budgets: [
              // Business hours (08:00-18:00 UTC, Mon-Fri): never remove empty GPU nodes (keep caches
              // warm), and never replace drifted ones (an AMI bump waits for the evening).
              // Underutilized does not apply: this pool consolidates WhenEmpty only.
              { nodes: '0', schedule: '0 8 * * mon-fri', duration: '10h', reasons: ['Empty', 'Drifted'] },
              { nodes: '20%' },
            ],
          },
          expireAfter: '720h',
        },
      },
    },
  },
);
