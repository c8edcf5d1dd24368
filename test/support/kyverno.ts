/**
 * A small evaluator of exactly the Kyverno ClusterPolicy constructs our policies use, to run
 * the rendered policies against sample pods:
 *
 * - match/exclude: `any` of `resources` with `kinds` (Pod) and optional `namespaces`;
 * - preconditions and `validate.deny.conditions`: `all`/`any` lists of conditions with the
 *   operators Equals, GreaterThan and AnyIn (wildcards matched both ways, as Kyverno's
 *   pkg/engine/variables/operator/anyin.go does), keys being one `{{ JMESPath }}` expression;
 * - a JMESPath subset: fields (plain and "quoted"), `.`, `[]` flatten projections,
 *   `[?a == 'b']` filters, `||`, `|`, `@`, raw strings, `` `json` `` literals, length() and keys();
 * - `validate.pattern` overlays: maps, single-element array patterns (every element must
 *   match), the `=(key)` equality anchor, and string values with `*`/`?` wildcards and a
 *   leading `!` negation.
 *
 * Anything else throws, so a policy using a construct this file does not implement fails its
 * test instead of passing unevaluated. Not covered: Kyverno's autogen for controllers.
 */

type Json = unknown;
type Doc = Record<string, any>;

// ---------------------------------------------------------------- JMESPath subset

type Token =
  | { t: 'ident'; v: string }
  | { t: 'lit'; v: Json }
  | { t: 'op'; v: string }
  | { t: 'eof' };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'ident', v: m[0] });
      i += m[0].length;
    } else if (c === '"') {
      const end = src.indexOf('"', i + 1);
      out.push({ t: 'ident', v: src.slice(i + 1, end) });
      i = end + 1;
    } else if (c === "'") {
      const end = src.indexOf("'", i + 1);
      out.push({ t: 'lit', v: src.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      out.push({ t: 'lit', v: JSON.parse(src.slice(i + 1, end)) });
      i = end + 1;
    } else {
      const op = ['[]', '[?', '||', '==', '!='].find((o) => src.startsWith(o, i)) ?? (/[.[\]|()@,]/.test(c) ? c : undefined);
      if (!op) throw new Error(`JMESPath subset: unsupported character "${c}" in ${src}`);
      out.push({ t: 'op', v: op });
      i += op.length;
    }
  }
  out.push({ t: 'eof' });
  return out;
}

type Node =
  | { k: 'field'; name: string }
  | { k: 'current' }
  | { k: 'lit'; v: Json }
  | { k: 'sub'; l: Node; r: Node }
  | { k: 'flatten'; c: Node }
  | { k: 'project'; l: Node; r: Node }
  | { k: 'filter'; l: Node; cond: Node; r: Node }
  | { k: 'cmp'; op: '==' | '!='; l: Node; r: Node }
  | { k: 'or'; l: Node; r: Node }
  | { k: 'pipe'; l: Node; r: Node }
  | { k: 'call'; name: string; args: Node[] };

const BP: Record<string, number> = { eof: 0, ']': 0, ')': 0, ',': 0, '|': 1, '||': 2, '==': 5, '!=': 5, '[]': 9, '[?': 21, '.': 40, '[': 55, '(': 60 };

function parse(src: string): Node {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const bp = (tok: Token) => (tok.t === 'op' ? BP[tok.v] ?? 0 : 0);
  const expect = (v: string) => {
    const tok = tokens[pos++];
    if (tok.t !== 'op' || tok.v !== v) throw new Error(`JMESPath subset: expected "${v}" in ${src}`);
  };

  function nud(tok: Token): Node {
    if (tok.t === 'ident') {
      if (peek().t === 'op' && (peek() as { v: string }).v === '(') {
        pos++;
        const args: Node[] = [];
        while (!(peek().t === 'op' && (peek() as { v: string }).v === ')')) {
          args.push(expression(0));
          if (peek().t === 'op' && (peek() as { v: string }).v === ',') pos++;
        }
        pos++;
        return { k: 'call', name: tok.v, args };
      }
      return { k: 'field', name: tok.v };
    }
    if (tok.t === 'lit') return { k: 'lit', v: tok.v };
    if (tok.t === 'op' && tok.v === '@') return { k: 'current' };
    throw new Error(`JMESPath subset: unsupported expression start in ${src}`);
  }

  function projectionRhs(power: number): Node {
    const next = peek();
    if (bp(next) < 10) return { k: 'current' };
    if (next.t === 'op' && next.v === '.') {
      pos++;
      return expression(power);
    }
    if (next.t === 'op' && (next.v === '[]' || next.v === '[?')) return expression(power);
    throw new Error(`JMESPath subset: unsupported projection in ${src}`);
  }

  function led(tok: Token, left: Node): Node {
    if (tok.t !== 'op') throw new Error(`JMESPath subset: unexpected token in ${src}`);
    switch (tok.v) {
      case '.':
        return { k: 'sub', l: left, r: expression(BP['.']) };
      case '[]':
        return { k: 'project', l: { k: 'flatten', c: left }, r: projectionRhs(BP['[]']) };
      case '[?': {
        const cond = expression(0);
        expect(']');
        return { k: 'filter', l: left, cond, r: projectionRhs(BP['[?']) };
      }
      case '||':
        return { k: 'or', l: left, r: expression(BP['||']) };
      case '|':
        return { k: 'pipe', l: left, r: expression(BP['|']) };
      case '==':
      case '!=':
        return { k: 'cmp', op: tok.v, l: left, r: expression(BP[tok.v]) };
      default:
        throw new Error(`JMESPath subset: unsupported operator "${tok.v}" in ${src}`);
    }
  }

  function expression(power: number): Node {
    let left = nud(tokens[pos++]);
    while (power < bp(peek())) left = led(tokens[pos++], left);
    return left;
  }

  const tree = expression(0);
  if (peek().t !== 'eof') throw new Error(`JMESPath subset: trailing input in ${src}`);
  return tree;
}

const truthy = (v: Json): boolean =>
  !(v === null || v === undefined || v === false || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0));

function visit(n: Node, v: Json): Json {
  switch (n.k) {
    case 'field':
      return v && typeof v === 'object' && !Array.isArray(v) ? ((v as Doc)[n.name] ?? null) : null;
    case 'current':
      return v;
    case 'lit':
      return n.v;
    case 'sub': {
      const l = visit(n.l, v);
      return l === null ? null : visit(n.r, l);
    }
    case 'flatten': {
      const l = visit(n.c, v);
      return Array.isArray(l) ? l.flatMap((e) => (Array.isArray(e) ? e : [e])) : null;
    }
    case 'project': {
      const l = visit(n.l, v);
      return Array.isArray(l) ? l.map((e) => visit(n.r, e)).filter((e) => e !== null) : null;
    }
    case 'filter': {
      const l = visit(n.l, v);
      return Array.isArray(l) ? l.filter((e) => truthy(visit(n.cond, e))).map((e) => visit(n.r, e)).filter((e) => e !== null) : null;
    }
    case 'cmp': {
      const eq = JSON.stringify(visit(n.l, v)) === JSON.stringify(visit(n.r, v));
      return n.op === '==' ? eq : !eq;
    }
    case 'or': {
      const l = visit(n.l, v);
      return truthy(l) ? l : visit(n.r, v);
    }
    case 'pipe':
      return visit(n.r, visit(n.l, v));
    case 'call': {
      const args = n.args.map((a) => visit(a, v));
      if (n.name === 'length') {
        const a = args[0];
        if (typeof a === 'string' || Array.isArray(a)) return a.length;
        if (a && typeof a === 'object') return Object.keys(a).length;
        throw new Error('length() of a non-collection');
      }
      if (n.name === 'keys') {
        if (!args[0] || typeof args[0] !== 'object' || Array.isArray(args[0])) throw new Error('keys() of a non-object');
        return Object.keys(args[0] as Doc);
      }
      throw new Error(`JMESPath subset: unsupported function ${n.name}()`);
    }
  }
}

/** Evaluates a JMESPath expression of the supported subset. */
export function jmespath(expr: string, data: Json): Json {
  return visit(parse(expr), data);
}

// ---------------------------------------------------------------- conditions and patterns

function wildcard(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return re.test(value);
}

/** Substitutes a key that is exactly one `{{ expression }}`. */
function variable(key: unknown, pod: Doc): Json {
  const m = typeof key === 'string' ? /^\{\{(.*)\}\}$/s.exec(key) : null;
  if (!m) throw new Error(`condition key must be one {{ expression }}: ${String(key)}`);
  return jmespath(m[1].trim(), { request: { object: pod } });
}

interface Condition {
  key: string;
  operator: string;
  value: Json;
}

function condition(c: Condition, pod: Doc): boolean {
  const key = variable(c.key, pod);
  switch (c.operator) {
    case 'Equals':
      if (typeof key === 'number' && typeof c.value === 'number') return key === c.value;
      if (typeof key === 'string' && typeof c.value === 'string') return wildcard(c.value, key);
      throw new Error(`Equals on ${typeof key} and ${typeof c.value} is not supported here`);
    case 'GreaterThan':
      if (typeof key !== 'number' || typeof c.value !== 'number') throw new Error('GreaterThan needs numbers here');
      return key > c.value;
    case 'AnyIn': {
      if (!Array.isArray(c.value)) throw new Error('AnyIn needs a list value here');
      const keys = (Array.isArray(key) ? key : [key]).map(String);
      const values = c.value.map(String);
      return keys.some((k) => values.some((v) => wildcard(v, k) || wildcard(k, v)));
    }
    default:
      throw new Error(`operator ${c.operator} is not supported by this evaluator`);
  }
}

function conditions(block: Doc, pod: Doc): boolean {
  const keys = Object.keys(block);
  if (keys.length !== 1 || !['all', 'any'].includes(keys[0])) throw new Error(`conditions must be {all} or {any}: ${keys.join(',')}`);
  const results = (block[keys[0]] as Condition[]).map((c) => condition(c, pod));
  return keys[0] === 'all' ? results.every(Boolean) : results.some(Boolean);
}

function patternMatches(value: Json, pattern: Json): boolean {
  if (Array.isArray(pattern)) {
    if (pattern.length !== 1) throw new Error('only single-element array patterns are supported');
    return Array.isArray(value) && value.every((e) => patternMatches(e, pattern[0]));
  }
  if (pattern && typeof pattern === 'object') {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
    return Object.entries(pattern as Doc).every(([k, p]) => {
      const equality = /^=\((.+)\)$/.exec(k);
      if (equality) return !(equality[1] in (value as Doc)) || patternMatches((value as Doc)[equality[1]], p);
      if (/^[(^X<+]\(|^\(/.test(k)) throw new Error(`anchor ${k} is not supported by this evaluator`);
      return k in (value as Doc) && patternMatches((value as Doc)[k], p);
    });
  }
  if (typeof pattern === 'string') {
    if (/[|&<>]/.test(pattern)) throw new Error(`pattern operators in "${pattern}" are not supported`);
    if (value === null || typeof value === 'object') return false;
    return pattern.startsWith('!') ? !wildcard(pattern.slice(1), String(value)) : wildcard(pattern, String(value));
  }
  return value === pattern;
}

function selects(block: Doc | undefined, pod: Doc): boolean {
  if (!block) return false;
  const keys = Object.keys(block);
  if (keys.length !== 1 || keys[0] !== 'any') throw new Error('match/exclude: only `any` is supported');
  return (block.any as Doc[]).some((entry) => {
    const extra = Object.keys(entry).filter((k) => k !== 'resources');
    const resExtra = Object.keys(entry.resources).filter((k) => k !== 'kinds' && k !== 'namespaces');
    if (extra.length || resExtra.length) throw new Error(`match/exclude: unsupported ${[...extra, ...resExtra].join(', ')}`);
    return entry.resources.kinds.includes(pod.kind) && (!entry.resources.namespaces || entry.resources.namespaces.includes(pod.metadata.namespace));
  });
}

export type Verdict = 'pass' | 'fail' | 'skip';

const RULE_KEYS = new Set(['name', 'match', 'exclude', 'preconditions', 'validate']);
const VALIDATE_KEYS = new Set(['failureAction', 'message', 'pattern', 'deny']);

/** The verdict of every rule of a rendered ClusterPolicy on one pod. */
export function evaluate(policy: Doc, pod: Doc): Record<string, Verdict> {
  const out: Record<string, Verdict> = {};
  for (const rule of policy.spec.rules as Doc[]) {
    const unsupported = [...Object.keys(rule).filter((k) => !RULE_KEYS.has(k)), ...Object.keys(rule.validate).filter((k) => !VALIDATE_KEYS.has(k))];
    if (unsupported.length) throw new Error(`rule ${rule.name}: unsupported ${unsupported.join(', ')}`);
    if (!selects(rule.match, pod) || selects(rule.exclude, pod) || (rule.preconditions && !conditions(rule.preconditions, pod))) {
      out[rule.name] = 'skip';
      continue;
    }
    const ok = rule.validate.pattern !== undefined ? patternMatches(pod, rule.validate.pattern) : !conditions(rule.validate.deny.conditions, pod);
    out[rule.name] = ok ? 'pass' : 'fail';
  }
  return out;
}

/** `fail` if any rule fails, else `pass` if any passes, else `skip`. */
export function verdict(policy: Doc, pod: Doc): Verdict {
  const results = Object.values(evaluate(policy, pod));
  return results.includes('fail') ? 'fail' : results.includes('pass') ? 'pass' : 'skip';
}
