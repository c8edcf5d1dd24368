import { gpuWorkloads } from '../derived/disaggregated';
import { nodeGraceNeededSeconds } from '../derived/termination';
import type { EnvironmentConfig, NodePoolConfig } from '../types';
import type { Problems } from './collector';
import { durationSeconds, GO_DURATION } from '../durations';


/**
 * A node whose drain a PodDisruptionBudget blocks would wait forever for an expiry or drift
 * replacement without `terminationGracePeriod`; with it too short, GPU pods are killed before
 * their own grace period and drain end.
 */
function checkTerminationGrace(env: EnvironmentConfig, pool: NodePoolConfig, p: Problems, at: string): void {
  const path = `${at}.terminationGracePeriod`;
  if (!p.check(GO_DURATION.test(pool.terminationGracePeriod), path, `"${pool.terminationGracePeriod}" is not a duration like 15m or 1h`)) return;
  if (!pool.gpu) return;
  const needs = gpuWorkloads(env).map(({ name: w, w: cfg }) => ({ w, s: nodeGraceNeededSeconds(cfg) }));
  const worst = needs.reduce((a, b) => (b.s > a.s ? b : a), { w: '', s: 0 });
  p.check(
    durationSeconds(pool.terminationGracePeriod)! >= worst.s,
    path,
    `${pool.terminationGracePeriod} is shorter than the ${worst.s} s workload "${worst.w}" needs to stop (its grace period plus preStop drain); Karpenter would kill it mid-request. Set at least ${Math.ceil(worst.s / 60)}m`,
  );
}

/** `Underutilized` budgets only act on pools that consolidate underutilized nodes. */
function checkBudgetReasons(name: string, pool: NodePoolConfig, p: Problems, at: string): void {
  if (pool.disruption.consolidationPolicy !== 'WhenEmpty') return;
  pool.disruption.budgets.forEach((b, i) =>
    p.check(
      !(b.reasons ?? []).includes('Underutilized'),
      `${at}.disruption.budgets[${i}].reasons`,
      `pool "${name}" consolidates only empty nodes (WhenEmpty), so an "Underutilized" budget never applies; remove the reason, or set consolidationPolicy: WhenEmptyOrUnderutilized`,
    ),
  );
}

/** How Karpenter may take nodes away: drain bounds and budgets that mean what they say. */
export function checkDisruption(env: EnvironmentConfig, p: Problems, at: string): void {
  for (const [name, pool] of Object.entries(env.nodes.pools)) {
    const path = `${at}.nodes.pools.${name}`;
    checkTerminationGrace(env, pool, p, path);
    checkBudgetReasons(name, pool, p, path);
  }
}
