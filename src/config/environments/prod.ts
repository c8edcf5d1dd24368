import type { EnvironmentConfig } from '../types';
import { applyOverride } from './merge';
import { base } from './base';
import { clusterIdentity } from './cluster';

/** prod: baseline GPUs that never scale to zero, slow consolidation, policies enforced. */
export const prod: EnvironmentConfig = applyOverride<EnvironmentConfig>(
  { ...base, name: 'prod', cluster: clusterIdentity('gpu-inference-prod', 'us-east-1', '444455556666') },
  {
    // prod tracks a release branch so a bad merge to main never reaches it unreviewed.
    gitops: { targetRevision: 'release' },
    platform: { policyMode: 'Enforce' },
    addons: {
      dragonfly: { managerReplicas: 3, schedulerReplicas: 3, seedClientReplicas: 3, seedClientStorageGiB: 500 },
      dcgmExporter: { scrapeInterval: '15s' },
    },
    nodes: {
      systemNodeGroup: { instanceType: 'm6i.large', desiredSize: 3, minSize: 3, maxSize: 6 },
      // 4 always-on GPUs (4 x g5.xlarge) for business-hours baseline and warm image caches.
      baselineGpuNodeGroup: { instanceType: 'g5.xlarge', desiredSize: 4, minSize: 4, maxSize: 4 },
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
        },
        gpu: {
          instanceTypes: ['g5.xlarge', 'g5.2xlarge', 'g5.12xlarge', 'g6.xlarge', 'g6.2xlarge', 'g6.12xlarge'],
          limits: { cpu: 192, memoryGiB: 768, gpus: 16 },
          disruption: {
            consolidateAfter: '2h',
            budgets: [
              // Business hours (08:00-18:00 UTC, Mon-Fri): never remove empty GPU nodes; keep caches warm.
              { nodes: '0', schedule: '0 8 * * mon-fri', duration: '10h', reasons: ['Empty', 'Underutilized'] },
              { nodes: '20%' },
            ],
          },
          expireAfter: '720h',
        },
      },
    },
  },
);
