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

/** One On-Demand Capacity Reservation and what it costs: billed at the on-demand price whether used or not. */
export interface ReservationCost {
  /** Reservation id, or its selector tags as `key=value,...`. */
  readonly name: string;
  readonly nodeClasses: readonly string[];
  readonly instanceType: string;
  readonly instances: number;
  readonly unitUsdPerHour: number;
  readonly usdPerHour: number;
  readonly gpus: number;
}

/**
 * Every capacity reservation of the node classes, once even when several classes name it
 * (keyed by id or tags). EC2 bills a reservation at the on-demand rate from the moment it is
 * active, instances running in it or not ("Capacity Reservation pricing and billing", Amazon EC2
 * User Guide, https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-reservations-pricing-billing.html).
 */
export function reservationCosts(env: EnvironmentConfig): ReservationCost[] {
  const byName = new Map<string, ReservationCost>();
  for (const [cls, nc] of Object.entries(env.nodes.nodeClasses)) {
    for (const r of nc.capacityReservations ?? []) {
      const name = r.id ?? Object.entries(r.tags ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
      const seen = byName.get(name);
      if (seen) {
        byName.set(name, { ...seen, nodeClasses: [...seen.nodeClasses, cls] });
        continue;
      }
      const it = instanceTypes[r.instanceType];
      const unit = it?.onDemandUsdPerHour ?? 0;
      byName.set(name, { name, nodeClasses: [cls], instanceType: r.instanceType, instances: r.instances, unitUsdPerHour: unit, usdPerHour: r.instances * unit, gpus: r.instances * (it?.gpuCount ?? 0) });
    }
  }
  return [...byName.values()];
}

/**
 * What the environment costs with no inference traffic: the node groups that never scale to
 * zero, capacity reservations, NAT gateways, the EKS control plane and interface endpoints (list prices; data
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
    ...reservationCosts(env).map((r) => line(`capacity reservation ${r.name} (${r.instanceType}, paid used or not)`, r.instances, r.unitUsdPerHour)),
    line(net.natGatewayPerAz ? 'NAT gateways (one per AZ)' : 'NAT gateway (shared)', net.natGatewayPerAz ? azs : 1, networkPrices.natGatewayUsdPerHour),
    line('EKS control plane', 1, networkPrices.eksControlPlaneUsdPerHour),
    line(`interface VPC endpoints (${endpoints} x ${azs} AZs)`, endpoints * azs, networkPrices.interfaceEndpointUsdPerAzHour),
    // The DRA node group never goes below its minimum (rules/dra.ts: at least 1 node).
    ...(env.dra ? [line(`DRA node group minimum (${env.dra.nodeGroup.instanceType})`, env.dra.nodeGroup.minSize, instanceTypes[env.dra.nodeGroup.instanceType]?.onDemandUsdPerHour ?? 0)] : []),
  ];
}
