import type { EnvironmentConfig } from '../types';
import { applyOverride } from './merge';
import { base } from './base';
import { clusterIdentity } from './cluster';

/** dev: one cheap GPU, fast scale-to-zero, policies in Audit. */
export const dev: EnvironmentConfig = applyOverride<EnvironmentConfig>(
  { ...base, name: 'dev', cluster: clusterIdentity('gpu-inference-dev', 'us-east-1', '111122223333') },
  {
    gitops: { targetRevision: 'main' },
    nodes: {
      // dev canaries new AMIs before prod's pinned alias moves; spot-only is fine for dev.
      nodeClasses: { al2023: { amiAlias: 'al2023@latest', volumeGiB: 100 } },
      pools: { gpu: { capacityTypes: ['spot', 'on-demand'] } },
      policy: { requireOnDemandGpuFallback: false, allowLatestAmi: true },
    },
  },
);
