/**
 * `npm run verify -- --env <name>`: checks the cluster of the current (or named) kubeconfig
 * context against the environment's config and rendered output; `--scale-test <workload>`
 * measures scale from zero and back. Exit 0: all passed; 1: a check failed; 2: usage error or
 * the context does not look like the environment's cluster.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline/promises';
import { environments } from '../config/environments';
import { renderEnvironment } from '../synth/render';
import { UsageError } from '../synth/args';
import { parseVerifyArgs, VERIFY_USAGE, type VerifyArgs } from '../verify/args';
import { runChecks } from '../verify/checks';
import { clusterReader, contextInfo, loadKubeConfig } from '../verify/client';
import { contextMismatch } from '../verify/context';
import { expectedFor, type Expected } from '../verify/expected';
import { nodeDebugChecks } from '../verify/node-debug';
import { writeMeasurement } from '../verify/measurements';
import { checkTable, measurementMarkdown, scaleTable } from '../verify/output';
import { scaleTest, type ScaleOutcome } from '../verify/scale';

const ROOT = path.resolve(__dirname, '../..');

function gitHead(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** The scale test launches GPU nodes: ask, or require --yes when nobody can answer. */
async function consent(a: VerifyArgs): Promise<boolean> {
  if (a.yes) return true;
  if (!process.stdin.isTTY) {
    console.error('--scale-test launches GPU nodes and costs money; pass --yes to confirm when not running interactively');
    return false;
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(`scale test of ${a.scaleTest} on ${a.env}: launches GPU nodes (billed by the second) for up to the modelled cold start plus scale-to-zero time. Continue? [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

async function scale(a: VerifyArgs, kc: ReturnType<typeof loadKubeConfig>): Promise<ScaleOutcome | undefined> {
  if (!a.scaleTest || !(await consent(a))) return undefined;
  const env = environments[a.env];
  const ctrlC = new AbortController();
  const onSigint = () => { console.error('interrupted: removing the load and cleaning up...'); ctrlC.abort(); };
  process.once('SIGINT', onSigint);
  try {
    return await scaleTest(kc, env, a.scaleTest, { timeoutSeconds: a.timeoutSeconds, signal: ctrlC.signal, log: (l) => console.error(l) });
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** How long the node debug Pod may take to pull busybox and print (then it is deleted). */
const NODE_DEBUG_TIMEOUT_MS = 120_000;

/** `--node-debug`: Ctrl-C ends the wait, and the Pod is still deleted before exiting. */
async function nodeDebug(e: Expected, kc: ReturnType<typeof loadKubeConfig>) {
  const ctrlC = new AbortController();
  const onSigint = () => { console.error('interrupted: deleting the debug pod...'); ctrlC.abort(); };
  process.once('SIGINT', onSigint);
  try {
    return await nodeDebugChecks(e, clusterReader(kc), kc, { timeoutMs: NODE_DEBUG_TIMEOUT_MS, signal: ctrlC.signal });
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const a = parseVerifyArgs(argv, Object.keys(environments));
  if (a.help) return console.log(VERIFY_USAGE), 0;
  const env = environments[a.env];
  const kc = loadKubeConfig(a.context);
  const mismatch = contextMismatch(contextInfo(kc), env.cluster.name);
  if (mismatch && !a.forceContext) return console.error(`refusing: ${mismatch}`), 2;
  const expected = expectedFor(env, renderEnvironment(env));
  const results = await runChecks(expected, clusterReader(kc), { revision: a.revision ?? gitHead() });
  if (a.nodeDebug) results.push(...(await nodeDebug(expected, kc)));
  const outcome = await scale(a, kc);
  if (a.scaleTest && !outcome) return 2;
  const date = new Date().toISOString().slice(0, 19) + 'Z';
  if (a.json) console.log(JSON.stringify({ env: env.name, date, checks: results, scale: outcome && { phase: outcome.clock.phase, times: outcome.clock.times, comparisons: outcome.comparisons, p2p: outcome.p2p } }, null, 2));
  else console.log([checkTable(results), ...(outcome ? ['', scaleTable(outcome.clock, outcome.comparisons), `p2p: ${outcome.p2p.ok ? 'ok' : 'FAIL'}  ${outcome.p2p.message}`] : [])].join('\n'));
  if (a.record && outcome) {
    const md = measurementMarkdown(env.name, date, a.scaleTest!, outcome.clock, outcome.comparisons, outcome.p2p.message);
    const files = writeMeasurement(ROOT, { env: env.name, date, workloads: [outcome.measured] }, md);
    console.error(`recorded ${files.map((f) => path.relative(ROOT, f)).join(', ')}: commit them, then npm run synth to show them in the budget report`);
  }
  return results.every((r) => r.ok) && (outcome?.ok ?? true) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    if (e instanceof UsageError) console.error(`${e.message}\n\n${VERIFY_USAGE}`);
    else console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  },
);
