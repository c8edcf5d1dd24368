/**
 * Durations as the components read them, in one place: Go's `time.ParseDuration` without
 * fractions (Karpenter, Knative, External Secrets: `30s`, `1h30m`) and Prometheus durations
 * (`5m`, `2d`, `1w`), which add ms, d, w and y.
 */

/** Go duration without fractions (`30s`, `1h30m`). */
export const GO_DURATION = /^(\d+(h|m|s))+$/;
/** Prometheus duration (`5m`, `1h30m`, `2d`). */
export const PROM_DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };

/**
 * Seconds of a Go or Prometheus duration; `Never` (Karpenter) is Infinity. Anything else is
 * undefined: the budget report renders unvalidated configs too (tests probe every field), so it
 * shows "unparsed" instead of throwing, and rules check the format before they compare.
 */
export function durationSeconds(value: string | undefined): number | undefined {
  if (value === 'Never') return Infinity;
  if (value === undefined || !PROM_DURATION.test(value)) return undefined;
  return [...value.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)].reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_SECONDS[unit], 0);
}
