import type { EnvironmentConfig } from '../types';
import { applyOverride } from './merge';
import { base } from './base';
import { clusterIdentity } from './cluster';
import { chatService, embeddingsWorker, workloads } from './workloads';

/** dev: one cheap GPU, fast scale-to-zero, policies in Audit. */
const cluster = clusterIdentity('gpu-inference-dev', 'us-east-1', '111122223333');
const embeddings = embeddingsWorker(cluster.registryHost);

export const dev: EnvironmentConfig = applyOverride<EnvironmentConfig>(
  {
    ...base,
    name: 'dev',
    cluster,
    // Terraform state in the dev account (create the bucket once: terraform/README.md).
    terraform: { stateBucket: `gpu-inference-tfstate-${cluster.accountId}`, clusterAdminRoleArns: [], tags: {} },
    // One async and one HTTP service on the smallest GPU (T4 16 GiB fits both models).
    // chat is reachable from the VPC (internal NLB) at its own host; nothing is public in dev.
    workloads: workloads({ embeddings, chat: { ...chatService(cluster.registryHost), publicHost: 'chat.dev.inference.acme-ml.internal' } }),
  },
  {
    gitops: { targetRevision: 'main' },
    ingress: { exposure: 'internal', domain: 'dev.inference.acme-ml.internal' },
    // Limits on the figures of dist/dev/budget.md (GPU spend ceiling, worst cold start); synth refuses more.
    budget: { maxGpuSpendPerHourUsd: 5, maxColdStartSeconds: 360 },
    // dev's API is reachable from anywhere (laptops without VPN); narrow it to your office or VPN
    // egress ranges. Production refuses 0.0.0.0/0.
    platform: { network: { vpcCidr: '10.10.0.0/16', apiPublicCidrs: ['0.0.0.0/0'] } },
    nodes: {
      // dev canaries new AMIs before prod's pinned alias moves; spot-only is fine for dev.
      nodeClasses: { al2023: { amiAlias: 'al2023@latest', volumeGiB: 100 } },
      // The smallest GPU only (T4 16 GiB), in three sizes for spot diversity.
      pools: { gpu: { instanceTypes: ['g4dn.xlarge', 'g4dn.2xlarge', 'g4dn.4xlarge'] } },
      policy: { requireOnDemandGpuFallback: false, allowLatestAmi: true },
    },
  },
);
