/**
 * The diff report as a pull-request comment: risky changes first, chart bumps, then per
 * environment the budget's headline figures and each Application's changes with their
 * consequences and changed fields. Kept under the host's comment limit (GitHub: 65536
 * characters) by showing fewer changes per Application, each cut one saying how many were left out.
 */
import type { DiffReport, EnvironmentDiff, ObjectChange } from './diff';
import { BOOTSTRAP_APP, describeObject } from './objects';

/** GitHub's limit on an issue or pull-request comment body. */
export const GITHUB_COMMENT_LIMIT = 65536;

/** First line of the comment: how the CI workflow finds its previous comment to update it. */
export const COMMENT_MARKER = '<!-- gpu-inference-platform:diff -->';

export interface MarkdownOptions {
  /** Largest output in characters (default: GitHub's comment limit, less room for the marker). */
  readonly maxChars?: number;
}

/** Inline code that survives backticks in the value. */
export function code(s: string): string {
  const ticks = s.includes('`') ? '``' : '`';
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${s}${pad}${ticks}`;
}

const appTitle = (env: string, app: string) => (app === BOOTSTRAP_APP ? `Argo CD bootstrap (\`argocd/${env}/\`)` : `\`${app}\``);

const label: Record<ObjectChange['type'], string> = { added: 'added', removed: 'removed', changed: 'changed', renamed: 'renamed', moved: 'moved' };

function objectLines(c: ObjectChange, maxFields: number): string[] {
  const from =
    c.type === 'renamed' ? ` (was ${code(`${c.from!.namespace ? `${c.from!.namespace}/` : ''}${c.from!.name}`)})` : c.type === 'moved' ? ` (from \`${c.from!.app}\`)` : '';
  const lines = [`- **${label[c.type]}** ${code(describeObject(c))}${from}`];
  for (const x of c.consequences) lines.push(`  - ${x.risk ? '⚠️ ' : '→ '}${x.text}`);
  const shown = c.fields.slice(0, maxFields);
  for (const f of shown) {
    const v = f.old === undefined ? `added ${code(f.new ?? '')}` : f.new === undefined ? `removed (was ${code(f.old)})` : `${code(f.old)} → ${code(f.new)}`;
    lines.push(`  - ${code(f.path)}: ${v}`);
  }
  if (c.fields.length > shown.length) lines.push(`  - … ${c.fields.length - shown.length} more field${c.fields.length - shown.length === 1 ? '' : 's'}`);
  return lines;
}

function environmentLines(e: EnvironmentDiff, perApp: number, maxFields: number): string[] {
  const status = e.status === 'added' ? ' (new environment)' : e.status === 'removed' ? ' (removed environment)' : '';
  const lines = [`### ${e.name}${status}`, ''];
  const figures = e.budget.map((f) => (f.changed ? `**${f.label}: ${f.before} → ${f.after}**` : `${f.label}: ${f.after} (unchanged)`));
  lines.push(`Budget report (\`dist/${e.name}/budget.md\`): ${figures.join('; ')}.`, '');
  for (const n of e.notes) lines.push(`- ${n}`);
  if (e.notes.length) lines.push('');
  for (const app of e.applications) {
    const counts = (['removed', 'renamed', 'moved', 'changed', 'added'] as const)
      .map((t) => [t, app.changes.filter((c) => c.type === t).length] as const)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `${n} ${t}`)
      .join(', ');
    lines.push(`#### ${appTitle(e.name, app.name)}: ${counts}`, '');
    const shown = app.changes.slice(0, perApp);
    for (const c of shown) lines.push(...objectLines(c, maxFields));
    if (app.changes.length > shown.length) {
      const n = app.changes.length - shown.length;
      lines.push(`- … ${n} more change${n === 1 ? '' : 's'} not shown (run \`npm run diff\` locally, or \`--json\`)`);
    }
    lines.push('');
  }
  return lines;
}

function render(r: DiffReport, perApp: number, maxFields: number, maxRisks: number): string {
  const t = r.totals;
  const total = t.added + t.removed + t.changed + t.renamed + t.moved;
  const lines = [COMMENT_MARKER, `## Rendered changes: ${code(r.base)} → ${r.head}`, ''];
  if (r.environments.length === 0) {
    lines.push('No change to the rendered output (`dist/`, `argocd/`).');
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `${total} object${total === 1 ? '' : 's'} in ${r.environments.map((e) => `**${e.name}**`).join(', ')}: ${t.changed} changed, ${t.added} added, ${t.removed} removed, ${t.renamed} renamed, ${t.moved} moved to another Application.`,
    '',
  );
  if (r.risks.length) {
    lines.push('### ⚠️ Removes capacity or widens exposure', '');
    const shown = r.risks.slice(0, maxRisks);
    for (const [risk, title] of [['capacity', 'Removes capacity'], ['exposure', 'Widens exposure']] as const) {
      const xs = shown.filter((x) => x.risk === risk);
      if (xs.length === 0) continue;
      lines.push(`**${title}**`, '');
      for (const x of xs) lines.push(`- **${x.env}** · ${appTitle(x.env, x.app)} · ${code(x.object)}: ${x.text}`);
      lines.push('');
    }
    if (r.risks.length > shown.length) lines.push(`- … ${r.risks.length - shown.length} more not shown`, '');
  }
  if (r.charts.length) {
    lines.push('### Helm charts', '');
    for (const c of r.charts) lines.push(`- ${code(c.chart)} ${c.from} → ${c.to} (${c.environments.join(', ')})`);
    lines.push('');
  }
  for (const e of r.environments) lines.push(...environmentLines(e, perApp, maxFields));
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/**
 * The report as Markdown no longer than `maxChars`: everything if it fits, else fewer fields
 * per object, then fewer changes per Application (the most changes per Application that fit;
 * risky changes are sorted first, so they are the last to go).
 */
export function diffMarkdown(r: DiffReport, options: MarkdownOptions = {}): string {
  const max = options.maxChars ?? GITHUB_COMMENT_LIMIT - 536;
  const most = Math.max(0, ...r.environments.flatMap((e) => e.applications.map((a) => a.changes.length)));
  for (const fields of [Infinity, 12, 4]) {
    const full = render(r, most, fields, 200);
    if (full.length <= max) return full;
  }
  /** The largest n in [0, top] for which fits(n), given fits is monotone (0 when none). */
  const largest = (top: number, fits: (n: number) => boolean): number => {
    let [lo, hi] = [0, top];
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const risks = Math.min(50, r.risks.length);
  const perApp = largest(most, (k) => render(r, k, 4, risks).length <= max);
  let out = render(r, perApp, 4, risks);
  if (out.length <= max) return out;
  // Not even one change per Application fits: fewer risky lines too (each cut says how many).
  const shownRisks = largest(risks, (n) => render(r, 0, 0, n).length <= max);
  out = render(r, 0, 0, shownRisks);
  if (out.length <= max) return out;
  const note = '\n\n… output cut at the comment size limit (run `npm run diff` locally for all of it)\n';
  return out.slice(0, max - note.length) + note;
}
