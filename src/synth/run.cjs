// @ts-check
/**
 * `npm run synth`: runs src/main.ts as one esbuild bundle, `.cache/synth.js`. Loading the
 * TypeScript sources through a transpiler on every run costs more than the rendering itself,
 * so the bundle is built once and reused while its inputs are unchanged.
 *
 * A stale bundle is never run: it is rebuilt whenever the size, mtime or ctime of any file
 * under src/ or imports/, or of the lockfiles, package.json or tsconfig.json, differs from
 * what they were when it was built (ctime cannot be set back, so even a copy that keeps old
 * times is seen), and whenever a file appears or disappears there.
 *
 * V8's compiled code for the bundle is cached beside it (`.cache/synth.js.v8`), for the same
 * inputs only: compiling 2.7 MB of JavaScript again on every run would be a third of the run.
 *
 * A synth that would write exactly what is already there is skipped: after each successful synth
 * the run records its inputs (the bundle's, plus measurements/), its arguments and the size,
 * mtime and ctime of every file in the output folders (`.cache/synth.done`). The next run with
 * all of these unchanged prints "up to date" instead of rendering. Any edit, a hand-edited or
 * deleted output file, other arguments, `--dry-run` or `SYNTH_PHASES` renders as usual.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

// A synth is over in half a second: V8 would spend much of it optimizing functions that then
// run a few more times. A later tier-up still optimizes what a large synth runs hot.
v8.setFlagsFromString('--interrupt-budget=1000000');

const root = path.resolve(__dirname, '../..');
// One level below the root, where src/main.ts is: main resolves the project root as `__dirname/..`.
const bundle = path.join(root, '.cache', 'synth.js');
const codeCacheFile = `${bundle}.v8`;
const inputs = ['src', 'imports', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'tsconfig.json'];
// What a synth reads besides the bundle (the budget report shows committed measurements), and what it writes.
const rendered = ['measurements', 'dist', 'argocd', 'terraform/generated'];
const doneFile = path.join(root, '.cache', 'synth.done');

/** Hash of one line per file under `roots`: path, size, mtime, ctime. */
function signature(roots = inputs) {
  const files = roots.flatMap((rel) => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return [];
    if (!fs.statSync(abs).isDirectory()) return [abs];
    return fs.readdirSync(abs, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  });
  const lines = files.sort().map((f) => {
    const s = fs.statSync(f);
    // Every path starts with the root (joined above): slicing is 30x cheaper than path.relative.
    return `${f.slice(root.length + 1)} ${s.size} ${s.mtimeMs} ${s.ctimeMs}`;
  });
  return crypto.createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** The bundle's first line names the inputs it was built from: one rename replaces both. */
const header = (sig) => `// inputs ${sig}\n`;

/** Builds the bundle, labelled with `sig`; returns its code as built by this run. */
function build(sig) {
  const tmp = `${bundle}.${process.pid}.tmp`;
  require('esbuild').buildSync({
    entryPoints: [path.join(root, 'src', 'main.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    format: 'cjs',
    banner: { js: header(sig).trimEnd() },
    logLevel: 'warning',
    // Without comments the bundle is ASCII (esbuild escapes the rest): Node then reads it as a
    // one-byte string in 2 ms instead of decoding 3.4 MB of UTF-8 in 15-20 ms, and it is a quarter
    // smaller. Names stay, so a stack trace still names its functions.
    minifyWhitespace: true,
    minifySyntax: true,
    // Loaded only when an environment source changed (src/config/duplicate-keys.ts); a native
    // binary package, not bundleable.
    external: ['esbuild'],
  });
  // Read before the rename: a concurrent synth may replace the file right after it.
  const code = fs.readFileSync(tmp, 'utf8');
  fs.renameSync(tmp, bundle);
  return code;
}

/** The bundle's code and inputs, built first unless it was built from exactly the current inputs. */
function freshBundle() {
  // Taken before building: an edit made during the build makes the next run rebuild.
  const sig = signature();
  const code = fs.existsSync(bundle) ? fs.readFileSync(bundle, 'utf8') : '';
  if (code.startsWith(header(sig))) return { code, sig };
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  return { code: build(sig), sig };
}

/**
 * V8's code cache for the bundle built from `sig`, if there is one. The cache file starts with
 * the inputs it was made for: V8 itself checks only the source's length, and an edit that
 * keeps the bundle's length must not run the old compiled code.
 */
function readCodeCache(sig) {
  const data = fs.existsSync(codeCacheFile) ? fs.readFileSync(codeCacheFile) : undefined;
  return data && data.subarray(0, sig.length).toString() === sig ? data.subarray(sig.length) : undefined;
}

/** Runs the bundle as the main module would run, with V8's code cache for these inputs if any. */
function run({ code, sig }) {
  const cachedData = readCodeCache(sig);
  const script = new vm.Script(Module.wrap(code), { filename: bundle, cachedData });
  // After the run, so the cache holds the functions the run compiled; main may call process.exit.
  if (!cachedData || script.cachedDataRejected) process.on('exit', () => writeCodeCache(script, sig));
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = Module._nodeModulePaths(path.dirname(bundle));
  const require = Module.createRequire(bundle);
  script.runInThisContext().call(mod.exports, mod.exports, require, mod, bundle, path.dirname(bundle));
}

/** Through a rename: a concurrent synth never reads half a cache. */
function writeCodeCache(script, sig) {
  const tmp = `${codeCacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat([Buffer.from(sig), script.createCachedData()]));
  fs.renameSync(tmp, codeCacheFile);
}

/** The state a successful synth leaves: bundle inputs, arguments, measurements and outputs. */
const doneKey = (sig) => crypto.createHash('sha256').update([sig, JSON.stringify(process.argv.slice(2)), signature(rendered)].join('\n')).digest('hex');

/** Whether this run may be skipped: the same synth already ran and nothing it reads or wrote changed since. */
function upToDate(sig) {
  const args = process.argv.slice(2);
  if (process.env.SYNTH_PHASES || args.some((a) => a === '--dry-run' || a === '--help' || a === '-h')) return false;
  return fs.existsSync(doneFile) && fs.readFileSync(doneFile, 'utf8') === doneKey(sig);
}

const bundled = freshBundle();
if (upToDate(bundled.sig)) {
  console.log('up to date: nothing under src/, imports/, measurements/ or the output folders changed since the last synth');
} else {
  // Recorded after a successful write only (main exits non-zero on any problem).
  process.on('exit', (code) => {
    if (code === 0 && !process.argv.slice(2).some((a) => a === '--dry-run' || a === '--help' || a === '-h')) fs.writeFileSync(doneFile, doneKey(bundled.sig));
  });
  run(bundled);
}
