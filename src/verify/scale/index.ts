/**
 * The scale test of one workload: guards (workload exists, can reach zero, consent), the run on
 * the cluster, and the comparison with the budget model.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { placementFor } from '../../config/derived/placement';
import type { WorkloadConfig } from '../../config/workload-types';
import type { EnvironmentConfig } from '../../config/types';
import { budgetReport } from '../../report/budget';
import { GPU_RESOURCE } from '../../constructs/kyverno/guardrails';
import { WORKLOAD_LABEL } from '../../constructs/inference/gpu-pod';
import type { MeasuredWorkload } from '../measurements';
import type { ClockState, Stage } from './clock';
import { clusterDriver } from './cluster-driver';
import { compareWithBudget, p2pVerdict, type StageComparison } from './compare';
import { runScale } from './run';

export interface ScaleOutcome {
  readonly clock: ClockState;
  readonly comparisons: readonly StageComparison[];
  /** Whether the image came through the node's Dragonfly peer (a failed check when it did not). */
  readonly p2p: { readonly ok: boolean; readonly message: string };
  readonly measured: MeasuredWorkload;
  readonly ok: boolean;
}

/** GPU pools the workload can land on (same rule as the budget report). */
function poolsOf(env: EnvironmentConfig, w: WorkloadConfig): string[] {
  const placement = placementFor(env, w.resources);
  return Object.entries(env.nodes.pools).filter(([, p]) => p.gpu && p.instanceTypes.some((t) => placement.includes(t))).map(([n]) => n);
}

/** Runs the scale test; throws (usage) when the workload cannot be tested from zero. */
export async function scaleTest(kc: KubeConfig, env: EnvironmentConfig, name: string, o: { timeoutSeconds?: number; signal: AbortSignal; log: (l: string) => void }): Promise<ScaleOutcome> {
  const w = env.workloads.services[name];
  if (!w) throw new Error(`no workload "${name}" in ${env.name}; choose from: ${Object.keys(env.workloads.services).join(', ')}`);
  // Its roles never scale to zero (rules/disaggregated.ts): there is no scale from zero to time.
  if (w.kind === 'disaggregated') throw new Error(`${name} is a disaggregated service; its roles never scale to zero: nothing to measure from zero`);
  if (w.minReplicas > 0) throw new Error(`${name} never scales to zero (minReplicas ${w.minReplicas}): nothing to measure from zero`);
  const budget = budgetReport(env).workloads.find((b) => b.name === name)!;
  const worst = (budget.coldStart.withoutP2pSeconds ?? 0) + (budget.scaleToZero.nodesSeconds ?? 0);
  const timeoutMs = (o.timeoutSeconds ?? Math.max(900, 2 * worst)) * 1000;
  const upUntil: Stage[] = w.kind === 'http' ? ['pod-ready', 'first-response'] : ['pod-ready'];
  const driver = clusterDriver({
    kc, env, name, workload: w, log: o.log,
    subject: { podLabel: [WORKLOAD_LABEL, name], deployment: name, pools: poolsOf(env, w), gpuResource: GPU_RESOURCE },
  });
  const clock = await runScale(driver, { timeoutMs, signal: o.signal, upUntil, downUntil: ['pods-zero', 'node-removed'] });
  // The pull is compared with the P2P model only when the node's peer served it.
  const bytes = driver.p2pBytes();
  const viaPeer = (bytes ?? 0) > 0;
  const comparisons = compareWithBudget(clock, budget, viaPeer);
  const p2p = p2pVerdict(bytes);
  const seconds = Object.fromEntries(comparisons.filter((c) => c.measuredSeconds !== undefined).map((c) => [c.key, c.measuredSeconds!]));
  return { clock, comparisons, p2p, measured: { workload: name, p2p: viaPeer, seconds }, ok: clock.phase === 'done' && comparisons.every((c) => c.ok) && p2p.ok };
}
