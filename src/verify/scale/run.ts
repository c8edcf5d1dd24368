/**
 * Runs the scale test's clock over a stream of stage events: applies the load, removes it once
 * the workload serves, and always cleans up (pushed metrics, request loops, debug pods) whether
 * the run finished, timed out, was aborted (Ctrl-C) or threw.
 */
import { abort, isFinished, startClock, step, tick, type ClockState, type Stage, type StageEvent } from './clock';

/** What the runner drives; the CLI wires these to the cluster, tests to a script. */
export interface ScaleDriver {
  /** Stage events as they happen (watch events already translated). */
  events(signal: AbortSignal): AsyncIterable<StageEvent>;
  /** Start the load: push a queue depth, or start sending requests. */
  applyLoad(): Promise<void>;
  /** Stop the load: delete the pushed metric, stop the requests. */
  removeLoad(): Promise<void>;
  /** Remove everything the test created; called exactly once, always. */
  cleanup(): Promise<void>;
  now(): number;
}

export interface ScaleRunOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly upUntil: readonly Stage[];
  readonly downUntil: readonly Stage[];
}

/** Resolves when the run ends; `cleanup` has run by then. */
export async function runScale(d: ScaleDriver, o: ScaleRunOptions): Promise<ClockState> {
  let s = startClock(d.now(), o.timeoutMs, o.upUntil, o.downUntil);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  o.signal?.addEventListener('abort', onAbort);
  const timer = setTimeout(() => stop.abort(), o.timeoutMs);
  let loadOn = false;
  try {
    if (o.signal?.aborted) return abort(s);
    await d.applyLoad();
    loadOn = true;
    s = step(s, { stage: 'load-applied', at: d.now() });
    for await (const e of abortable(d.events(stop.signal), stop.signal)) {
      s = step(s, e);
      if (s.phase === 'serving' && loadOn) {
        await d.removeLoad();
        loadOn = false;
        s = step(s, { stage: 'load-removed', at: d.now() });
      }
      if (isFinished(s)) break;
    }
    if (!isFinished(s)) s = o.signal?.aborted ? abort(s) : tick(s, Math.max(d.now(), s.deadline + 1));
    return s;
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
    try {
      if (loadOn) await d.removeLoad();
    } finally {
      await d.cleanup();
    }
  }
}

/** Ends iteration as soon as `signal` aborts, even while the source waits for its next event. */
async function* abortable<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const aborted = new Promise<'aborted'>((resolve) => (signal.aborted ? resolve('aborted') : signal.addEventListener('abort', () => resolve('aborted'), { once: true })));
  try {
    while (true) {
      const r = await Promise.race([it.next(), aborted]);
      if (r === 'aborted' || r.done) return;
      yield r.value;
    }
  } finally {
    void it.return?.();
  }
}
