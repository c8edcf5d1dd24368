/**
 * The YAML of earlier synths, keyed by the content of the document it was dumped from.
 *
 * Dumping is a fifth of a synth: js-yaml runs cold in a process that lives half a second
 * (about 80 ms for the samples' 300 documents, 35 ms once warm), and most documents come out
 * the same as last time. A key is the SHA-256 of the document's JSON, taken only from plain
 * data (strings, booleans, finite numbers other than -0, null, arrays, plain objects): there
 * JSON tells apart every pair of values js-yaml prints differently, so a hit cannot return
 * another document's YAML. A document holding anything else (NaN, a Date, a class instance,
 * a hole in an array...) has no key and is dumped as usual. Equal documents with their keys in
 * another order miss, which only costs a dump. (`v8.serialize` is no key: it writes an array
 * as dense or sparse depending on V8's internal elements kind, which differs between renders.)
 *
 * The memo is dropped whole when js-yaml's version, the dump options or `toYaml` change.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { version as jsYamlVersion } from 'js-yaml/package.json';
import { DUMP_OPTIONS, toYaml } from './serialize';

/** What every entry of a memo file was dumped by. */
export const MEMO_VERSION = crypto
  .createHash('sha256')
  .update([`js-yaml ${jsYamlVersion}`, JSON.stringify(DUMP_OPTIONS), toYaml.toString()].join('\n'))
  .digest('hex');

/** The memo file of one environment under the project root `outdir`. */
export function memoFile(outdir: string, envName: string): string {
  return path.join(outdir, '.cache', 'yaml', `${envName}.json`);
}

/** Thrown by {@link plainData} at the first value that is not plain data. */
class NotPlainData extends Error {}

/** A `JSON.stringify` replacer that lets plain data through and throws at anything else. */
function plainData(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key]; // before toJSON: a Date is still a Date
  switch (typeof raw) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(raw) && !Object.is(raw, -0)) return value;
      break;
    case 'object':
      if (raw === null || Array.isArray(raw) || [Object.prototype, null].includes(Object.getPrototypeOf(raw))) return value;
      break;
    case 'undefined':
      // js-yaml leaves out an undefined property, as JSON does; in an array, JSON writes null.
      if (!Array.isArray(this)) return value;
      break;
  }
  throw new NotPlainData();
}

/** Removes the memo files under the project root `outdir` of environments not in `keep`. */
export function pruneMemos(outdir: string, keep: readonly string[]): void {
  const dir = path.dirname(memoFile(outdir, '_'));
  if (!fs.existsSync(dir)) return;
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.json') && !keep.includes(f.slice(0, -'.json'.length))) fs.rmSync(path.join(dir, f));
}

/** The key of a document, or undefined when it is not plain data (js-yaml then dumps it as usual). */
export function documentKey(doc: unknown): string | undefined {
  try {
    return crypto.createHash('sha256').update(JSON.stringify(doc, plainData)).digest('base64');
  } catch (e) {
    if (e instanceof NotPlainData) return undefined;
    throw e;
  }
}

/** Dumps documents through the entries of an earlier synth; remembers what this synth dumped. */
export class YamlMemo {
  private readonly used = new Map<string, string>();
  private dumped = 0;

  /** @param earlier entries of the earlier synth, by document key */
  constructor(private readonly earlier: ReadonlyMap<string, string> = new Map()) {}

  /** The YAML of `doc`, as {@link toYaml} prints it. */
  toYaml(doc: unknown): string {
    const key = documentKey(doc);
    if (key === undefined) return toYaml(doc);
    let yaml = this.used.get(key) ?? this.earlier.get(key);
    if (yaml === undefined) {
      yaml = toYaml(doc);
      this.dumped++;
    }
    this.used.set(key, yaml);
    return yaml;
  }

  /** Documents dumped by this synth because no entry held them. */
  get misses(): number {
    return this.dumped;
  }

  /** Whether the entries this synth used differ from the earlier ones (the file needs writing). */
  get changed(): boolean {
    return this.dumped > 0 || this.used.size !== this.earlier.size;
  }

  /** The entries this synth used: what the next synth of the environment starts from. */
  entries(): ReadonlyMap<string, string> {
    return this.used;
  }
}

/** The memo in `file`; empty when there is none, it cannot be read, or another version wrote it. */
export function readMemo(file: string): YamlMemo {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown; entries?: Record<string, string> };
    if (data.version === MEMO_VERSION && data.entries) return new YamlMemo(new Map(Object.entries(data.entries)));
  } catch {
    // No memo yet, or a broken one: dump everything.
  }
  return new YamlMemo();
}

/** Writes what `memo` used to `file` when it changed, through a rename (a concurrent synth never reads half a file). */
export function writeMemo(file: string, memo: YamlMemo): void {
  if (!memo.changed) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ version: MEMO_VERSION, entries: Object.fromEntries(memo.entries()) }));
  fs.renameSync(tmp, file);
}
