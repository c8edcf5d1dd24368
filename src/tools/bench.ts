/**
 * `npm run bench [-- --runs N]`: median wall time of `npm run synth`'s app (all environments,
 * under tsx) over N runs, and of the same app under the cdk8s template's default runner
 * (`npx ts-node`), with their ratio. Both runs write the same deterministic output.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function time(cmd: string, args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function bench(label: string, cmd: string, args: string[]): number {
  const samples = Array.from({ length: runs }, () => time(cmd, args));
  const m = median(samples);
  console.log(`${label.padEnd(28)} median ${m.toFixed(0).padStart(6)} ms  (runs: ${samples.map((s) => s.toFixed(0)).join(', ')})`);
  return m;
}

const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const fast = bench('synth (tsx src/main.ts)', bin('tsx'), ['src/main.ts']);
const slow = bench('template default (ts-node)', bin('ts-node'), ['src/main.ts']);
console.log(`ts-node / tsx = ${(slow / fast).toFixed(2)}x`);
