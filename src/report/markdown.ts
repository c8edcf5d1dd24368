/**
 * Renders the budget report as Markdown, deterministically: no dates but the catalogue's price
 * date, fixed decimals ($ to 4 places per hour, 2 per month; whole seconds).
 */
import { draSection } from './dra';
import { facts } from '../config/facts';
import type { EnvironmentConfig } from '../config/types';
import type { DisaggregatedBudget } from './disaggregated';
import { latestMeasurement, type Measurement, type MeasuredWorkload } from '../verify/measurements';
import { EKS_MANAGED_REPAIR, HOURS_PER_MONTH, budgetReport, triggerTermName, type BudgetReport, type PoolCeiling, type RepairBudget, type Term, type WorkloadBudget } from './budget';
import { compareText } from '../config/order';

const usd = (x: number): string => `$${x.toFixed(4)}`;
const secs = (x: number | undefined): string => (x === undefined ? 'unparsed' : x === Infinity ? 'never' : `${x} s`);
const row = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] => [row(head), row(head.map(() => '---')), ...rows.map(row)];

function ceilingSection(r: BudgetReport): string[] {
  const fleet = (p: PoolCeiling) => p.ceiling.nodes.map((n) => `${n.count} x ${n.instanceType}`).join(' + ') || 'none';
  const alone = (p: PoolCeiling) => (p.dearestType ? `${p.dearestType.nodes} x ${p.dearestType.instanceType} = ${usd(p.dearestType.usdPerHour)}` : 'none');
  const baseline = r.alwaysOn.groups.find((g) => g.group === 'baselineGpuNodeGroup')!;
  const unknown = r.gpuPools.flatMap((p) => p.unknownInstanceTypes.map((t) => `${p.pool}: ${t}`));
  return [
    '## GPU spend ceiling per hour',
    '',
    'A pool\'s ceiling is the dearest fleet of its allowed instance types (any mix) whose summed GPUs, vCPU and memory stay',
    'within the pool\'s limits, at on-demand prices. For one instance type alone that is',
    '`min(floor(limits.gpus / GPUs), floor(limits.cpu / vCPU), floor(limits.memoryGiB / GiB)) x price`; the dearest type',
    'alone is shown too, because smaller, cheaper types can fit more nodes under the same limits.',
    '',
    ...table(
      ['pool', 'limits (GPUs / vCPU / GiB)', 'capacity types', 'dearest type alone ($/h)', 'dearest fleet within the limits', 'ceiling ($/h)'],
      [
        ...r.gpuPools.map((p) => [p.pool, `${p.limits.gpus ?? 'none'} / ${p.limits.cpu} / ${p.limits.memoryGiB}`, p.capacityTypes.join(', '), alone(p), fleet(p), usd(p.ceiling.usdPerHour)]),
        ['**GPU pools**', '', '', '', '', `**${usd(r.gpuPoolsUsdPerHour)}**`],
        ['baseline GPU node group', '', 'on-demand', '', `${baseline.nodes} x ${baseline.instanceType}`, usd(baseline.usdPerHour)],
        ...r.alwaysOn.reservations
          .filter((c) => c.gpus > 0)
          .map((c) => [`capacity reservation ${c.name}`, '', 'reserved (paid used or not)', '', `${c.instances} x ${c.instanceType}`, usd(c.usdPerHour)]),
        ['**GPU spend ceiling**', '', '', '', '', `**${usd(r.gpuSpendCeilingUsdPerHour)}**`],
      ],
    ),
    '',
    ...(unknown.length ? [`Not priced (not in the instance catalogue): ${unknown.join(', ')}.`, ''] : []),
    'Spot capacity usually costs less than on demand, so these are upper bounds. Karpenter only launches instance types that',
    'keep a pool within its limits, but checks them eventually consistently: a rapid scale-out can overrun them briefly.',
    'Karpenter counts node capacity as it sees it, which can differ slightly from the catalogue\'s figures.',
  ];
}

function alwaysOnSection(r: BudgetReport): string[] {
  const a = r.alwaysOn;
  return [
    '## Always-on cost',
    '',
    ...table(
      ['node group', 'nodes', 'instance type', '$/h per node', '$/h'],
      [
        ...a.groups.map((g) => [g.group, g.nodes, g.instanceType, g.nodeUsdPerHour === undefined ? 'not in the catalogue' : usd(g.nodeUsdPerHour), usd(g.usdPerHour)]),
        ...a.reservations.map((c) => [`capacity reservation ${c.name}`, c.instances, c.instanceType, usd(c.unitUsdPerHour), usd(c.usdPerHour)]),
        ['**always-on nodes**', '', '', '', `**${usd(a.usdPerHour)}**`],
      ],
    ),
    '',
    `Per ${HOURS_PER_MONTH}-hour month: **$${a.usdPerMonth.toFixed(2)}**.`,
    ...(a.reservations.length
      ? ['', 'Capacity reservations are billed at the on-demand price whether instances run in them or not; they are in the GPU spend ceiling on top of the pools.']
      : []),
  ];
}

/**
 * How long a broken GPU can hold a workload: Karpenter's node repair (`nodes.repair`) for its
 * nodes, EKS node auto repair (`autoRepair`) for each managed GPU node group.
 */
function repairSection(r: BudgetReport): string[] {
  const x = r.repair;
  const karpenter = x.enabled
    ? [
        `A Karpenter GPU node whose \`AcceleratedHardwareReady\` condition (set by the EKS node monitoring agent) stays False for **${x.gpuToleranceMinutes} minutes**`,
        'is deleted by Karpenter\'s node repair; its pods are deleted at once with no grace period (no PodDisruptionBudget, `terminationGracePeriod` or preStop drain) and',
        'start again on a new node after one cold start (per workload below). A broken GPU therefore holds a workload for at most',
        `${x.gpuToleranceMinutes} minutes after the agent flags it, plus the cold start, unless more than ${x.pausedAbovePercent}% of the pool's nodes are unhealthy at once:`,
        `repair then pauses and retries every ${x.recheckMinutes} minutes.`,
      ]
    : ['Node repair is off (`nodes.repair.enabled`): a Karpenter node whose GPU fails keeps its pods until someone drains it (alerts `GpuXidError`, `GpuNodeWithoutGpus`).'];
  return ['## Broken GPUs', '', ...karpenter, ...x.managedGroups.flatMap(managedGroupRepair)];
}

/** One managed GPU node group: not Karpenter's, repaired by EKS or not at all. */
function managedGroupRepair(g: RepairBudget['managedGroups'][number]): string[] {
  const m = EKS_MANAGED_REPAIR;
  return [
    '',
    g.autoRepair
      ? `Managed node group \`${g.group}\` is not Karpenter's: EKS node auto repair (\`${g.field}\`) replaces or reboots a node whose \`AcceleratedHardwareReady\` ` +
        `stays False for **${m.gpuToleranceMinutes} minutes**, unless the group has more than ${m.pausedAboveNodes} nodes and more than ${m.pausedAbovePercent}% of them are unhealthy.`
      : `Managed node group \`${g.group}\` is not Karpenter's and its EKS node auto repair is off (\`${g.field}\`): a node whose GPU fails keeps its pods until someone replaces it.`,
  ];
}

/** Everything that runs with no inference traffic (`src/config/derived/idle-cost.ts`). */
function idleSection(r: BudgetReport): string[] {
  return [
    '## Idle cost',
    '',
    ...table(
      ['always on', 'count', '$/h each', '$/h'],
      [...r.idle.lines.map((l) => [l.item, l.count, usd(l.unitUsdPerHour), usd(l.usdPerHour)]), ['**idle**', '', '', `**${usd(r.idle.usdPerHour)}**`]],
    ),
    '',
    `Idle: **${usd(r.idle.usdPerHour)}**, about **$${r.idle.usdPerMonth.toFixed(2)}** per ${HOURS_PER_MONTH}-hour month. Not included: EBS volumes,`,
    'public IPv4 addresses of the NAT gateways, data processed by NAT gateways and endpoints, CloudWatch logs.',
  ];
}

function summarySection(r: BudgetReport): string[] {
  const fits = (w: WorkloadBudget) => `${w.replicas.fit} (${w.replicas.gpuCapacity} GPUs / ${w.replicas.gpusPerReplica} per replica)${w.replicas.exceeds ? ' **max replicas exceed it**' : ''}`;
  return [
    '## Workloads',
    '',
    'Worst cases, in seconds. Cold start: a new node, its image pulled from the registry (without P2P) or from a Dragonfly',
    'peer that already holds the layers (with P2P). GPU capacity: the GPU pools\' limits plus the baseline GPU node group.',
    '',
    ...table(
      ['workload', 'autoscaler', 'cold start without P2P', 'cold start with P2P', 'pods at zero after', 'last node removed after', 'max replicas', 'replicas the GPU capacity fits'],
      r.workloads.map((w) => [w.name, w.autoscaler, secs(w.coldStart.withoutP2pSeconds), secs(w.coldStart.withP2pSeconds), secs(w.scaleToZero.podsSeconds), secs(w.scaleToZero.nodesSeconds), w.replicas.max, fits(w)]),
    ),
  ];
}

const termRow = (t: Term) => [t.label, secs(t.seconds), t.basis, t.source];
const total = (label: string, seconds: number | undefined) => [`**${label}**`, `**${secs(seconds)}**`, '', ''];

/**
 * Adds a `measured` column (the latest committed scale test, `src/verify/measurements.ts`) when
 * there is one for this workload; without one the tables are unchanged.
 */
function withMeasured(head: string[], rows: (string | number)[][], keys: (string | undefined)[], m: MeasuredWorkload | undefined, date: string | undefined): [string[], (string | number)[][]] {
  if (!m) return [head, rows];
  const cell = (k: string | undefined) => (k && m.seconds[k] !== undefined ? `${m.seconds[k]} s` : '');
  return [[...head, `measured (${date})`], rows.map((r, i) => [...r, cell(keys[i])])];
}

/**
 * The trigger lag's rows: its one term, or its terms and their sum (the span the scale test
 * measures as one, so the measured trigger lag sits beside the sum).
 */
function triggerRows(c: WorkloadBudget['coldStart']): { rows: (string | number)[][]; keys: (string | undefined)[] } {
  if (c.trigger.length === 1) return { rows: [termRow(c.trigger[0])], keys: ['triggerLag'] };
  const names = c.trigger.map(triggerTermName).join(' + ');
  return { rows: [...c.trigger.map(termRow), total(`trigger lag: ${names}`, c.triggerLagSeconds)], keys: [...c.trigger.map(() => undefined), 'triggerLag'] };
}

function workloadSection(w: WorkloadBudget, m?: MeasuredWorkload, date?: string): string[] {
  const c = w.coldStart;
  const z = w.scaleToZero;
  const pull = m?.p2p ? [undefined, 'imagePull'] : ['imagePull', undefined];
  const trigger = triggerRows(c);
  const up = withMeasured(
    ['scale from zero', 'seconds', 'measured/modelled', 'source'],
    [
      ...trigger.rows,
      ...[c.nodeReady, c.registryPull, c.p2pPull, c.modelLoad].map(termRow),
      total('without P2P: trigger + node + registry pull + model load', c.withoutP2pSeconds),
      total('with P2P: trigger + node + P2P pull + model load', c.withP2pSeconds),
    ],
    [...trigger.keys, 'nodeReady', ...pull, 'modelLoad', m?.p2p ? undefined : 'coldStart', m?.p2p ? 'coldStart' : undefined],
    m,
    date,
  );
  const down = withMeasured(
    ['scale to zero', 'seconds', 'measured/modelled', 'source'],
    [
      ...z.podTerms.map(termRow),
      total(z.never ? `pods at zero: never (${z.never})` : 'pods at zero', z.podsSeconds),
      ...(z.nodeTerm ? [termRow(z.nodeTerm)] : []),
      total(z.nodeTerm ? 'last Karpenter node removed' : 'last Karpenter node removed (no GPU pool fits it)', z.nodesSeconds),
    ],
    [...z.podTerms.map(() => undefined), 'podsToZero', ...(z.nodeTerm ? [undefined] : []), 'nodesRemoved'],
    m,
    date,
  );
  return [
    `### ${w.name}`,
    '',
    `Woken from zero by ${c.wakeUp}.`,
    '',
    ...table(...up),
    '',
    ...table(...down),
    ...(z.notes.length ? ['', ...z.notes.map((n) => `- ${n}`)] : []),
  ];
}

function limitsSection(r: BudgetReport): string[] {
  const b = r.budget ?? {};
  // A cold start that does not parse sorts first: it is what needs fixing.
  const seconds = (w: WorkloadBudget) => w.coldStart.withoutP2pSeconds ?? Infinity;
  const worst = [...r.workloads].sort((a, z) => (seconds(z) === seconds(a) ? 0 : seconds(z) > seconds(a) ? 1 : -1) || compareText(a.name, z.name))[0];
  return [
    '## Budget limits (validated by `npm run synth`)',
    '',
    `- \`budget.maxGpuSpendPerHourUsd\`: ${b.maxGpuSpendPerHourUsd === undefined ? 'not set' : usd(b.maxGpuSpendPerHourUsd)}; GPU spend ceiling ${usd(r.gpuSpendCeilingUsdPerHour)}`,
    `- alerts: ${r.alerts}`,
    `- \`budget.maxColdStartSeconds\`: ${b.maxColdStartSeconds === undefined ? 'not set' : secs(b.maxColdStartSeconds)}; worst cold start without P2P ${worst ? `${secs(worst.coldStart.withoutP2pSeconds)} (${worst.name})` : 'none (no workloads)'}`,
  ];
}

function factsSection(r: BudgetReport): string[] {
  return [
    '## Facts',
    '',
    ...table(
      ['fact', 'value', 'measured/modelled', 'source'],
      Object.entries(facts).map(([name, f]) => [name, `${f.value} ${f.unit}`, f.kind, f.source]),
    ),
    '',
    `Prices: on-demand list prices in ${r.pricing.region}, retrieved ${r.pricing.retrieved}; source: ${r.pricing.source}.`,
    'Config values (scrape and polling intervals, cooldowns, delays, model load, consolidateAfter) count as modelled: they are',
    'settings and declarations, not measurements. `nodeReady` was measured from the queue push, so it already contains that',
    'run\'s scrape and polling lag; adding a whole scrape and polling interval makes the cold start an upper bound. Not',
    'included anywhere: pod termination (preStop drain, grace period) and EC2 shutdown after a node is removed.',
  ];
}

const maybeUsd = (x: number | undefined): string => (x === undefined ? 'no fitting type priced' : usd(x));

/** A disaggregated service: each role's spend and cold start, and the first request end to end. */
function disaggregatedSection(d: DisaggregatedBudget): string[] {
  return [
    `### ${d.name} (disaggregated prefill/decode)`,
    '',
    'Each role at its own scale, each replica alone on the dearest type it fits in its pool, on demand. A role never scales',
    'to zero; its cold start is that of a scale-out replica on a new node.',
    '',
    ...table(
      ['role', 'pool', 'replicas', 'dearest type', 'floor $/h', 'ceiling $/h', 'cold start without P2P', 'cold start with P2P'],
      d.roles.map((r) => [
        r.role,
        r.pool,
        `${r.minReplicas}-${r.maxReplicas}`,
        r.dearestType ? `${r.dearestType.instanceType} (${usd(r.dearestType.usdPerHour)})` : 'none',
        maybeUsd(r.floorUsdPerHour),
        maybeUsd(r.ceilingUsdPerHour),
        secs(r.coldStartSeconds.withoutP2p),
        secs(r.coldStartSeconds.withP2p),
      ]),
    ),
    '',
    `- spend ceiling of both roles: ${maybeUsd(d.ceilingUsdPerHour)} per hour (the router runs on the non-GPU nodes)`,
    `- first request after a deployment on empty GPU pools: ${secs(d.firstRequestSeconds.withoutP2p)} without P2P, ${secs(d.firstRequestSeconds.withP2p)} with P2P (both roles boot in parallel, the slower decides; the router answers 503 until both have a ready pod)`,
  ];
}

/** The budget report of one environment as Markdown (written to `dist/<env>/budget.md`). */
export function budgetMarkdown(env: EnvironmentConfig, measured: Measurement | undefined = latestMeasurement(env.name)): string {
  const r = budgetReport(env);
  const measuredOf = (name: string) => measured?.workloads.find((m) => m.workload === name);
  return [
    `# Budget report: ${r.env}`,
    '',
    '> Generated by `npm run synth` from `src/config` (`src/report/`); do not edit. Documentation, not a manifest: it sits',
    '> outside every Application folder and Argo CD reads only `.yaml`, `.yml` and `.json` files, so it is never applied.',
    '',
    ...ceilingSection(r),
    '',
    ...alwaysOnSection(r),
    '',
    ...idleSection(r),
    '',
    ...repairSection(r),
    '',
    ...summarySection(r),
    '',
    ...r.workloads.flatMap((w) => [...workloadSection(w, measuredOf(w.name), measured?.date), '']),
    ...r.disaggregated.flatMap((d) => [...disaggregatedSection(d), '']),
    ...draSection(r.dra),
    ...limitsSection(r),
    '',
    ...factsSection(r),
    '',
  ].join('\n');
}
