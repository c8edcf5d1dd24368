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
  },
);
