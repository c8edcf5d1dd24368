/**
 * The budget report's headline figures, read back from `dist/<env>/budget.md` (the base side is
 * a committed file, not a config this code can evaluate): GPU spend ceiling, always-on and idle
 * cost, the worst cold start, and each workload's cold start. The Markdown is written by
 * src/report/markdown.ts; test/diff/budget.test.ts parses a fresh render so a change of its
 * layout fails there, not silently here.
 */

/** One workload's row of the report's Workloads table. */
export interface WorkloadFigures {
  readonly withoutP2pSeconds?: number;
  readonly withP2pSeconds?: number;
  readonly maxReplicas?: number;
}

export interface BudgetHeadline {
  readonly spendCeilingUsdPerHour?: number;
  readonly alwaysOnUsdPerHour?: number;
  readonly idleUsdPerHour?: number;
  /** The largest cold start without P2P, and whose. */
  readonly worstColdStart?: { readonly seconds: number; readonly workload: string };
  readonly workloads: ReadonlyMap<string, WorkloadFigures>;
}

const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

const dollars = (cell: string | undefined): number | undefined => {
  const m = /\$(-?\d+(?:\.\d+)?)/.exec(cell ?? '');
  return m ? Number(m[1]) : undefined;
};

const seconds = (cell: string | undefined): number | undefined => {
  const m = /^(\d+(?:\.\d+)?) s$/.exec(cell ?? '');
  return m ? Number(m[1]) : undefined;
};

/** Parses the figures; a figure the text does not contain stays undefined. */
export function budgetHeadline(markdown: string): BudgetHeadline {
  const lines = markdown.split('\n');
  const row = (label: string): string[] | undefined => lines.filter((l) => l.startsWith('|')).map(cells).find((c) => c[0] === label);
  const last = (c: string[] | undefined) => c?.[c.length - 1];
  const workloads = new Map<string, WorkloadFigures>();
  const header = lines.findIndex((l) => l.startsWith('| workload |') && l.includes('cold start without P2P'));
  if (header >= 0) {
    const cols = cells(lines[header]);
    const col = (name: string) => cols.indexOf(name);
    for (const line of lines.slice(header + 2)) {
      if (!line.startsWith('|')) break;
      const c = cells(line);
      const max = Number(c[col('max replicas')]);
      workloads.set(c[0], {
        withoutP2pSeconds: seconds(c[col('cold start without P2P')]),
        withP2pSeconds: seconds(c[col('cold start with P2P')]),
        maxReplicas: Number.isFinite(max) ? max : undefined,
      });
    }
  }
  let worst: BudgetHeadline['worstColdStart'];
  for (const [workload, w] of workloads) {
    if (w.withoutP2pSeconds !== undefined && (!worst || w.withoutP2pSeconds > worst.seconds)) worst = { seconds: w.withoutP2pSeconds, workload };
  }
  return {
    spendCeilingUsdPerHour: dollars(last(row('**GPU spend ceiling**'))),
    alwaysOnUsdPerHour: dollars(last(row('**always-on nodes**'))),
    idleUsdPerHour: dollars(last(row('**idle**'))),
    worstColdStart: worst,
    workloads,
  };
}

const usd = (v: number | undefined) => (v === undefined ? 'n/a' : `$${v.toFixed(2)}/h`);
const worstText = (w: BudgetHeadline['worstColdStart']) => (w ? `${w.seconds} s (${w.workload})` : 'none');

/** One headline figure before and after. */
export interface HeadlineFigure {
  readonly label: string;
  readonly before: string;
  readonly after: string;
  readonly changed: boolean;
}

/** The three headline figures of the issue: spend ceiling, always-on cost, worst cold start. */
export function headlineFigures(before: BudgetHeadline | undefined, after: BudgetHeadline | undefined): HeadlineFigure[] {
  const fig = (label: string, f: (h: BudgetHeadline) => string): HeadlineFigure => {
    const b = before ? f(before) : 'n/a';
    const a = after ? f(after) : 'n/a';
    return { label, before: b, after: a, changed: b !== a };
  };
  return [
    fig('GPU spend ceiling', (h) => usd(h.spendCeilingUsdPerHour)),
    fig('always-on cost', (h) => usd(h.alwaysOnUsdPerHour)),
    fig('idle cost', (h) => usd(h.idleUsdPerHour)),
    fig('worst cold start (without P2P)', (h) => worstText(h.worstColdStart)),
  ];
}
