/**
 * Field-level differences of two documents: the path of each changed leaf (lists of named items
 * are matched by name, so inserting a container does not shift every index), with the old and
 * new values abbreviated for a review comment.
 */

/** One changed field. `old` absent: added; `new` absent: removed. Values are abbreviated text. */
export interface FieldChange {
  readonly path: string;
  readonly old?: string;
  readonly new?: string;
}

/** Longest value shown in full; longer ones are cut around what changed. */
export const MAX_VALUE_CHARS = 80;

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => !!v && typeof v === 'object' && !Array.isArray(v);
const isScalar = (v: Json): boolean => v === null || typeof v !== 'object';

/** Deep equality of parsed YAML (plain data). */
export function sameValue(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return false;
}

/** `spec.template`, `metadata.annotations["argocd.argoproj.io/sync-wave"]`. */
export function joinPath(base: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

/** Lists whose items all have a distinct `name` (containers, env, ports, volumes, rules) match by it. */
function namedItems(a: readonly Json[]): Map<string, Json> | undefined {
  if (a.length === 0 || !a.every((x) => isObject(x) && typeof x.name === 'string')) return undefined;
  const m = new Map(a.map((x) => [(x as { name: string }).name, x]));
  return m.size === a.length ? m : undefined;
}

function flow(v: Json): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return JSON.stringify(v);
}

function cut(s: string, max = MAX_VALUE_CHARS): string {
  const one = s.replace(/\n/g, '⏎');
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

/** Shows both values of a long or multi-line string around their first difference. */
function stringPair(a: string, b: string): { old: string; new: string } {
  if (!a.includes('\n') && !b.includes('\n') && a.length <= MAX_VALUE_CHARS && b.length <= MAX_VALUE_CHARS) return { old: a, new: b };
  const la = a.split('\n');
  const lb = b.split('\n');
  let i = 0;
  while (i < la.length && i < lb.length && la[i] === lb[i]) i++;
  let j = 0;
  while (j < la.length - i && j < lb.length - i && la[la.length - 1 - j] === lb[lb.length - 1 - j]) j++;
  const removed = la.slice(i, la.length - j);
  const added = lb.slice(i, lb.length - j);
  if (la.length === 1 && lb.length === 1) {
    // One long line: cut around the first differing character.
    let c = 0;
    while (c < a.length && a[c] === b[c]) c++;
    const from = Math.max(0, c - 20);
    const around = (s: string) => `${from > 0 ? '…' : ''}${cut(s.slice(from), MAX_VALUE_CHARS - 1)}`;
    return { old: around(a), new: around(b) };
  }
  const n = (k: number) => `${k} line${k === 1 ? '' : 's'}`;
  const first = (lines: string[]) => cut(lines[0].trim(), 60);
  if (removed.length === 0) return { old: n(la.length), new: `+${n(added.length)} at line ${i + 1}: ${first(added)}` };
  if (added.length === 0) return { old: `-${n(removed.length)} at line ${i + 1}: ${first(removed)}`, new: n(lb.length) };
  const more = (lines: string[]) => (lines.length > 1 ? ` (+${n(lines.length - 1)})` : '');
  return { old: `line ${i + 1}: ${first(removed)}${more(removed)}`, new: `line ${i + 1}: ${first(added)}${more(added)}` };
}

/** Abbreviated text of one value. */
export function abbreviate(v: Json): string {
  return cut(flow(v));
}

function pair(a: Json, b: Json): { old?: string; new?: string } {
  if (typeof a === 'string' && typeof b === 'string') return stringPair(a, b);
  return { old: a === undefined ? undefined : abbreviate(a), new: b === undefined ? undefined : abbreviate(b) };
}

/** Lists of scalars: what was added and removed, in one change. */
function scalarList(path: string, a: readonly Json[], b: readonly Json[], out: FieldChange[]): void {
  const sa = a.map(flow);
  const sb = b.map(flow);
  const removed = sa.filter((x) => !sb.includes(x));
  const added = sb.filter((x) => !sa.includes(x));
  if (removed.length === 0 && added.length === 0) {
    out.push({ path, old: cut(`[${sa.join(', ')}]`), new: cut(`[${sb.join(', ')}] (reordered)`) });
    return;
  }
  out.push({
    path,
    old: removed.length ? cut(`[${sa.join(', ')}] (-${removed.join(', -')})`) : cut(`[${sa.join(', ')}]`),
    new: added.length ? cut(`[${sb.join(', ')}] (+${added.join(', +')})`) : cut(`[${sb.join(', ')}]`),
  });
}

function walk(path: string, a: Json, b: Json, out: FieldChange[]): void {
  if (sameValue(a, b)) return;
  if (a === undefined || b === undefined) {
    out.push({ path, ...pair(a, b) });
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(joinPath(path, k), a[k], b[k], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const na = namedItems(a);
    const nb = namedItems(b);
    if (na && nb) {
      for (const n of [...new Set([...na.keys(), ...nb.keys()])]) walk(`${path}[name=${n}]`, na.get(n), nb.get(n), out);
      return;
    }
    if (a.every(isScalar) && b.every(isScalar)) {
      scalarList(path, a, b, out);
      return;
    }
    if (a.length === b.length) {
      a.forEach((x, i) => walk(`${path}[${i}]`, x, b[i], out));
      return;
    }
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) walk(`${path}[${i}]`, a[i], b[i], out);
    for (let i = n; i < a.length; i++) out.push({ path: `${path}[${i}]`, old: abbreviate(a[i]) });
    for (let i = n; i < b.length; i++) out.push({ path: `${path}[${i}]`, new: abbreviate(b[i]) });
    return;
  }
  out.push({ path, ...pair(a, b) });
}

/** Every changed field of `b` against `a`, in path order. */
export function fieldChanges(a: Json, b: Json, path = ''): FieldChange[] {
  const out: FieldChange[] = [];
  walk(path, a, b, out);
  return out;
}

/** The value at a dotted path (`spec.template.spec`), or undefined. */
export function at(doc: Json, path: readonly string[]): Json {
  let v: Json = doc;
  for (const k of path) {
    if (!isObject(v)) return undefined;
    v = v[k];
  }
  return v;
}

/** Leaves of a document as `path=value` strings (for similarity of renamed objects). */
export function leaves(v: Json, path = '', out: string[] = []): string[] {
  if (isObject(v)) for (const k of Object.keys(v).sort()) leaves(v[k], joinPath(path, k), out);
  else if (Array.isArray(v)) v.forEach((x, i) => leaves(x, `${path}[${i}]`, out));
  else out.push(`${path}=${JSON.stringify(v)}`);
  return out;
}
