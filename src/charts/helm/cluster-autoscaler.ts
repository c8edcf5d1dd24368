import type { EnvironmentConfig } from '../../config/types';
import { helmCharts } from '../../config/versions';
import { systemPlacement } from './placement';
import type { HelmRelease } from './release';

/**
 * The ASG tag only the DRA node group carries (Terraform, eks.tf). EKS tags every managed node
 * group's ASG with `k8s.io/cluster-autoscaler/enabled` and `.../<cluster>`, so discovery by
 * those two alone would hand the system and baseline GPU groups to Cluster Autoscaler too.
 */
export const DRA_NODE_GROUP_TAG = 'gpu-inference.io/dra-node-group';

/**
 * Cluster Autoscaler for the DRA node group only (Karpenter owns every other scaling decision).
 * Chart keys: kubernetes/autoscaler cluster-autoscaler/charts/cluster-autoscaler/values.yaml@cluster-autoscaler-chart-9.59.0;
 * `autoDiscovery.tags` become `--node-group-auto-discovery=asg:tag=<tags>` (templates/deployment.yaml,
 * an ASG must carry every tag). DRA: `--enable-dynamic-resource-allocation` defaults to true and
 * is locked there in 1.35 (cluster-autoscaler/config/flags/flags.go@cluster-autoscaler-1.35.0), so it is not set.
 */
export function clusterAutoscaler(env: EnvironmentConfig): HelmRelease | undefined {
  if (!env.dra) return undefined;
  const ca = env.dra.clusterAutoscaler;
  return {
    app: 'cluster-autoscaler',
    chart: helmCharts.clusterAutoscaler,
    namespace: ca.namespace,
    releaseName: 'cluster-autoscaler',
    values: {
      cloudProvider: 'aws',
      awsRegion: env.cluster.region,
      autoDiscovery: {
        clusterName: env.cluster.name,
        tags: ['k8s.io/cluster-autoscaler/enabled', `k8s.io/cluster-autoscaler/${env.cluster.name}`, DRA_NODE_GROUP_TAG],
      },
      // AWS credentials through Pod Identity (terraform/pod-identity.tf) for this ServiceAccount.
      rbac: { serviceAccount: { create: true, name: ca.serviceAccount } },
      extraArgs: {
        // flags.go@cluster-autoscaler-1.35.0: scan-interval (default 10s), scale-down-unneeded-time (default 10m).
        'scan-interval': ca.scanInterval,
        'scale-down-unneeded-time': ca.scaleDownUnneededTime,
      },
      // A controller: on the system nodes, never on the nodes it removes.
      ...systemPlacement(env),
    },
  };
}
