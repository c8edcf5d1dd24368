/**
 * The scale test's stage clock: a pure state machine fed by stage events (translated from watch
 * events by `events.ts`), so a scripted sequence tests it without a cluster. It records the
 * first time of each stage, moves from scaling up to scaling down once the workload served, and
 * ends when pods and nodes are gone, on timeout or on abort.
 */

/** Stages in the order they normally happen. */
export const STAGES = [
  'load-applied',
  'metric-seen',
  'activated',
  'pod-created',
  'nodeclaim-launched',
  'node-ready',
  'gpu-allocatable',
  'image-pulled',
  'container-started',
  'pod-ready',
  'first-response',
  'load-removed',
  'pods-zero',
  'node-removed',
] as const;
export type Stage = (typeof STAGES)[number];

/** One stage reached at `at` (ms since the epoch). */
export interface StageEvent {
  readonly stage: Stage;
  readonly at: number;
  readonly detail?: string;
}

export type Phase = 'up' | 'serving' | 'down' | 'done' | 'timeout' | 'aborted';

/** The clock: what has been seen, when, and where the run is. */
export interface ClockState {
  readonly startedAt: number;
  readonly deadline: number;
  readonly phase: Phase;
  readonly times: Readonly<Partial<Record<Stage, number>>>;
  readonly details: Readonly<Partial<Record<Stage, string>>>;
  /** Stages that end scaling up (pod-ready, plus first-response for an HTTP service). */
  readonly upUntil: readonly Stage[];
  /** Stages that end scaling down (pods-zero, plus node-removed when a node was launched). */
  readonly downUntil: readonly Stage[];
}

/** A fresh clock; `timeoutMs` bounds the whole run. */
export function startClock(at: number, timeoutMs: number, upUntil: readonly Stage[], downUntil: readonly Stage[]): ClockState {
  return { startedAt: at, deadline: at + timeoutMs, phase: 'up', times: {}, details: {}, upUntil, downUntil };
}

const finished = (p: Phase) => p === 'done' || p === 'timeout' || p === 'aborted';
const all = (s: ClockState, stages: readonly Stage[]) => stages.every((x) => s.times[x] !== undefined);

/** A run that found a GPU node already there launched none, so none is removed: only pods count. */
const downStages = (s: ClockState): readonly Stage[] => (s.times['nodeclaim-launched'] === undefined ? s.downUntil.filter((x) => x !== 'node-removed') : s.downUntil);

/** Records an event (the first of each stage wins) and advances the phase. */
export function step(s: ClockState, e: StageEvent): ClockState {
  if (finished(s.phase)) return s;
  if (e.at > s.deadline) return { ...s, phase: 'timeout' };
  const seen = s.times[e.stage] !== undefined;
  // Scale-down stages only count once the load is gone: a pod deleted while scaling up is churn.
  const early = (e.stage === 'pods-zero' || e.stage === 'node-removed') && s.times['load-removed'] === undefined;
  if (seen || early) return s;
  const next: ClockState = { ...s, times: { ...s.times, [e.stage]: e.at }, details: e.detail ? { ...s.details, [e.stage]: e.detail } : s.details };
  if (next.phase === 'up' && all(next, next.upUntil)) return { ...next, phase: 'serving' };
  if (next.phase === 'serving' && next.times['load-removed'] !== undefined) return all(next, downStages(next)) ? { ...next, phase: 'done' } : { ...next, phase: 'down' };
  if (next.phase === 'down' && all(next, downStages(next))) return { ...next, phase: 'done' };
  return next;
}

/** Time passing with no event: the deadline may pass. */
export function tick(s: ClockState, now: number): ClockState {
  return !finished(s.phase) && now > s.deadline ? { ...s, phase: 'timeout' } : s;
}

/** Ctrl-C (or any abort): the run ends, what was measured stays. */
export function abort(s: ClockState): ClockState {
  return finished(s.phase) ? s : { ...s, phase: 'aborted' };
}

export const isFinished = (s: ClockState): boolean => finished(s.phase);

/** Seconds from `from` to `to`, when both were seen. */
export function between(s: ClockState, from: Stage, to: Stage): number | undefined {
  const a = s.times[from];
  const b = s.times[to];
  return a === undefined || b === undefined ? undefined : Math.round((b - a) / 100) / 10;
}
