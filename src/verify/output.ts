/** Verify's results as a terminal table, JSON, and the Markdown of a committed measurement. */
import type { CheckResult } from './types';
import type { ClockState } from './scale/clock';
import type { StageComparison } from './scale/compare';

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** One line per check (`PASS`/`FAIL`, id, subject, result), then the next command of each failure. */
export function checkTable(results: readonly CheckResult[]): string {
  const idW = Math.max(2, ...results.map((r) => r.id.length));
  const subW = Math.min(60, Math.max(7, ...results.map((r) => r.subject.length)));
  const lines = results.map((r) => `${r.ok ? 'PASS' : 'FAIL'}  ${pad(r.id, idW)}  ${pad(r.subject, subW)}  ${r.message}${r.ok ? '' : `\n      next: ${r.next}`}`);
  const failed = results.filter((r) => !r.ok).length;
  return [...lines, '', `${results.length - failed}/${results.length} checks passed${failed ? `, ${failed} failed` : ''}`].join('\n');
}

/** The scale test's stages (seconds since the load was applied) and the comparison with the model. */
export function scaleTable(s: ClockState, cmp: readonly StageComparison[]): string {
  const t0 = s.times['load-applied'] ?? s.startedAt;
  const stages = Object.entries(s.times).map(([stage, at]) => `  ${pad(stage, 20)} +${((at! - t0) / 1000).toFixed(1)} s${s.details[stage as keyof typeof s.details] ? `  (${s.details[stage as keyof typeof s.details]})` : ''}`);
  const rows = cmp.map((c) => `  ${c.ok ? 'PASS' : 'FAIL'}  ${pad(c.label, 20)} measured ${c.measuredSeconds ?? '-'} s, modelled worst case ${c.modelledSeconds ?? '-'} s`);
  return [`scale test: ${s.phase}`, ...stages, '', 'against the budget model:', ...rows].join('\n');
}

/** Markdown of one recorded run. */
export function measurementMarkdown(env: string, date: string, workload: string, s: ClockState, cmp: readonly StageComparison[], p2p: string): string {
  const t0 = s.times['load-applied'] ?? s.startedAt;
  return [
    `# Scale test: ${env}, ${workload}, ${date}`,
    '',
    `Result: ${s.phase}. P2P: ${p2p}.`,
    '',
    '| stage | seconds after the load |',
    '| --- | --- |',
    ...Object.entries(s.times).map(([stage, at]) => `| ${stage} | ${((at! - t0) / 1000).toFixed(1)} |`),
    '',
    '| span | measured (s) | modelled worst case (s) | within |',
    '| --- | --- | --- | --- |',
    ...cmp.map((c) => `| ${c.label} | ${c.measuredSeconds ?? '-'} | ${c.modelledSeconds ?? '-'} | ${c.measuredSeconds === undefined ? 'not reached' : c.ok ? 'yes' : '**no**'} |`),
    '',
  ].join('\n');
}
