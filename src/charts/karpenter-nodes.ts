import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { Ec2NodeClass } from '../constructs/karpenter/ec2-node-class';
import { NodePool } from '../constructs/karpenter/node-pool';
import { PlatformChart } from './platform-chart';

/** Registries mirrored through Dragonfly on every Karpenter node. */
export function mirroredRegistries(env: EnvironmentConfig): string[] {
  return [env.cluster.registryHost, ...env.nodes.registryMirror.extraRegistries];
}

/**
 * Label on every node of a pool whose node class is Bottlerocket, from registration on (Karpenter
 * merges the NodePool template labels into Bottlerocket's `settings.kubernetes.node-labels`,
 * aws/karpenter-provider-aws pkg/providers/amifamily/bootstrap/bottlerocket.go@v1.9.0). The NVIDIA
 * device plugin DaemonSet keeps off nodes carrying it: Bottlerocket's NVIDIA variant runs its own
 * (bottlerocket-os/bottlerocket QUICKSTART-EKS.md@v1.26.0, "aws-k8s-*-nvidia variants").
 * AL2023 pools get no label, so their NodePool templates, and so their nodes, stay unchanged.
 */
export const BOTTLEROCKET_NODE_LABEL = { key: 'gpu-inference.io/ami-family', value: 'bottlerocket' } as const;

function amiFamilyLabel(family: string | undefined): Record<string, string> {
  return family === 'Bottlerocket' ? { [BOTTLEROCKET_NODE_LABEL.key]: BOTTLEROCKET_NODE_LABEL.value } : {};
}

/** Karpenter EC2NodeClasses and NodePools (platform-config: needs Karpenter's CRDs). */
export class KarpenterNodesChart extends PlatformChart {
  readonly layer = 'platform-config' as const;

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, 'karpenter-nodes');
    const { nodes, cluster } = env;
    for (const [name, nc] of Object.entries(nodes.nodeClasses)) {
      new Ec2NodeClass(this, `class-${name}`, {
        name,
        amiFamily: nc.amiFamily,
        amiAlias: nc.amiAlias,
        discoveryTag: cluster.name,
        role: cluster.nodeRoleName,
        volume: { sizeGiB: nc.volumeGiB, iops: nc.volumeIops, throughputMiBps: nc.volumeThroughputMiBps },
        registryMirror: { endpoint: nodes.registryMirror.endpoint, registries: mirroredRegistries(env) },
        capacityReservations: nc.capacityReservations,
        tags: { 'gpu-inference.io/cluster': cluster.name, 'gpu-inference.io/environment': env.name, 'karpenter.sh/discovery': cluster.name },
      });
    }
    for (const [name, pool] of Object.entries(nodes.pools)) {
      new NodePool(this, `pool-${name}`, {
        name,
        nodeClassName: pool.nodeClass,
        instanceTypes: pool.instanceTypes,
        capacityTypes: pool.capacityTypes,
        labels: { 'gpu-inference.io/pool': name, ...(pool.gpu ? nodes.gpuNodeLabels : {}), ...amiFamilyLabel(nodes.nodeClasses[pool.nodeClass]?.amiFamily) },
        taints: pool.gpu ? [nodes.gpuTaint] : undefined,
        weight: pool.weight,
        limits: pool.limits,
        consolidationPolicy: pool.disruption.consolidationPolicy,
        consolidateAfter: pool.disruption.consolidateAfter,
        budgets: pool.disruption.budgets,
        expireAfter: pool.expireAfter,
        terminationGracePeriod: pool.terminationGracePeriod,
      });
    }
    this.syncWaves({ NodePool: 1 });
  }
}
