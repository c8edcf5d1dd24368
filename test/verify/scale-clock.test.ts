/**
 * The scale test's stage clock on scripted event sequences: a full run from zero and back, a
 * timeout and a Ctrl-C, each of which must still remove the load and clean up exactly once.
 */
import { describe, expect, it } from 'vitest';
import { between, startClock, step, tick, type Stage, type StageEvent } from '../../src/verify/scale/clock';
import { runScale, type ScaleDriver } from '../../src/verify/scale/run';

const UP: Stage[] = ['pod-ready'];
const DOWN: Stage[] = ['pods-zero', 'node-removed'];

/** A driver whose clock is the scripted events' time; `hang` leaves the stream open at its end. */
function driver(script: readonly StageEvent[], hang = false) {
  const calls: string[] = [];
  let now = 0;
  const d: ScaleDriver = {
    async *events(signal) {
      for (const e of script) {
        await new Promise((r) => setTimeout(r, 1));
        now = e.at;
        yield e;
      }
      if (hang) await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
    },
    applyLoad: async () => void calls.push('apply'),
    removeLoad: async () => void calls.push('remove'),
    cleanup: async () => void calls.push('cleanup'),
    now: () => now,
  };
  return { d, calls };
}

const up: StageEvent[] = [
  { stage: 'metric-seen', at: 10_000 },
  { stage: 'activated', at: 15_000 },
  { stage: 'pod-created', at: 15_500 },
  { stage: 'nodeclaim-launched', at: 20_000 },
  { stage: 'node-ready', at: 60_000 },
  { stage: 'gpu-allocatable', at: 75_000 },
  { stage: 'image-pulled', at: 120_000 },
  { stage: 'container-started', at: 121_000 },
  { stage: 'pod-ready', at: 181_000 },
];

describe('stage clock', () => {
  it('records the first time of each stage and ignores scale-down stages before the load is removed', () => {
    let s = startClock(0, 600_000, UP, DOWN);
    s = step(s, { stage: 'pods-zero', at: 1 });
    s = step(s, { stage: 'activated', at: 5_000 });
    s = step(s, { stage: 'activated', at: 9_000 });
    expect(s.times).toEqual({ activated: 5_000 });
    expect(between(s, 'activated', 'pod-ready')).toBeUndefined();
  });
  it('times out once the deadline passes', () => {
    expect(tick(startClock(0, 1_000, UP, DOWN), 1_001).phase).toBe('timeout');
    expect(tick(startClock(0, 1_000, UP, DOWN), 999).phase).toBe('up');
  });
});

describe('scale run', () => {
  it('goes from zero to serving and back, removing the load once the pod is Ready', async () => {
    const { d, calls } = driver([...up, { stage: 'pods-zero', at: 600_000 }, { stage: 'node-removed', at: 800_000 }]);
    const s = await runScale(d, { timeoutMs: 900_000, upUntil: UP, downUntil: DOWN });
    expect(s.phase).toBe('done');
    expect(calls).toEqual(['apply', 'remove', 'cleanup']);
    expect(s.times['load-removed']).toBe(181_000);
    expect(between(s, 'load-applied', 'pod-ready')).toBe(181);
    expect(between(s, 'load-removed', 'node-removed')).toBe(619);
  });
  it('times out when the node never comes, and still removes the load and cleans up', async () => {
    // Scripted times within the 50 ms deadline: the node is launched but never Ready.
    const { d, calls } = driver(up.slice(0, 4).map((e, i) => ({ ...e, at: i + 1 })), true);
    const s = await runScale(d, { timeoutMs: 50, upUntil: UP, downUntil: DOWN });
    expect(s.phase).toBe('timeout');
    expect(s.times['nodeclaim-launched']).toBe(4);
    expect(s.times['node-ready']).toBeUndefined();
    expect(calls).toEqual(['apply', 'remove', 'cleanup']);
  });
  it('stops on Ctrl-C (abort) mid-run and still removes the load and cleans up', async () => {
    const ctrlC = new AbortController();
    const { d, calls } = driver(up.slice(0, 2), true);
    setTimeout(() => ctrlC.abort(), 20);
    const s = await runScale(d, { timeoutMs: 60_000, signal: ctrlC.signal, upUntil: UP, downUntil: DOWN });
    expect(s.phase).toBe('aborted');
    expect(calls).toEqual(['apply', 'remove', 'cleanup']);
  });
  it('cleans up when removing the load throws', async () => {
    const { d, calls } = driver(up.slice(0, 1), true);
    d.removeLoad = async () => { calls.push('remove'); throw new Error('pushgateway gone'); };
    await expect(runScale(d, { timeoutMs: 30, upUntil: UP, downUntil: DOWN })).rejects.toThrow('pushgateway gone');
    expect(calls).toEqual(['apply', 'remove', 'cleanup']);
  });
});
