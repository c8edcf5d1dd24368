/** The loop both CLIs share: one etcd, one API server per environment, a report per environment. */
import * as fs from 'node:fs';
import { environments } from '../../config/environments';
import { checkEnvironment, type EnvironmentCheck } from './check';
import { scratchDir, startEtcd } from './control-plane';
import type { K8sObject } from './plan';

/** `--env a --env=b` (repeatable); every environment when none is named. */
export function selectedEnvironments(argv: readonly string[]): string[] {
  const names = argv.flatMap((a, i) => (a === '--env' ? [argv[i + 1]] : a.startsWith('--env=') ? [a.slice(6)] : []));
  for (const n of names) if (!environments[n]) throw new Error(`unknown environment "${n}"; choose from ${Object.keys(environments).join(', ')}`);
  return names.length ? names : Object.keys(environments);
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
      console.error(isUnavailable(e) ? e.message : e.stack);
      process.exit(isUnavailable(e) ? 2 : 1);
    },
  );
}
