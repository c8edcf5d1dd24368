/**
 * The budget report's numbers: what an environment can cost per hour at
 * most, what it costs idle, and how long its workloads take to scale from and back to zero.
 * Every number comes from the config, the instance catalogue or a fact in `config/facts.ts`.
 */
import { draBudget, type DraBudget } from './dra';
import { autoscalerLagSeconds, coldStartBudget, p2pPullSeconds, pushScrapeSeconds, readsPushedMetric, registryPullSeconds } from '../config/derived/cold-start';
import { idleCost, reservationCosts, type IdleLine, type ReservationCost } from '../config/derived/idle-cost';
import { wakeUp } from '../config/derived/wake-up';
import { RECEIVER_SECRET_KEY } from '../constructs/monitoring/alertmanager-config';
import { gpuWorkloads, placementOf, type GpuWorkload } from '../config/derived/disaggregated';
import { gpuCapacity } from '../config/derived/placement';
import { managedGpuGroupRepair, type ManagedGpuGroupRepair } from '../config/derived/node-repair';
import { disaggregatedBudgets, type DisaggregatedBudget } from './disaggregated';
import { facts } from '../config/facts';
import { instanceTypes, pricing, type InstanceType } from '../config/instances';
import type { EnvironmentConfig, ManagedNodeGroupConfig, NodePoolConfig } from '../config/types';
import type { WorkloadConfig } from '../config/workload-types';
import { dearestFleet, limitAmounts, nodesWithin, type Fleet, type PoolLimits } from './ceiling';
import { durationSeconds } from '../config/durations';
import { compareText } from '../config/order';

/** Hours in the month the report prices (as terraform/README.md). */
export const HOURS_PER_MONTH = 730;

/** How a number is known: measured (a benchmark), modelled (an assumption or a config value). */
export type Basis = 'measured' | 'modelled';

/** One term of a time budget. */
export interface Term {
  readonly label: string;
  /** Seconds; Infinity for never, undefined when the config value does not parse. */
  readonly seconds: number | undefined;
  readonly basis: Basis;
  /** Where the number comes from. */
  readonly source: string;
}

/** The GPU spend ceiling of one Karpenter GPU pool. */
export interface PoolCeiling {
  readonly pool: string;
  readonly limits: PoolLimits;
  readonly capacityTypes: readonly string[];
  /** The dearest allowed type alone: nodes = min over the limits of floor(limit / per-node amount). */
  readonly dearestType?: { readonly instanceType: string; readonly nodes: number; readonly usdPerHour: number };
  /** The ceiling: the dearest fleet (any mix of allowed types) within the limits. */
  readonly ceiling: Fleet;
  /** Allowed types missing from the catalogue (no price; validation refuses them). */
  readonly unknownInstanceTypes: readonly string[];
}

/** Cost of one always-on node group. */
export interface NodeGroupCost {
  readonly group: 'systemNodeGroup' | 'baselineGpuNodeGroup';
  readonly instanceType: string;
  readonly nodes: number;
  /** Price of one node; undefined when the type is not in the catalogue. */
  readonly nodeUsdPerHour?: number;
  readonly usdPerHour: number;
  readonly gpus: number;
}

/** Scale-from-zero and back-to-zero budget of one workload. */
export interface WorkloadBudget {
  readonly name: string;
  readonly autoscaler: 'KEDA' | 'Knative';
  readonly coldStart: {
    /**
     * What passes before the autoscaler acts, in order: one Pushgateway scrape (workloads a
     * pushed metric triggers), then KEDA polling or Knative activation.
     */
    readonly trigger: readonly Term[];
    /** Their sum: what the scale test's trigger lag (load applied -> scale target activated) is compared with. */
    readonly triggerLagSeconds: number | undefined;
    readonly nodeReady: Term;
    readonly registryPull: Term;
    readonly p2pPull: Term;
    readonly modelLoad: Term;
    /** Trigger lag + node ready + registry pull + model load (the first node's pull); undefined when a term does not parse. */
    readonly withoutP2pSeconds: number | undefined;
    /** The same with a Dragonfly peer already holding the layers. */
    readonly withP2pSeconds: number | undefined;
    /** What wakes the workload from zero, in words (a waiting time when only a schedule does). */
    readonly wakeUp: string;
  };
  readonly scaleToZero: {
    /** Why the workload never reaches zero pods, if it does not. */
    readonly never?: string;
    /** Terms until the last pod is gone. */
    readonly podTerms: readonly Term[];
    /** Seconds until the last pod is gone (Infinity: never; undefined: a term does not parse). */
    readonly podsSeconds: number | undefined;
    /** consolidateAfter of the slowest GPU pool the workload can land on, if any. */
    readonly nodeTerm?: Term;
    /** Seconds until its last Karpenter node is removed. */
    readonly nodesSeconds: number | undefined;
    /** Conditions that postpone either (cron baselines, scheduled zero-node disruption budgets). */
    readonly notes: readonly string[];
  };
  readonly replicas: {
    readonly max: number;
    readonly gpusPerReplica: number;
    /** GPUs the pools' limits and the baseline group provide (gpuCapacity). */
    readonly gpuCapacity: number;
    /** floor(gpuCapacity / gpusPerReplica). */
    readonly fit: number;
    readonly exceeds: boolean;
  };
}

/** Everything the report shows, as numbers. */
export interface BudgetReport {
  readonly env: string;
  readonly pricing: typeof pricing;
  readonly gpuPools: readonly PoolCeiling[];
  /** Sum of the GPU pools' ceilings. */
  readonly gpuPoolsUsdPerHour: number;
  /** GPU pools at their limits plus the baseline GPU node group: what `budget.maxGpuSpendPerHourUsd` bounds. */
  readonly gpuSpendCeilingUsdPerHour: number;
  /** On-Demand Capacity Reservations of GPU instance types: in the ceiling whether used or not. */
  readonly gpuReservationsUsdPerHour: number;
  readonly alwaysOn: {
    readonly groups: readonly NodeGroupCost[];
    /** Capacity reservations: billed whether instances run in them or not. */
    readonly reservations: readonly ReservationCost[];
    readonly usdPerHour: number;
    readonly usdPerMonth: number;
  };
  readonly workloads: readonly WorkloadBudget[];
  /** How long a broken GPU can hold a workload before its node is replaced. */
  readonly repair: RepairBudget;
  /** Per disaggregated service: spend ceiling and cold start per role, and the first request end to end. */
  readonly disaggregated: readonly DisaggregatedBudget[];
  /** Where alerts go, in words (a warning when nowhere). */
  readonly alerts: string;
  /** Cost with no inference traffic: always-on nodes and the AWS layer under them. */
  readonly idle: { readonly lines: readonly IdleLine[]; readonly usdPerHour: number; readonly usdPerMonth: number };
  readonly budget: EnvironmentConfig['budget'];
  /** The DRA node group, when the environment has a DRA path. */
  readonly dra?: DraBudget;
}

/** Node repair, as the budget report states it. */
export interface RepairBudget {
  readonly enabled: boolean;
  /**
   * Minutes a node's `AcceleratedHardwareReady` condition may stay False before Karpenter
   * deletes it: the AWS repair policy (aws/karpenter-provider-aws pkg/cloudprovider/cloudprovider.go@v1.9.0).
   */
  readonly gpuToleranceMinutes: number;
  /** Share of a pool's nodes that may be unhealthy before repair pauses (kubernetes-sigs/karpenter pkg/controllers/node/health/controller.go@v1.9.0). */
  readonly pausedAbovePercent: number;
  /** How often a paused repair is retried, minutes (same file: RequeueAfter 5 minutes). */
  readonly recheckMinutes: number;
  /** The managed GPU node groups (not Karpenter's), each with whether EKS node auto repair is on. */
  readonly managedGroups: readonly ManagedGpuGroupRepair[];
}

/** The repair figures of Karpenter 1.9.0 cited on {@link RepairBudget}. */
export const KARPENTER_REPAIR = { gpuToleranceMinutes: 10, pausedAbovePercent: 20, recheckMinutes: 5 } as const;

/**
 * EKS node auto repair of managed node groups: `AcceleratedHardwareReady` False for 10 minutes
 * means replace or reboot, and repair stays off in a group of more than 5 nodes of which more
 * than 20% are unhealthy ("Automatically repair nodes in EKS clusters", Amazon EKS User Guide,
 * https://docs.aws.amazon.com/eks/latest/userguide/node-repair.html).
 */
export const EKS_MANAGED_REPAIR = { gpuToleranceMinutes: 10, pausedAboveNodes: 5, pausedAbovePercent: 20 } as const;

const known = (names: readonly string[]): InstanceType[] =>
  [...new Set(names)].map((n) => instanceTypes[n]).filter((i): i is InstanceType => i !== undefined);

function poolCeiling(pool: string, p: NodePoolConfig): PoolCeiling {
  const types = known(p.instanceTypes);
  const dearest = [...types].sort((a, b) => b.onDemandUsdPerHour - a.onDemandUsdPerHour || compareText(a.name, b.name))[0];
  const nodes = dearest ? nodesWithin(dearest, limitAmounts(p.limits)) : 0;
  return {
    pool,
    limits: p.limits,
    capacityTypes: p.capacityTypes,
    dearestType: dearest && { instanceType: dearest.name, nodes, usdPerHour: nodes * dearest.onDemandUsdPerHour },
    ceiling: dearestFleet(types, p.limits),
    unknownInstanceTypes: [...new Set(p.instanceTypes)].filter((n) => instanceTypes[n] === undefined),
  };
}

function groupCost(group: NodeGroupCost['group'], g: ManagedNodeGroupConfig): NodeGroupCost {
  const it = instanceTypes[g.instanceType];
  return {
    group,
    instanceType: g.instanceType,
    nodes: g.desiredSize,
    nodeUsdPerHour: it?.onDemandUsdPerHour,
    usdPerHour: g.desiredSize * (it?.onDemandUsdPerHour ?? 0),
    gpus: g.desiredSize * (it?.gpuCount ?? 0),
  };
}

const sum = (xs: readonly (number | undefined)[]): number | undefined =>
  xs.some((x) => x === undefined) ? undefined : xs.reduce<number>((a, x) => a + x!, 0);

const fact = (label: string, f: { value: number; kind: Basis; source: string }): Term => ({ label, seconds: f.value, basis: f.kind, source: f.source });

function coldStart(env: EnvironmentConfig, g: GpuWorkload): WorkloadBudget['coldStart'] {
  const { w } = g;
  const at = g.path;
  const cfg = g.pool ? g.path.split('.').slice(0, 3).join('.') : at; // a role's coldStart is its service's
  const without = coldStartBudget(env, w, false);
  const withP2p = coldStartBudget(env, w, true);
  const size = w.coldStart.imageSizeMiB;
  const measuredSize = facts.measuredImageMiB.value;
  const onMeasuredType = placementOf(env, g).includes('g4dn.xlarge');
  const trigger = triggerTerms(env, at, w);
  const parsed = trigger.every((t) => t.seconds !== undefined);
  return {
    trigger,
    triggerLagSeconds: sum(trigger.map((t) => t.seconds)),
    nodeReady: onMeasuredType
      ? fact('node ready', facts.nodeReady)
      : { label: 'node ready', seconds: without.nodeReady, basis: 'modelled', source: `assumed equal to the ${facts.nodeReady.value} s measured on g4dn.xlarge, a type this workload cannot use here` },
    registryPull: {
      label: 'image pull, registry',
      seconds: registryPullSeconds(size),
      basis: size <= measuredSize ? 'measured' : 'modelled',
      source:
        size <= measuredSize
          ? facts.registryPullSmallImage.source
          : `measured ${facts.registryPullSmallImage.value} s for ${measuredSize} MiB + (${size} - ${measuredSize}) MiB at the modelled ${facts.registryThroughput.value} MiB/s, rounded up`,
    },
    p2pPull: {
      label: 'image pull, P2P peer',
      seconds: p2pPullSeconds(size),
      basis: 'modelled',
      source: `${facts.p2pOverhead.value} s overhead + ${size} MiB at ${facts.p2pThroughput.value} MiB/s, rounded up`,
    },
    modelLoad: { label: 'model load', seconds: without.modelLoad, basis: 'modelled', source: `declared in ${cfg}.coldStart.modelLoadSeconds` },
    withoutP2pSeconds: parsed ? without.total : undefined,
    withP2pSeconds: parsed ? withP2p.total : undefined,
    wakeUp: g.pool ? 'nothing: a disaggregated role keeps at least one replica' : wakeUpText(w),
  };
}

/** What a trigger lag term counts: `trigger lag (KEDA polling)` -> `KEDA polling`. */
export const triggerTermName = (t: Term): string => /^trigger lag \((.+)\)$/.exec(t.label)?.[1] ?? t.label;

/** The trigger lag's terms (derived/cold-start.ts), each with its config source. */
function triggerTerms(env: EnvironmentConfig, at: string, w: WorkloadConfig): Term[] {
  if (w.kind === 'http') return [fact('trigger lag (Knative activation)', facts.knativeActivation)];
  const interval = env.addons.pushgateway.scrapeInterval;
  const scrape: Term[] = readsPushedMetric(w)
    ? [{ label: 'trigger lag (Pushgateway scrape)', seconds: pushScrapeSeconds(env, w), basis: 'modelled', source: `worst case: one full addons.pushgateway.scrapeInterval "${interval}" (a depth pushed just after a scrape waits for the next)` }]
    : [];
  return [...scrape, { label: 'trigger lag (KEDA polling)', seconds: autoscalerLagSeconds(w), basis: 'modelled', source: `worst case: one full ${at}.pollingIntervalSeconds` }];
}

function wakeUpText(w: WorkloadConfig): string {
  if (w.kind === 'http') return 'the first request (Knative activator)';
  if (w.minReplicas > 0) return `never at zero (minReplicas ${w.minReplicas})`;
  const by = wakeUp(w);
  if (by === 'queue') return 'a queue trigger (exists at zero replicas)';
  if (by === 'schedule') return `only the cron schedule \`${w.cron!.start}\` (${w.cron!.timezone}): work arriving outside it waits for the next start (cron.jobsMayWaitForSchedule)`;
  return 'nothing: no trigger exists at zero replicas';
}

/** GPU pools one replica can land on (a pool allowing an instance type it fits on). */
function poolsFor(env: EnvironmentConfig, g: GpuWorkload): [string, NodePoolConfig][] {
  const placement = placementOf(env, g);
  return Object.entries(env.nodes.pools).filter(([, p]) => p.gpu && p.instanceTypes.some((t) => placement.includes(t)));
}

function podTerms(env: EnvironmentConfig, at: string, w: WorkloadConfig): Term[] {
  const config = (label: string, seconds: number | undefined, source: string): Term => ({ label, seconds, basis: 'modelled', source });
  if (w.kind === 'async') {
    return [
      config('KEDA cooldown', w.cooldownPeriodSeconds, `${at}.cooldownPeriodSeconds, from the last active trigger (measured ${facts.scaleToZeroMin.value}-${facts.scaleToZeroMax.value} s for cooldown 300)`),
      config('KEDA polling', w.pollingIntervalSeconds, `worst case: the cooldown is checked once per ${at}.pollingIntervalSeconds`),
    ];
  }
  const k = env.knative;
  return [
    config('Knative stable window', durationSeconds(k.stableWindow), `knative.stableWindow "${k.stableWindow}": the last replica goes after no traffic for the whole window`),
    config('scale-down delay', durationSeconds(w.scaleDownDelay), `${at}.scaleDownDelay "${w.scaleDownDelay}"`),
    config('scale-to-zero grace period', durationSeconds(k.scaleToZeroGracePeriod), `knative.scaleToZeroGracePeriod "${k.scaleToZeroGracePeriod}" (upper bound)`),
  ];
}

function scaleToZero(env: EnvironmentConfig, g: GpuWorkload): WorkloadBudget['scaleToZero'] {
  const { w } = g;
  const terms = podTerms(env, g.path, w);
  const pools = poolsFor(env, g);
  const slowest = pools
    .map(([pool, p]) => ({ pool, after: p.disruption.consolidateAfter, seconds: durationSeconds(p.disruption.consolidateAfter) }))
    .sort((a, b) => (b.seconds ?? Infinity) - (a.seconds ?? Infinity) || compareText(a.pool, b.pool))[0];
  const nodeTerm: Term | undefined = slowest && {
    label: 'Karpenter consolidateAfter',
    seconds: slowest.seconds,
    basis: 'modelled',
    source: `nodes.pools.${slowest.pool}.disruption.consolidateAfter "${slowest.after}" (slowest of ${pools.map(([p]) => p).join(', ')})`,
  };
  const notes: string[] = [];
  if (w.kind === 'async' && w.cron) notes.push(`a cron baseline keeps ${w.cron.desiredReplicas} replica(s) from \`${w.cron.start}\` to \`${w.cron.end}\` (${w.cron.timezone})`);
  for (const [pool, p] of pools) {
    for (const b of p.disruption.budgets) {
      if (b.nodes === '0' && b.schedule && (!b.reasons || b.reasons.includes('Empty'))) {
        notes.push(`pool ${pool}: empty nodes stay while its zero-node disruption budget \`${b.schedule}\` (for ${b.duration ?? 'its duration'}) is active`);
      }
    }
  }
  if (env.nodes.baselineGpuNodeGroup.desiredSize > 0 && placementOf(env, g).includes(env.nodes.baselineGpuNodeGroup.instanceType)) {
    notes.push('pods on the baseline GPU node group leave their node running (always-on cost)');
  }
  const podsSeconds = sum(terms.map((t) => t.seconds));
  const never = w.minReplicas > 0 ? `minReplicas is ${w.minReplicas}` : undefined;
  return {
    never,
    podTerms: terms,
    podsSeconds: never ? Infinity : podsSeconds,
    nodeTerm,
    nodesSeconds: never ? Infinity : nodeTerm ? sum([podsSeconds, nodeTerm.seconds]) : undefined,
    notes,
  };
}

function workloadBudget(env: EnvironmentConfig, g: GpuWorkload): WorkloadBudget {
  const { name, w } = g;
  const capacity = gpuCapacity(env);
  const gpus = w.resources.gpus;
  const fit = gpus > 0 ? Math.floor(capacity / gpus) : Infinity;
  return {
    name,
    autoscaler: w.kind === 'async' ? 'KEDA' : 'Knative',
    coldStart: coldStart(env, g),
    scaleToZero: scaleToZero(env, g),
    replicas: { max: w.maxReplicas, gpusPerReplica: gpus, gpuCapacity: capacity, fit, exceeds: w.maxReplicas > fit },
  };
}

/** The budget report of one environment, as numbers (rendered by `budgetMarkdown`). */
export function budgetReport(env: EnvironmentConfig): BudgetReport {
  const gpuPools = Object.entries(env.nodes.pools)
    .filter(([, p]) => p.gpu)
    .map(([name, p]) => poolCeiling(name, p));
  const gpuPoolsUsdPerHour = gpuPools.reduce((a, p) => a + p.ceiling.usdPerHour, 0);
  const groups = [groupCost('systemNodeGroup', env.nodes.systemNodeGroup), groupCost('baselineGpuNodeGroup', env.nodes.baselineGpuNodeGroup)];
  const reservations = reservationCosts(env);
  const alwaysOnUsd = [...groups, ...reservations].reduce((a, g) => a + g.usdPerHour, 0);
  // Paid even while the pools launch their whole limits elsewhere (a reservation in a zone
  // without capacity for the pods, or one the scheduler cannot use): added, not assumed inside.
  const gpuReservationsUsdPerHour = reservations.filter((r) => r.gpus > 0).reduce((a, r) => a + r.usdPerHour, 0);
  const dra = draBudget(env);
  return {
    env: env.name,
    pricing,
    gpuPools,
    gpuPoolsUsdPerHour,
    gpuReservationsUsdPerHour,
    gpuSpendCeilingUsdPerHour: gpuPoolsUsdPerHour + groups[1].usdPerHour + gpuReservationsUsdPerHour + (dra?.ceilingUsdPerHour ?? 0),
    alwaysOn: { groups, reservations, usdPerHour: alwaysOnUsd, usdPerMonth: alwaysOnUsd * HOURS_PER_MONTH },
    repair: { enabled: env.nodes.repair.enabled, ...KARPENTER_REPAIR, managedGroups: managedGpuGroupRepair(env) },
    workloads: gpuWorkloads(env).map((g) => workloadBudget(env, g)),
    disaggregated: disaggregatedBudgets(env),
    budget: env.budget,
    alerts: alertsText(env),
    idle: idleTotals(idleCost(env)),
    ...(dra ? { dra } : {}),
  };
}

function idleTotals(lines: readonly IdleLine[]): BudgetReport['idle'] {
  const usdPerHour = lines.reduce((a, l) => a + l.usdPerHour, 0);
  return { lines, usdPerHour, usdPerMonth: usdPerHour * HOURS_PER_MONTH };
}

function alertsText(env: EnvironmentConfig): string {
  const r = env.platform.alerts.receiver;
  if (!r) return 'no receiver (platform.alerts.receiver): alerts fire only in the Alertmanager and Prometheus UIs, nobody is notified';
  return `${r.kind}, with the ${RECEIVER_SECRET_KEY[r.kind]} from Secrets Manager secret \`${env.cluster.name}/${r.secret}\``;
}
