import type { ClusterConfig } from '../types';

/**
 * Cluster identity from the three facts Terraform is given (cluster name, region, account);
 * the derived names follow the Terraform naming in terraform/ (a test checks they agree).
 */
export function clusterIdentity(name: string, region: string, accountId: string): ClusterConfig {
  return {
    name,
    region,
    accountId,
    registryHost: `${accountId}.dkr.ecr.${region}.amazonaws.com`,
    nodeRoleName: `${name}-karpenter-node`,
    interruptionQueueName: `${name}-karpenter-interruptions`,
  };
}
