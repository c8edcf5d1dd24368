/**
 * Seconds of a Kubernetes-style duration such as `30s`, `3m`, `2h` or `1h30m`; `Never` is
 * Infinity. Anything else is undefined: the report renders unvalidated configs too (tests probe
 * every field), so it shows "unparsed" instead of throwing.
 */
export function durationSeconds(value: string | undefined): number | undefined {
  if (value === 'Never') return Infinity;
  if (value === undefined || !/^(\d+[hms])+$/.test(value)) return undefined;
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1 };
  return [...value.matchAll(/(\d+)([hms])/g)].reduce((sum, [, n, u]) => sum + Number(n) * unit[u], 0);
}
