/**
 * `npm run bench [-- --runs N] [-- --scale]`.
 *
 * Default: for all environments, the median wall time of `npm run synth` (as users run it)
 * rendering every environment, with nothing changed (skipped as up to date) and right after a
 * source edit (bundle rebuilt); of its launcher run directly with node; of the same app under the
 * cdk8s template's default runner (`ts-node`), the ratio, and the median time per phase.
 *
 * `--scale`: synthetic environments (copies of the first one with N workloads) validated,
 * rendered and written in this process, in four sizes, so the cost per environment and per
 * workload shows, and whether time stays linear in both.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { environments } from '../config/environments';
import type { EnvironmentConfig } from '../config/types';
import { validateEnvironment } from '../config/validate';
import { PHASES_ENV, phaseTimes, timed, type Phase } from '../synth/phases';
import { environmentDirs, renderUnvalidated } from '../synth/render';
import { writeAtomically } from '../synth/write';

const root = path.resolve(__dirname, '../..');
const { values: opts } = parseArgs({ options: { runs: { type: 'string', default: '5' }, scale: { type: 'boolean', default: false } } });
const runs = Number(opts.runs);
// What `npm run synth` runs, without npm in front: its script drops NODE_EXTRA_CA_CERTS, so this does too.
const launcher = 'src/synth/run.cjs';
const { NODE_EXTRA_CA_CERTS: _unused, ...synthEnv } = process.env;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Wall time of one run in ms, and its stderr (where the app reports its phases). */
function time(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): { ms: number; stderr: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, stderr: r.stderr };
}

function bench(label: string, cmd: string, args: readonly string[], n = runs, before: () => void = () => undefined, env: NodeJS.ProcessEnv = process.env): number {
  const samples = Array.from({ length: n }, () => {
    before();
    return time(cmd, args, env).ms;
  });
  const m = median(samples);
  console.log(`${label.padEnd(44)} median ${m.toFixed(0).padStart(6)} ms  (runs: ${samples.map((s) => s.toFixed(0)).join(', ')})`);
  return m;
}

/** Forgets the last synth, so the next one renders every environment (the bundle stays). */
const forgetLastSynth = () => fs.rmSync(path.join(root, '.cache', 'synth.done'), { force: true });
/** Forgets the last synth and the YAML it dumped (src/synth/memo.ts): every document is dumped again. */
const forgetMemo = () => {
  forgetLastSynth();
  fs.rmSync(path.join(root, '.cache', 'yaml'), { recursive: true, force: true });
};
/** Changes a source's mtime, as an edit does: the next synth rebuilds its bundle and renders. */
const touchSource = () => {
  const now = new Date();
  fs.utimesSync(path.join(root, 'src', 'main.ts'), now, now);
};

/** Median ms per phase over `runs` direct runs; `load` is process start to the first render. */
function phases(): Record<'load' | Phase, number> {
  const samples = Array.from({ length: runs }, () => time(process.execPath, [launcher], { ...synthEnv, [PHASES_ENV]: '1' }))
    .map((r) => JSON.parse(r.stderr.trim().split('\n').pop()!) as Record<'load' | Phase, number>);
  const names = Object.keys(samples[0]) as ('load' | Phase)[];
  return Object.fromEntries(names.map((p) => [p, median(samples.map((s) => s[p]))])) as Record<'load' | Phase, number>;
}

function allEnvironments(): void {
  const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
  console.log(`all environments (${Object.keys(environments).join(', ')}), ${runs} runs each, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  time('npm', ['run', '--silent', 'synth']); // builds the bundle if an input changed: not part of the medians
  const npm = bench('npm run synth, every environment rendered', 'npm', ['run', '--silent', 'synth'], runs, forgetLastSynth);
  bench('npm run synth, same, YAML memo empty', 'npm', ['run', '--silent', 'synth'], runs, forgetMemo);
  bench('npm run synth, nothing changed', 'npm', ['run', '--silent', 'synth']);
  bench('npm run synth, after a source edit', 'npm', ['run', '--silent', 'synth'], runs, touchSource);
  bench(`node ${launcher} (direct, every environment)`, process.execPath, [launcher], runs, forgetLastSynth, synthEnv);
  bench('node -e 0 (Node start-up alone, for scale)', process.execPath, ['-e', '0']);
  if (process.env.NODE_EXTRA_CA_CERTS) bench('node -e 0 without NODE_EXTRA_CA_CERTS', process.execPath, ['-e', '0'], runs, undefined, synthEnv);
  const slow = bench('template default (ts-node)', bin('ts-node'), ['src/main.ts']);
  console.log(`ts-node / npm run synth (every environment rendered) = ${(slow / npm).toFixed(1)}x`);
  const p = phases();
  console.log(`phases (median ms): ${Object.entries(p).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
}

/** `envs` copies of the first environment, each with `workloads` services cycled from its own. */
function syntheticEnvironments(envs: number, workloads: number): EnvironmentConfig[] {
  const template = Object.values(environments)[0];
  const services = Object.values(template.workloads.services);
  return Array.from({ length: envs }, (_, e) => ({
    ...template,
    name: `scale-${e}`,
    workloads: {
      ...template.workloads,
      services: Object.fromEntries(Array.from({ length: workloads }, (_, w) => {
        const { publicHost: _host, ...service } = services[w % services.length] as (typeof services)[number] & { publicHost?: string };
        return [`w${w}`, service];
      })),
    },
  }) as EnvironmentConfig);
}

/**
 * Output folders of the scale runs, removed after the last one: on this machine's ext4 (mounted
 * with `discard`) creating files right after deleting thousands takes up to 20 times longer, so
 * deleting each run's output before the next would time the disk's clean-up, not the synth.
 */
const scaleOutputs: string[] = [];

/** Validates, renders and writes `envs` environments of `workloads` services once; wall ms and ms per phase. */
function synthOnce(envs: number, workloads: number): { ms: number; phases: Record<Phase, number> } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
  scaleOutputs.push(out);
  const list = syntheticEnvironments(envs, workloads);
  const before = phaseTimes();
  const t0 = performance.now();
  // The synthetic workloads exceed the template's quotas and budget: validation runs in full,
  // its findings are not the point here.
  timed('validate', () => list.forEach((env) => validateEnvironment(env)));
  const files = new Map<string, string>();
  for (const env of list) for (const [f, c] of renderUnvalidated(env)) files.set(f, c);
  timed('write', () => writeAtomically(out, list.flatMap(environmentDirs), files));
  const ms = performance.now() - t0;
  const after = phaseTimes();
  return { ms, phases: Object.fromEntries(Object.entries(after).map(([p, t]) => [p, t - before[p as Phase]])) as Record<Phase, number> };
}

/** Median of three runs at one size, printed per environment and per workload. */
function synthAtScale(envs: number, workloads: number, note = ''): number {
  const runs = [0, 1, 2].map(() => synthOnce(envs, workloads));
  const ms = median(runs.map((r) => r.ms));
  const shape = `${String(envs).padStart(3)} environments x ${String(workloads).padStart(3)} workloads`;
  console.log(`${shape}  median ${ms.toFixed(0).padStart(6)} ms  (${(ms / envs).toFixed(1)} ms per environment, ${(ms / (envs * workloads)).toFixed(2)} ms per workload; runs: ${runs.map((x) => x.ms.toFixed(0)).join(', ')}${note})`);
  const phases = Object.keys(runs[0].phases) as Phase[];
  console.log(`${' '.repeat(shape.length)}  phases (median ms): ${phases.map((p) => `${p} ${median(runs.map((r) => r.phases[p])).toFixed(0)}`).join(', ')}`);
  return ms;
}

function scale(): void {
  try {
    scaleRuns();
  } finally {
    for (const out of scaleOutputs) fs.rmSync(out, { recursive: true, force: true });
  }
}

function scaleRuns(): void {
  console.log(`scale, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  synthAtScale(2, 10, ', warm-up'); // JIT and module initialisation are not per-environment costs
  const t = { small: synthAtScale(8, 25), wide: synthAtScale(32, 25), deep: synthAtScale(8, 100), full: synthAtScale(32, 100) };
  const perWorkload = (t.full - t.wide) / (32 * 75);
  const perEnvironment = t.wide / 32 - 25 * perWorkload;
  console.log(`fit: ${perEnvironment.toFixed(1)} ms per environment + ${perWorkload.toFixed(2)} ms per workload`);
  console.log(`linearity: 32/8 environments ${(t.full / t.deep).toFixed(2)}x (ideal 4), 100/25 workloads ${(t.full / t.wide).toFixed(2)}x (ideal <= 4)`);
  if (t.full >= 10_000) throw new Error(`32 x 100 took ${t.full.toFixed(0)} ms, over 10 s`);
}

if (opts.scale) scale();
else allEnvironments();
