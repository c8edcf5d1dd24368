import type { EnvironmentConfig } from '../../config/types';
import { helmCharts } from '../../config/versions';
import { CLUSTER_CRITICAL, containerResources, controllerPlacement } from './placement';
import type { HelmRelease } from './release';

/**
 * Karpenter controller. It runs in the namespace and under the service account of its Pod
 * Identity association (Terraform creates the association from the same config), so it has
 * AWS credentials; no IRSA annotation. `affinity` is deliberately not set: the chart's default
 * keeps the controller off nodes Karpenter launched (`karpenter.sh/nodepool DoesNotExist`) and
 * spreads replicas over hosts; overriding it would drop that rule.
 */
export function karpenter(env: EnvironmentConfig): HelmRelease {
  const k = env.addons.karpenter;
  return {
    app: 'karpenter',
    chart: helmCharts.karpenter,
    namespace: env.podIdentity.karpenter.namespace,
    releaseName: 'karpenter',
    values: {
      replicas: k.replicas,
      serviceAccount: { name: env.podIdentity.karpenter.serviceAccount },
      settings: {
        clusterName: env.cluster.name,
        interruptionQueue: env.cluster.interruptionQueueName,
        // Both gates at 1.9.0 (charts/karpenter/values.yaml and kubernetes-sigs/karpenter
        // pkg/operator/options/options.go@v1.9.0): nodeRepair is ALPHA, off by default;
        // reservedCapacity is BETA, on by default (set so a chart bump cannot turn it off unseen).
        featureGates: { nodeRepair: env.nodes.repair.enabled, reservedCapacity: true },
      },
      // Explicit region: IMDS is unreachable (hop limit 1 on nodes, NetworkPolicy) and Pod
      // Identity does not inject AWS_REGION.
      controller: { resources: containerResources(k.resources), env: [{ name: 'AWS_REGION', value: env.cluster.region }] },
      podDisruptionBudget: { maxUnavailable: 1 },
      // nodeSelector merges with the chart's kubernetes.io/os: linux; tolerations replace its CriticalAddonsOnly one.
      ...controllerPlacement(env),
      // The chart's default: Karpenter launches the nodes every other pod waits for, so nothing may preempt it.
      priorityClassName: CLUSTER_CRITICAL,
    },
  };
}
