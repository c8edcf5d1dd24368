/**
 * The DRA path in the budget report: the DRA node group's cost (always-on minimum, ceiling at
 * max size) and how long Cluster Autoscaler takes to add a node, which is slower than
 * Karpenter's path because it acts only on its scan interval.
 */
import { durationSeconds } from '../config/durations';
import { draWorkloads } from '../config/derived/dra';
import { facts } from '../config/facts';
import { instanceTypes } from '../config/instances';
import type { EnvironmentConfig } from '../config/types';
import type { Term } from './budget';

export interface DraBudget {
  readonly instanceType: string;
  readonly minSize: number;
  readonly maxSize: number;
  /** Nodes kept at minSize, on demand. */
  readonly alwaysOnUsdPerHour: number;
  /** The group at maxSize. */
  readonly ceilingUsdPerHour: number;
  /** A DRA pod pending until its node is Ready: CA scan, then the node group launch. */
  readonly scaleUp: readonly Term[];
  readonly scaleUpSeconds: number | undefined;
  /** Idle time before CA removes a node (`--scale-down-unneeded-time`). */
  readonly scaleDownSeconds: number | undefined;
  readonly workloads: readonly string[];
}

/** The DRA budget of one environment, or undefined without a DRA path. */
export function draBudget(env: EnvironmentConfig): DraBudget | undefined {
  if (!env.dra) return undefined;
  const g = env.dra.nodeGroup;
  const ca = env.dra.clusterAutoscaler;
  const price = instanceTypes[g.instanceType]?.onDemandUsdPerHour ?? 0;
  const scan = durationSeconds(ca.scanInterval);
  const scaleUp: Term[] = [
    { label: 'Cluster Autoscaler scan', seconds: scan, basis: 'modelled', source: `worst case one --scan-interval (dra.clusterAutoscaler.scanInterval ${ca.scanInterval})` },
    {
      label: 'node group launch',
      seconds: facts.nodeReady.value,
      basis: 'modelled',
      source: `assumed equal to the ${facts.nodeReady.value} s measured for a Karpenter node (EC2 launch, AL2023 boot); the ASG path and the DRA driver publishing its ResourceSlices are not measured`,
    },
  ];
  const sum = scaleUp.every((t) => t.seconds !== undefined) ? scaleUp.reduce((a, t) => a + (t.seconds ?? 0), 0) : undefined;
  return {
    instanceType: g.instanceType,
    minSize: g.minSize,
    maxSize: g.maxSize,
    alwaysOnUsdPerHour: g.minSize * price,
    ceilingUsdPerHour: g.maxSize * price,
    scaleUp,
    scaleUpSeconds: sum,
    scaleDownSeconds: durationSeconds(ca.scaleDownUnneededTime),
    workloads: draWorkloads(env),
  };
}

const usd = (v: number) => `$${v.toFixed(2)}`;

/** The report section (empty without a DRA path). */
export function draSection(d: DraBudget | undefined): string[] {
  if (!d) return [];
  return [
    '## DRA node group (Cluster Autoscaler)',
    '',
    `${d.instanceType}, ${d.minSize} to ${d.maxSize} nodes, on demand; workloads: ${d.workloads.join(', ') || 'none'}.`,
    '',
    '| what | value |',
    '|---|---|',
    `| always on (min size) | ${usd(d.alwaysOnUsdPerHour)}/h |`,
    `| ceiling (max size) | ${usd(d.ceilingUsdPerHour)}/h |`,
    ...d.scaleUp.map((t) => `| ${t.label} | ${t.seconds ?? '?'} s (${t.basis}: ${t.source}) |`),
    `| new DRA node, pending pod to node Ready | ${d.scaleUpSeconds ?? '?'} s, before image pull and model load |`,
    `| scale-down after idle | ${d.scaleDownSeconds ?? '?'} s (--scale-down-unneeded-time) |`,
    '',
  ];
}
