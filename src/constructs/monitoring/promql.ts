import { isKnownMetric } from './known-metrics';

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan', 'atan2']);

/**
 * The metric names a PromQL expression selects. A scanner, not a parser: it drops string
 * literals, label matchers, range selectors and grouping clauses, then takes every identifier
 * that is not a function or aggregation (followed by `(`) and not a keyword.
 */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\boffset\s+\S+/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/(?<![\w.:])[A-Za-z_:][\w:]*(?![\w:])(?!\s*\()/g)) {
    if (!KEYWORDS.has(m[0])) names.add(m[0]);
  }
  return [...names].sort();
}

/** Throws when an expression uses a metric missing from KNOWN_METRICS. */
export function assertKnownMetrics(expr: string, where: string): void {
  const unknown = metricNames(expr).filter((n) => !isKnownMetric(n));
  if (unknown.length > 0) {
    throw new Error(`${where}: unknown metric ${unknown.join(', ')}; add it with its source to src/constructs/monitoring/known-metrics.ts after checking the pinned version`);
  }
}
