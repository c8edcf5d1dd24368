import { describe, expect, it } from 'vitest';
import { durationSeconds, GO_DURATION, PROM_DURATION } from '../../src/config/durations';

describe('durations', () => {
  it('reads Go and Prometheus durations, and Never', () => {
    expect(durationSeconds('90s')).toBe(90);
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds('2d')).toBe(172_800);
    expect(durationSeconds('1w')).toBe(604_800);
    expect(durationSeconds('1m500ms')).toBe(60.5);
    expect(durationSeconds('Never')).toBe(Infinity);
  });

  it('answers undefined for anything else, and the patterns tell the two dialects apart', () => {
    for (const bad of [undefined, '', '10', '1.5h', '10 m', '-5m', 'never']) expect(durationSeconds(bad), String(bad)).toBeUndefined();
    expect([GO_DURATION.test('2d'), PROM_DURATION.test('2d')]).toEqual([false, true]);
    expect([GO_DURATION.test('1h30m'), PROM_DURATION.test('1h30m')]).toEqual([true, true]);
  });
});
