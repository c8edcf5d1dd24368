/**
 * `npm run diff`'s model: the rendered output of two trees compared object by object, grouped
 * by environment and Argo CD Application, each change with its field paths and consequences.
 */
import { budgetHeadline, headlineFigures, type BudgetHeadline, type HeadlineFigure } from './budget';
import { fieldChanges, leaves, sameValue, type FieldChange } from './fields';
import { BOOTSTRAP_APP, HELM_VALUES, describeObject, snapshotOf, type EnvironmentOutput, type RenderedObject } from './objects';
import { consequences, type ChangeType, type Consequence, type Risk, type RuleContext } from './rules';
import type { FileMap } from './tree';
import { compareText } from '../config/order';

/** One object that was added, removed, changed, renamed or moved to another Application. */
export interface ObjectChange {
  readonly type: ChangeType;
  readonly env: string;
  /** The Application (dist/<env>/<app>/ folder, or `argocd` for argocd/<env>/) on the head side, else the base side. */
  readonly app: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly namespace?: string;
  readonly name: string;
  /** Renamed or moved: what it was. */
  readonly from?: { readonly app: string; readonly namespace?: string; readonly name: string };
  readonly file: string;
  readonly fields: readonly FieldChange[];
  readonly consequences: readonly Consequence[];
}

export interface ApplicationDiff {
  readonly name: string;
  readonly changes: readonly ObjectChange[];
}

export interface EnvironmentDiff {
  readonly name: string;
  readonly status: 'added' | 'removed' | 'changed';
  /** The budget report's headline figures before and after. */
  readonly budget: readonly HeadlineFigure[];
  /** Environment-level notes (secrets list changed, ...). */
  readonly notes: readonly string[];
  readonly applications: readonly ApplicationDiff[];
}

/** A chart version change, across environments. */
export interface ChartBump {
  readonly chart: string;
  readonly from: string;
  readonly to: string;
  readonly environments: readonly string[];
}

/** A consequence that removes capacity or widens exposure, with where it comes from. */
export interface RiskItem {
  readonly risk: Risk;
  readonly env: string;
  readonly app: string;
  readonly object: string;
  readonly text: string;
}

export interface DiffReport {
  readonly base: string;
  readonly head: string;
  readonly totals: Readonly<Record<ChangeType, number>>;
  readonly risks: readonly RiskItem[];
  readonly charts: readonly ChartBump[];
  readonly environments: readonly EnvironmentDiff[];
}

/** Two objects are one renamed object when this share of their fields (name aside) is equal. */
export const RENAME_SIMILARITY = 0.6;

const TYPE_ORDER: Record<ChangeType, number> = { removed: 0, renamed: 1, moved: 2, changed: 3, added: 4 };

function objectsOf(out: EnvironmentOutput | undefined): Map<string, RenderedObject> {
  const m = new Map<string, RenderedObject>();
  for (const app of out?.apps.values() ?? []) for (const [id, o] of app) if (!m.has(id)) m.set(id, o);
  return m;
}

/** Compares two objects' content; a values file's chart version is a field of its own. */
function compare(a: RenderedObject, b: RenderedObject): FieldChange[] {
  const fields = fieldChanges(a.doc, b.doc);
  if (a.kind === HELM_VALUES && a.chart?.version !== b.chart?.version) fields.unshift({ path: '(chart).version', old: a.chart?.version, new: b.chart?.version });
  return fields;
}

function similarity(a: RenderedObject, b: RenderedObject): number {
  const strip = (o: RenderedObject) => leaves({ ...o.doc, metadata: { ...o.doc.metadata, name: undefined } }).filter((l) => !l.endsWith('=undefined'));
  const la = strip(a);
  const lb = new Set(strip(b));
  const common = la.filter((l) => lb.has(l)).length;
  return common / Math.max(la.length, lb.size, 1);
}

/** Pairs removed and added objects of one kind and namespace that are the same object renamed. */
function renames(removed: RenderedObject[], added: RenderedObject[]): [RenderedObject, RenderedObject][] {
  const candidates: { r: RenderedObject; a: RenderedObject; s: number }[] = [];
  for (const r of removed) {
    for (const a of added) {
      if (r.kind !== a.kind || r.apiVersion.split('/')[0] !== a.apiVersion.split('/')[0] || r.namespace !== a.namespace) continue;
      const s = similarity(r, a);
      if (s >= RENAME_SIMILARITY) candidates.push({ r, a, s });
    }
  }
  candidates.sort((x, y) => y.s - x.s || compareText(x.r.id, y.r.id) || compareText(x.a.id, y.a.id));
  const used = new Set<RenderedObject>();
  const out: [RenderedObject, RenderedObject][] = [];
  for (const c of candidates) {
    if (used.has(c.r) || used.has(c.a)) continue;
    used.add(c.r);
    used.add(c.a);
    out.push([c.r, c.a]);
  }
  return out;
}

function environmentDiff(name: string, base: EnvironmentOutput | undefined, head: EnvironmentOutput | undefined): EnvironmentDiff {
  const budget = (out: EnvironmentOutput | undefined): BudgetHeadline | undefined => {
    const text = out?.documents.get('budget.md');
    return text === undefined ? undefined : budgetHeadline(text);
  };
  const ctx: RuleContext = { env: name, base, head, baseBudget: budget(base), headBudget: budget(head) };
  const b = objectsOf(base);
  const h = objectsOf(head);
  const changes: ObjectChange[] = [];
  const push = (type: ChangeType, before: RenderedObject | undefined, after: RenderedObject | undefined) => {
    const fields = before && after ? compare(before, after) : [];
    const o = (after ?? before)!;
    changes.push({
      type,
      env: name,
      app: o.app,
      kind: o.kind,
      apiVersion: o.apiVersion,
      namespace: o.namespace,
      name: o.name,
      from: type === 'renamed' || type === 'moved' ? { app: before!.app, namespace: before!.namespace, name: before!.name } : undefined,
      file: o.file,
      fields,
      consequences: consequences({ type, before, after, fields }, ctx),
    });
  };
  const removed: RenderedObject[] = [];
  const added: RenderedObject[] = [];
  for (const [id, o] of b) {
    const n = h.get(id);
    if (!n) removed.push(o);
    else if (n.app !== o.app) push('moved', o, n);
    else if (!sameValue(o.doc, n.doc) || o.chart?.version !== n.chart?.version || o.apiVersion !== n.apiVersion) push('changed', o, n);
  }
  for (const [id, o] of h) if (!b.has(id)) added.push(o);
  for (const [r, a] of renames(removed, added)) {
    push('renamed', r, a);
    removed.splice(removed.indexOf(r), 1);
    added.splice(added.indexOf(a), 1);
  }
  for (const o of removed) push('removed', o, undefined);
  for (const o of added) push('added', undefined, o);

  const apps = new Map<string, ObjectChange[]>();
  for (const c of changes) apps.set(c.app, [...(apps.get(c.app) ?? []), c]);
  const order = (c: ObjectChange) => `${c.consequences.some((x) => x.risk) ? 0 : 1}${TYPE_ORDER[c.type]}${c.kind}/${c.namespace ?? ''}/${c.name}`;
  const applications = [...apps.entries()]
    .sort(([x], [y]) => (x === BOOTSTRAP_APP ? -1 : y === BOOTSTRAP_APP ? 1 : compareText(x, y)))
    .map(([app, cs]) => ({ name: app, changes: cs.sort((x, y) => compareText(order(x), order(y))) }));

  const notes: string[] = [];
  const [sa, sb] = [base?.documents.get('secrets.md'), head?.documents.get('secrets.md')];
  if (sa !== sb && sb !== undefined) notes.push(`the secrets list changed (dist/${name}/secrets.md): create or update the AWS Secrets Manager secrets it lists before Argo CD syncs`);
  const figures = headlineFigures(ctx.baseBudget, ctx.headBudget);
  return {
    name,
    status: !base ? 'added' : !head ? 'removed' : 'changed',
    budget: figures,
    notes,
    applications,
  };
}

/** Compares the rendered output of two trees. */
export function diffOutputs(baseFiles: FileMap, headFiles: FileMap, labels: { base: string; head: string } = { base: 'base', head: 'head' }): DiffReport {
  const base = snapshotOf(baseFiles);
  const head = snapshotOf(headFiles);
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  const environments = names
    .map((n) => environmentDiff(n, base.get(n), head.get(n)))
    .filter((e) => e.applications.length > 0 || e.notes.length > 0 || e.budget.some((f) => f.changed));
  const all = environments.flatMap((e) => e.applications.flatMap((a) => a.changes));
  const totals = { added: 0, removed: 0, changed: 0, renamed: 0, moved: 0 };
  for (const c of all) totals[c.type]++;
  const risks: RiskItem[] = all.flatMap((c) =>
    c.consequences.filter((x) => x.risk).map((x) => ({ risk: x.risk!, env: c.env, app: c.app, object: describeObject(c), text: x.text })),
  );
  risks.sort((x, y) => compareText(x.risk, y.risk) || compareText(x.env, y.env) || compareText(x.app, y.app));
  const bumps = new Map<string, ChartBump>();
  for (const c of all) {
    const v = c.fields.find((f) => f.path === '(chart).version');
    if (!v || !v.old || !v.new) continue;
    const key = `${c.name} ${v.old} ${v.new}`;
    const prev = bumps.get(key);
    bumps.set(key, { chart: c.name, from: v.old, to: v.new, environments: [...(prev?.environments ?? []), c.env] });
  }
  return { base: labels.base, head: labels.head, totals, risks, charts: [...bumps.values()], environments };
}
