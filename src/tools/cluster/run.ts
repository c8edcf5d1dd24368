/** The loop both CLIs share: one etcd, one API server per environment, a report per environment. */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { environments } from '../../config/environments';
import { UsageError } from '../../synth/args';
import { checkEnvironment, type EnvironmentCheck } from './check';
import { scratchDir, startEtcd } from './control-plane';
import type { K8sObject } from './plan';

/**
 * The command line of a cluster tool: `--env a --env=b` (repeatable; every environment when
 * none is named) and the string options `extra` names, each repeatable. Parsed strictly by
 * Node's `util.parseArgs`, like `npm run synth`: an unknown flag or stray argument is a
 * UsageError (exit 2), never ignored.
 */
export function toolArgs(argv: readonly string[], extra: readonly string[] = []): { envs: string[]; options: Record<string, string[]> } {
  const options = Object.fromEntries(['env', ...extra].map((name) => [name, { type: 'string' as const, multiple: true }]));
  let values: Record<string, string[] | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }) as { values: Record<string, string[] | undefined> });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const names = [...new Set(values.env ?? [])];
  const unknown = names.filter((n) => !environments[n]);
  if (unknown.length) throw new UsageError(`unknown environment ${unknown.map((n) => `"${n}"`).join(', ')}; choose from: ${Object.keys(environments).join(', ')}`);
  const rest = Object.fromEntries(extra.map((name) => [name, values[name] ?? []]));
  return { envs: names.length ? names : Object.keys(environments), options: rest };
}

function report(c: EnvironmentCheck): void {
  console.log(`${c.env}: ${c.applied} objects applied, ${c.pods} pods admitted as dry runs, ${c.enforcePolicies} Enforce policies evaluated; ${c.findings.length} findings`);
  for (const f of c.findings) console.log(`  - ${f.id}\n      ${f.message.replace(/\n/g, '\n      ')}`);
}

/** Checks each environment; returns the number of findings. */
export async function checkEnvironments(
  root: string,
  envs: readonly string[],
  charts: (env: string) => ReadonlyMap<string, readonly K8sObject[]> | undefined = () => undefined,
): Promise<number> {
  const work = scratchDir();
  const etcd = await startEtcd(work);
  let findings = 0;
  try {
    for (const env of envs) {
      const c = await checkEnvironment({ root, env, charts: charts(env), etcd: etcd.url, serviceCidr: environments[env].platform.network.serviceCidr, workDir: work });
      report(c);
      findings += c.findings.length;
    }
  } finally {
    await etcd.stop();
  }
  fs.rmSync(work, { recursive: true, force: true });
  return findings;
}

/** Runs a CLI body: exit 0 clean, 1 findings, 2 a tool or chart source unavailable. */
export function runCli(body: () => Promise<number>, isUnavailable: (e: Error) => boolean): void {
  body().then(
    (code) => process.exit(code),
    (e: Error) => {
      // Exit 2: the check could not run here (usage error, missing tool); 1: it ran and found problems.
      const cannotRun = e instanceof UsageError || isUnavailable(e);
      console.error(cannotRun ? e.message : e.stack);
      process.exit(cannotRun ? 2 : 1);
    },
  );
}
