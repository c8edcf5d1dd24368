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
 * V8's compiled code for the bundle is cached beside it (`.cache/synth.js.v8`): compiling
 * 2.7 MB of JavaScript again on every run would be a third of the run.
 */
'use strict';
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
const stampFile = `${bundle}.inputs`;
const codeCacheFile = `${bundle}.v8`;
const inputs = ['src', 'imports', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'tsconfig.json'];

/** One line per input file: path, size, mtime, ctime. */
function signature() {
  const files = inputs.flatMap((rel) => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return [];
    if (!fs.statSync(abs).isDirectory()) return [abs];
    return fs.readdirSync(abs, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  });
  return files.sort().map((f) => {
    const s = fs.statSync(f);
    return `${path.relative(root, f)} ${s.size} ${s.mtimeMs} ${s.ctimeMs}`;
  }).join('\n');
}

function build() {
  const tmp = `${bundle}.${process.pid}.tmp`;
  require('esbuild').buildSync({
    entryPoints: [path.join(root, 'src', 'main.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    format: 'cjs',
    logLevel: 'warning',
  });
  fs.renameSync(tmp, bundle);
}

/** Builds the bundle unless it was built from exactly the current inputs. */
function freshBundle() {
  // Taken before building: an edit made during the build makes the next run rebuild.
  const sig = signature();
  if (fs.existsSync(bundle) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === sig) return bundle;
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  fs.rmSync(stampFile, { force: true });
  fs.rmSync(codeCacheFile, { force: true });
  build();
  fs.writeFileSync(stampFile, sig);
  return bundle;
}

/** Runs the bundle as the main module would run, with V8's code cache when it has one. */
function run(file) {
  const cachedData = fs.existsSync(codeCacheFile) ? fs.readFileSync(codeCacheFile) : undefined;
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  // After the run, so the cache holds the functions the run compiled; main may call process.exit.
  if (!cachedData || script.cachedDataRejected) process.on('exit', () => fs.writeFileSync(codeCacheFile, script.createCachedData()));
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  const require = Module.createRequire(file);
  script.runInThisContext().call(mod.exports, mod.exports, require, mod, file, path.dirname(file));
}

run(freshBundle());
