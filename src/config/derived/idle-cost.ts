import { instanceTypes, networkPrices } from '../instances';
import type { EnvironmentConfig } from '../types';

/**
 * The interface VPC endpoints Terraform creates (terraform/vpc.tf `local.vpc_endpoints`, plus
 * `local.karpenter_vpc_endpoints` when `karpenterVpcEndpoints`); the S3 gateway endpoint is free.
 * test/terraform keeps these lists equal to vpc.tf.
 */
export const INTERFACE_ENDPOINTS = ['ecr.api', 'ecr.dkr', 'eks-auth', 'secretsmanager', 'sts'] as const;
export const KARPENTER_INTERFACE_ENDPOINTS = ['ec2', 'eks', 'sqs', 'ssm'] as const;

/** One always-on cost line: what, how many, the unit price, and the hourly total. */
export interface IdleLine {
  readonly item: string;
  readonly count: number;
  readonly unitUsdPerHour: number;
  readonly usdPerHour: number;
}

/**
 * What the environment costs with no inference traffic: the node groups that never scale to
 * zero, NAT gateways, the EKS control plane and interface endpoints (list prices; data
 * processing, EBS and public IPv4 addresses not included).
 */
export function idleCost(env: EnvironmentConfig): IdleLine[] {
  const net = env.platform.network;
  const azs = net.availabilityZones.length;
  const endpoints = INTERFACE_ENDPOINTS.length + (net.karpenterVpcEndpoints ? KARPENTER_INTERFACE_ENDPOINTS.length : 0);
  const group = (item: string, g: EnvironmentConfig['nodes']['systemNodeGroup']) => {
    const price = instanceTypes[g.instanceType]?.onDemandUsdPerHour ?? 0;
    return { item: `${item} (${g.instanceType})`, count: g.desiredSize, unitUsdPerHour: price, usdPerHour: g.desiredSize * price };
  };
  const line = (item: string, count: number, unit: number) => ({ item, count, unitUsdPerHour: unit, usdPerHour: count * unit });
  return [
    group('system node group', env.nodes.systemNodeGroup),
    group('baseline GPU node group', env.nodes.baselineGpuNodeGroup),
    line(net.natGatewayPerAz ? 'NAT gateways (one per AZ)' : 'NAT gateway (shared)', net.natGatewayPerAz ? azs : 1, networkPrices.natGatewayUsdPerHour),
    line('EKS control plane', 1, networkPrices.eksControlPlaneUsdPerHour),
    line(`interface VPC endpoints (${endpoints} x ${azs} AZs)`, endpoints * azs, networkPrices.interfaceEndpointUsdPerAzHour),
    // The DRA node group never goes below its minimum (rules/dra.ts: at least 1 node).
    ...(env.dra ? [line(`DRA node group minimum (${env.dra.nodeGroup.instanceType})`, env.dra.nodeGroup.minSize, instanceTypes[env.dra.nodeGroup.instanceType]?.onDemandUsdPerHour ?? 0)] : []),
  ];
}
