/**
 * Duplicate keys in the environment sources. `{ chat: a, chat: b }` is valid JavaScript: the
 * later entry silently replaces the earlier one, and the bundle `npm run synth` runs is never
 * type checked (tsc would report TS1117, but only `npm test` runs tsc). The config objects
 * cannot show it (the first entry is gone), so the source is parsed, by esbuild, which already
 * builds the synth bundle and reports a repeated key as its `duplicate-object-key` warning with
 * the original key's location (evanw/esbuild internal/js_parser/js_parser.go@v0.28.2). Getter
 * and setter pairs are not duplicates there either. Parsing is milliseconds; starting esbuild's
 * service is about 50, so synth checks again only when an environment source changed since its
 * last clean check.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Esbuild from 'esbuild';
import type { ConfigProblem } from './errors';

/** Where the environments are written, relative to the project root. */
export const ENVIRONMENT_SOURCES = 'src/config/environments';
/** Signature of the environment sources last found clean. */
const STAMP = '.cache/environment-sources.checked';

/** Loaded on first use only: the synth bundle keeps `esbuild` (a native binary) external (src/synth/run.cjs). */
function esbuild(): typeof Esbuild {
  return require('esbuild') as typeof Esbuild;
}

/** Every property of an object literal that repeats an earlier key of the same literal, with its line. */
export function duplicateKeys(file: string, source: string): ConfigProblem[] {
  const { warnings } = esbuild().transformSync(source, { loader: 'ts', sourcefile: file, logLevel: 'silent' });
  return warnings
    .filter((w) => w.id === 'duplicate-object-key' && w.location)
    .map((w) => {
      const key = /Duplicate key "(.*)" in object literal/.exec(w.text)?.[1] ?? '?';
      const first = w.notes.find((n) => n.location)?.location?.line;
      return {
        path: `${file}:${w.location!.line}`,
        message: `key "${key}" appears twice in this object (first on line ${first}); the later one silently replaces the earlier: remove or rename one`,
      };
    });
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
