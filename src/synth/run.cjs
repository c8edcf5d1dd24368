// @ts-check
/**
 * `npm run synth`: runs src/main.ts as two esbuild bundles. Loading the TypeScript sources
 * through a transpiler on every run costs more than the rendering itself, so the bundles are
 * built once and reused while their inputs are unchanged:
 * - `.cache/vendor.js`: every package and generated `imports/` module the app requires (2 MB),
 *   rebuilt only when imports/, the lockfiles or package.json change, or the app requires
 *   another module;
 * - `.cache/synth.js`: the app, src/ only (0.3 MB), which requires those through the vendor
 *   bundle. An edit under src/ rebuilds this one alone, in about 50 ms.
 *
 * A stale bundle is never run: the app is rebuilt whenever the size, mtime or ctime of any file
 * under src/ or imports/, or of the lockfiles, package.json or tsconfig.json, differs from
 * what they were when it was built (ctime cannot be set back, so even a copy that keeps old
 * times is seen), and whenever a file appears or disappears there. The app's first line names
 * the vendor bundle it was built against (its inputs and the modules it requires); a vendor
 * bundle with another first line is rebuilt before anything runs.
 *
 * V8's compiled code for each bundle is cached beside it (`.cache/*.js.v8`), for the same
 * inputs only: compiling 2.5 MB of JavaScript again on every run would be a third of the run.
 *
 * A synth that would write exactly what is already there is skipped: after each successful synth
 * the run records its inputs (the bundle's, plus measurements/), its arguments and the size,
 * mtime and ctime of every file in the output folders (`.cache/synth.done`). The next run with
 * all of these unchanged prints "up to date" instead of rendering. Any edit, a hand-edited or
 * deleted output file, other arguments, `--dry-run` or `SYNTH_PHASES` renders as usual.
 */
'use strict';
const { spawnSync } = require('node:child_process');
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
const cacheDir = path.join(root, '.cache');
// One level below the root, where src/main.ts is: main resolves the project root as `__dirname/..`.
const app = path.join(cacheDir, 'synth.js');
const vendor = path.join(cacheDir, 'vendor.js');
const inputs = ['src', 'imports', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'tsconfig.json'];
const vendorInputs = ['imports', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'tsconfig.json'];
// Required lazily by the app, and a native binary: never bundled (src/config/duplicate-keys.ts).
const unbundled = ['esbuild'];
// What a synth reads besides the bundle (the budget report shows committed measurements), and what it writes.
const rendered = ['measurements', 'dist', 'argocd', 'terraform/generated'];
const doneFile = path.join(cacheDir, 'synth.done');

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

/** The vendor bundle's label: its inputs and what it must export, in the app's order. */
const vendorSignature = (modules) => crypto.createHash('sha256').update([signature(vendorInputs), ...modules].join('\n')).digest('hex');
/** First lines: the app names its inputs and the vendor bundle it requires, the vendor bundle its label. */
const appHeader = (sig, vsig) => `// inputs ${sig} vendor ${vsig}\n`;
const vendorHeader = (vsig) => `// vendor ${vsig}\n`;

/** A build that esbuild refused: its errors are on stderr already. */
class BuildError extends Error {}

/**
 * Builds one bundle with esbuild's command line, the same way for both: Node's CommonJS without
 * comments or whitespace, written to `out` and read back (then removed), run from `cwd` with
 * `input` on stdin. Returns the bundle's text and its metafile. The command line, not the JS API:
 * `buildSync` starts a worker thread and a service process for one build, and took 130 ms here
 * where the command line takes 45 (evanw/esbuild#1689).
 */
function esbuild(args, { out, cwd = root, input }) {
  const meta = `${out}.meta.json`;
  const options = [
    '--bundle',
    '--platform=node',
    `--target=node${process.versions.node.split('.')[0]}`,
    '--format=cjs',
    '--log-level=warning',
    // Without comments the bundle is ASCII (esbuild escapes the rest): Node then reads it as a
    // one-byte string in 2 ms instead of decoding 3.4 MB of UTF-8 in 15-20 ms, and it is a quarter
    // smaller. Names stay, so a stack trace still names its functions.
    '--minify-whitespace',
    '--minify-syntax',
    // License comments are kept by default, and may hold characters outside ASCII.
    '--legal-comments=none',
    `--outfile=${out}`,
    `--metafile=${meta}`,
  ];
  const bin = path.join(root, 'node_modules', '.bin', 'esbuild');
  const run = spawnSync(bin, [...args, ...options], { cwd, input, stdio: [input === undefined ? 'ignore' : 'pipe', 'inherit', 'inherit'] });
  try {
    if (run.error) throw run.error;
    if (run.status !== 0) throw new BuildError(`building the synth bundle failed: esbuild's errors are above`);
    const text = fs.readFileSync(out, 'utf8');
    // Runs read the bundles as latin1 (readOr), which is exact for ASCII only.
    const nonAscii = /[^\0-\x7f]/.exec(text);
    if (nonAscii) throw new Error(`${path.relative(root, out)} holds a character outside ASCII at offset ${nonAscii.index}`);
    return { text, metafile: JSON.parse(fs.readFileSync(meta, 'utf8')) };
  } finally {
    fs.rmSync(out, { force: true });
    fs.rmSync(meta, { force: true });
  }
}

/** Writes `code` to `file` through a rename: a concurrent synth never reads half a file. */
function replace(file, code) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, file);
}

/**
 * What the app takes from each module it requires: the names it reads, or `*` for the whole
 * module. A package is taken whole; from a generated module under imports/ (up to 1 MB of CRD
 * classes each) only the names the app reads, so the vendor bundle keeps esbuild's tree shaking.
 * esbuild binds each require to a variable (`var import_x=require("../imports/x")`); a variable
 * used other than as `import_x.Name` makes its module whole.
 */
function requiredNames(code, modules) {
  const bindings = new Map();
  const names = new Map(modules.map((m) => [m, m.startsWith('.') ? new Set() : '*']));
  for (const m of code.matchAll(/\b(import_\w+)=(?:__toESM\()?require\("([^"]+)"\)/g)) if (names.has(m[2])) bindings.set(m[1], m[2]);
  for (const [binding, module] of bindings) {
    if (names.get(module) === '*') continue;
    for (const use of code.matchAll(new RegExp(`\\b${binding}\\b(=(?:__toESM\\()?require\\(|\\.([A-Za-z_$][\\w$]*))?`, 'g'))) {
      if (use[1] === undefined) names.set(module, '*');
      else if (use[2] !== undefined) /** @type {Set<string>} */ (names.get(module)).add(use[2]);
      if (names.get(module) === '*') break;
    }
  }
  // A module required without a binding esbuild's way: whole.
  for (const m of modules) if (![...bindings.values()].includes(m)) names.set(m, '*');
  return [...names].map(([module, n]) => /** @type {[string, string[] | '*']} */ ([module, n === '*' ? '*' : [...n].sort()]));
}

/**
 * Builds the app: src/ only, every package and every module under imports/ left as a require
 * (esbuild writes those relative to .cache/). Returns its code and what it requires.
 */
function buildApp(sig) {
  const { text, metafile } = esbuild(
    [path.join(root, 'src', 'main.ts'), '--packages=external', `--external:${path.join(root, 'imports', '*')}`],
    // Beside the app, so the requires esbuild writes relative to it hold for the app too.
    { out: `${app}.${process.pid}.tmp.js` },
  );
  const required = Object.values(metafile.outputs)[0].imports.filter((i) => i.external).map((i) => i.path);
  const modules = requiredNames(text, [...new Set(required)].filter((m) => !Module.isBuiltin(m) && !unbundled.includes(m)));
  const vsig = vendorSignature(modules.map((m) => JSON.stringify(m)));
  const code = appHeader(sig, vsig) + text;
  replace(app, code);
  return { code, sig, vsig, modules };
}

/**
 * Builds the vendor bundle: its `modules` export holds, for each module the app requires (keyed
 * as the app requires it), the whole module or the names the app reads. An ES module entry, so
 * esbuild drops the rest of imports/ and resolves packages as the app's own imports would.
 */
function buildVendor(vsig, modules) {
  const lines = modules.map(([m, names], i) =>
    names === '*' ? `import * as m${i} from ${JSON.stringify(m)};` : `import { ${names.map((n) => `${n} as m${i}_${n}`).join(', ')} } from ${JSON.stringify(m)};`,
  );
  const entries = modules.map(([m, names], i) => `  ${JSON.stringify(m)}: ${names === '*' ? `m${i}` : `{ ${names.map((n) => `${n}: m${i}_${n}`).join(', ')} }`},`);
  const contents = `${lines.join('\n')}\nexport const modules = {\n${entries.join('\n')}\n};\n`;
  // From stdin, resolved from the working directory: .cache/, where the app requires them from.
  const { text } = esbuild(['--sourcefile=vendor-entry.mjs', '--loader=js'], { out: `${vendor}.${process.pid}.tmp.js`, cwd: cacheDir, input: contents });
  const code = vendorHeader(vsig) + text;
  replace(vendor, code);
  return code;
}

// Both bundles are ASCII (esbuild's default charset): latin1 reads them without decoding UTF-8.
const readOr = (file, fallback) => (fs.existsSync(file) ? fs.readFileSync(file, 'latin1') : fallback);

/**
 * Both bundles, built first unless built from exactly the current inputs. An app without its
 * vendor bundle is rebuilt too: the vendor bundle's module list comes from the app's build.
 */
function freshBundles() {
  // Taken before building: an edit made during the build makes the next run rebuild.
  const sig = signature();
  const appCode = readOr(app, '');
  const vendorCode = readOr(vendor, '');
  const vsig = appCode.startsWith(`// inputs ${sig} vendor `) ? appCode.slice(appCode.indexOf(' vendor ') + 8, appCode.indexOf('\n')) : undefined;
  if (vsig && vendorCode.startsWith(vendorHeader(vsig))) return { app: { code: appCode, sig }, vendor: { code: vendorCode, sig: vsig } };
  fs.mkdirSync(cacheDir, { recursive: true });
  const built = buildApp(sig);
  const vendorFresh = vendorCode.startsWith(vendorHeader(built.vsig));
  return { app: { code: built.code, sig }, vendor: { code: vendorFresh ? vendorCode : buildVendor(built.vsig, built.modules), sig: built.vsig } };
}

/**
 * V8's code cache for `file` as built from `sig`, if there is one. The cache file starts with
 * the inputs it was made for: V8 itself checks only the source's length, and an edit that
 * keeps the bundle's length must not run the old compiled code.
 */
function readCodeCache(file, sig) {
  const data = fs.existsSync(`${file}.v8`) ? fs.readFileSync(`${file}.v8`) : undefined;
  return data && data.subarray(0, sig.length).toString() === sig ? data.subarray(sig.length) : undefined;
}

/**
 * Runs one bundle as a CommonJS module would run, with V8's code cache for these inputs if any,
 * and returns its exports. `resolve` answers its requires before Node's own resolution.
 */
function run(file, { code, sig }, resolve = {}) {
  const cachedData = readCodeCache(file, sig);
  const script = new vm.Script(Module.wrap(code), { filename: file, cachedData });
  // After the run, so the cache holds the functions the run compiled; main may call process.exit.
  if (!cachedData || script.cachedDataRejected) process.on('exit', () => replace(`${file}.v8`, Buffer.concat([Buffer.from(sig), script.createCachedData()])));
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  const nodeRequire = Module.createRequire(file);
  const require = Object.assign((id) => (Object.hasOwn(resolve, id) ? resolve[id] : nodeRequire(id)), nodeRequire);
  script.runInThisContext().call(mod.exports, mod.exports, require, mod, file, path.dirname(file));
  return mod.exports;
}

/** The state a successful synth leaves: bundle inputs, arguments, measurements and outputs. */
const doneKey = (sig) => crypto.createHash('sha256').update([sig, JSON.stringify(process.argv.slice(2)), signature(rendered)].join('\n')).digest('hex');

/** Whether this run may be skipped: the same synth already ran and nothing it reads or wrote changed since. */
function upToDate(sig) {
  const args = process.argv.slice(2);
  if (process.env.SYNTH_PHASES || args.some((a) => a === '--dry-run' || a === '--help' || a === '-h')) return false;
  return fs.existsSync(doneFile) && fs.readFileSync(doneFile, 'utf8') === doneKey(sig);
}

let bundles;
try {
  bundles = freshBundles();
} catch (e) {
  if (!(e instanceof BuildError)) throw e;
  console.error(e.message);
  process.exit(1);
}
if (upToDate(bundles.app.sig)) {
  console.log('up to date: nothing under src/, imports/, measurements/ or the output folders changed since the last synth');
} else {
  // Recorded after a successful write only (main exits non-zero on any problem).
  process.on('exit', (code) => {
    if (code === 0 && !process.argv.slice(2).some((a) => a === '--dry-run' || a === '--help' || a === '-h')) fs.writeFileSync(doneFile, doneKey(bundles.app.sig));
  });
  run(app, bundles.app, run(vendor, bundles.vendor).modules);
}
