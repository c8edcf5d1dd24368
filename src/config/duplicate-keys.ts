/**
 * Duplicate keys in the environment sources. `{ chat: a, chat: b }` is valid JavaScript: the
 * later entry silently replaces the earlier one, and the bundle `npm run synth` runs is never
 * type checked (tsc would report TS1117, but only `npm test` runs tsc). The config objects
 * cannot show it (the first entry is gone), so the source is parsed: parsing alone, with no
 * type check, takes milliseconds, but loading the TypeScript compiler takes a few hundred, so
 * synth checks again only when an environment source changed since its last clean check.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TS from 'typescript';
import type { ConfigProblem } from './errors';

/** Where the environments are written, relative to the project root. */
export const ENVIRONMENT_SOURCES = 'src/config/environments';
/** Signature of the environment sources last found clean. */
const STAMP = '.cache/environment-sources.checked';

/** Loaded on first use only: the synth bundle keeps `typescript` external (src/synth/run.cjs). */
function compiler(): typeof TS {
  return require('typescript') as typeof TS;
}

/** The key a property literally names; undefined for spreads and computed keys (not comparable). */
function keyOf(ts: typeof TS, prop: TS.ObjectLiteralElementLike): string | undefined {
  if (ts.isSpreadAssignment(prop) || !prop.name) return undefined;
  const name = prop.name;
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** Every property of an object literal that repeats an earlier key of the same literal, with its line. */
export function duplicateKeys(file: string, source: string): ConfigProblem[] {
  const ts = compiler();
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const lineOf = (node: TS.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const problems: ConfigProblem[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const seen = new Map<string, number>();
      for (const prop of node.properties) {
        // A getter and its setter share a name by design.
        const key = ts.isGetAccessor(prop) || ts.isSetAccessor(prop) ? undefined : keyOf(ts, prop);
        if (key === undefined) continue;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, lineOf(prop));
        else problems.push({ path: `${file}:${lineOf(prop)}`, message: `key "${key}" appears twice in this object (first on line ${first}); the later one silently replaces the earlier: remove or rename one` });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return problems;
}

function sources(root: string): string[] {
  const dir = path.join(root, ENVIRONMENT_SOURCES);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort().map((f) => path.join(dir, f));
}

/** Path, size, mtime and ctime of each source: any edit, even one keeping the mtime, changes it. */
function signature(files: readonly string[]): string {
  const lines = files.map((f) => {
    const s = fs.statSync(f);
    return `${f} ${s.size} ${s.mtimeMs} ${s.ctimeMs}`;
  });
  return crypto.createHash('sha256').update(lines.join('\n')).digest('hex');
}

/**
 * Duplicate keys in every environment source under `root`, as config problems with
 * `<file>:<line>` paths. Sources unchanged since their last clean check are not parsed again.
 */
export function checkEnvironmentSources(root: string): ConfigProblem[] {
  const files = sources(root);
  const stamp = path.join(root, STAMP);
  const sig = signature(files);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === sig) return [];
  const problems = files.flatMap((f) => duplicateKeys(path.relative(root, f).split(path.sep).join('/'), fs.readFileSync(f, 'utf8')));
  if (problems.length === 0) {
    fs.mkdirSync(path.dirname(stamp), { recursive: true });
    fs.writeFileSync(stamp, sig);
  }
  return problems;
}
