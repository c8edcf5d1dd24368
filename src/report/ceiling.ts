import type { InstanceType } from '../config/instances';
import { compareText } from '../config/order';

/** A pool's resource limits; an absent GPU limit does not bound anything. */
export interface PoolLimits {
  readonly gpus?: number;
  readonly cpu: number;
  readonly memoryGiB: number;
}

/** Nodes of each instance type in a fleet, and what the fleet costs per hour on demand. */
export interface Fleet {
  readonly nodes: readonly { readonly instanceType: string; readonly count: number; readonly usdPerHour: number }[];
  readonly usdPerHour: number;
}

type Amounts = readonly [gpus: number, cpu: number, memoryGiB: number];

const amounts = (it: InstanceType): Amounts => [it.gpuCount, it.vcpu, it.memoryGiB];

/** floor(remaining / per-node amount) over every dimension; a zero amount does not bound. */
export function nodesWithin(it: InstanceType, remaining: Amounts): number {
  const per = amounts(it);
  return Math.min(...remaining.map((r, d) => (per[d] > 0 ? Math.floor(r / per[d]) : Infinity)));
}

/** The same limits as remaining amounts (an absent GPU limit is unbounded). */
export function limitAmounts(limits: PoolLimits): Amounts {
  return [limits.gpus ?? Infinity, limits.cpu, limits.memoryGiB];
}

/** `b` makes `a` pointless for the maximum: it costs at least as much and uses no more of anything. */
function dominates(b: InstanceType, a: InstanceType): boolean {
  const [ab, bb] = [amounts(a), amounts(b)];
  return b.onDemandUsdPerHour >= a.onDemandUsdPerHour && bb.every((v, d) => v <= ab[d]);
}

/**
 * The dearest fleet the limits admit: the mix of allowed instance types with the highest summed
 * on-demand price whose summed GPUs, vCPU and memory stay within the limits (Karpenter only
 * launches instance types that keep the pool within its limits). Exact: a depth-first search
 * over node counts, skipping types another type dominates and branches that cannot beat the best.
 */
export function dearestFleet(types: readonly InstanceType[], limits: PoolLimits): Fleet {
  const sorted = [...new Map(types.map((t) => [t.name, t])).values()].sort(
    (a, b) => b.onDemandUsdPerHour - a.onDemandUsdPerHour || compareText(a.name, b.name),
  );
  // Of two identical types keep the first; otherwise drop any type another dominates.
  const kept = sorted.filter((a, i) => !sorted.some((b, j) => b !== a && dominates(b, a) && (j < i || !dominates(a, b))));
  // Start from the dearest single-type fleet, so a mix is shown only when it costs strictly more.
  let best: { counts: number[]; usd: number } = { counts: kept.map(() => 0), usd: 0 };
  kept.forEach((t, i) => {
    const n = nodesWithin(t, limitAmounts(limits));
    if (Number.isFinite(n) && n * t.onDemandUsdPerHour > best.usd) best = { counts: kept.map((_, j) => (j === i ? n : 0)), usd: n * t.onDemandUsdPerHour };
  });
  const counts = kept.map(() => 0);

  // Upper bound of what types i.. can still add: remaining amount x best price per unit, per dimension.
  const bound = (i: number, rem: Amounts): number => {
    const rest = kept.slice(i);
    const perDim = rem.map((r, d) => r * Math.max(0, ...rest.map((t) => (amounts(t)[d] > 0 ? t.onDemandUsdPerHour / amounts(t)[d] : Infinity))));
    return Math.min(...perDim.map((v) => (Number.isNaN(v) ? Infinity : v)));
  };

  const search = (i: number, rem: Amounts, usd: number): void => {
    if (usd > best.usd + 1e-9) best = { counts: [...counts], usd };
    if (i === kept.length || usd + bound(i, rem) <= best.usd + 1e-9) return;
    const t = kept[i];
    const per = amounts(t);
    const most = nodesWithin(t, rem);
    for (let n = Number.isFinite(most) ? most : 0; n >= 0; n--) {
      counts[i] = n;
      search(i + 1, [rem[0] - n * per[0], rem[1] - n * per[1], rem[2] - n * per[2]], usd + n * t.onDemandUsdPerHour);
    }
    counts[i] = 0;
  };
  search(0, limitAmounts(limits), 0);

  const nodes = kept
    .map((t, i) => ({ instanceType: t.name, count: best.counts[i], usdPerHour: t.onDemandUsdPerHour }))
    .filter((n) => n.count > 0);
  return { nodes, usdPerHour: best.usd };
}
