/** Arguments of `npm run verify`, parsed strictly (an unknown flag is a usage error, exit 2). */
import { parseArgs } from 'node:util';
import { UsageError } from '../synth/args';

export const VERIFY_USAGE = `usage: npm run verify -- --env <name> [options]

  --env <name>            environment whose config and rendered output the cluster must match
  --context <name>        kubeconfig context (default: the current one)
  --force-context         run even if the context's cluster does not look like the environment's
  --revision <commit>     Git commit the Applications must be synced to (default: git HEAD)
  --json                  print results as JSON
  --node-debug            also compare the registry-mirror files on one GPU node with the config
                          (starts a short-lived read-only Pod on the node, always deleted)
  --scale-test <workload> drive one workload from zero and back (launches GPU nodes: costs money)
  --yes                   confirm the scale test without asking (required when not interactive)
  --timeout <seconds>     bound the scale test (default: twice the modelled worst case, at least 900)
  --record                write measurements/<env>/<date>.md and .json
  -h, --help              print this help

exit codes: 0 every check passed, 1 a check failed, 2 usage error or refused context`;

export interface VerifyArgs {
  readonly env: string;
  readonly context?: string;
  readonly forceContext: boolean;
  readonly revision?: string;
  readonly json: boolean;
  readonly nodeDebug: boolean;
  readonly scaleTest?: string;
  readonly yes: boolean;
  readonly timeoutSeconds?: number;
  readonly record: boolean;
  readonly help: boolean;
}

export function parseVerifyArgs(argv: readonly string[], known: readonly string[]): VerifyArgs {
  let v: Record<string, string | boolean | undefined>;
  try {
    ({ values: v } = parseArgs({
      args: [...argv],
      options: {
        env: { type: 'string' }, context: { type: 'string' }, 'force-context': { type: 'boolean' }, revision: { type: 'string' },
        json: { type: 'boolean' }, 'node-debug': { type: 'boolean' }, 'scale-test': { type: 'string' }, yes: { type: 'boolean' }, timeout: { type: 'string' }, record: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const help = v.help === true;
  const env = v.env as string | undefined;
  if (!help && !env) throw new UsageError('--env is required');
  if (env && !known.includes(env)) throw new UsageError(`unknown environment "${env}"; choose from: ${known.join(', ')}`);
  const timeout = v.timeout === undefined ? undefined : Number(v.timeout);
  if (timeout !== undefined && !(timeout > 0)) throw new UsageError(`--timeout must be a positive number of seconds, not ${v.timeout}`);
  if (v.record && !v['scale-test']) throw new UsageError('--record needs --scale-test: only scale tests produce measurements');
  return {
    env: env ?? '', context: v.context as string | undefined, forceContext: v['force-context'] === true, revision: v.revision as string | undefined,
    json: v.json === true, nodeDebug: v['node-debug'] === true, scaleTest: v['scale-test'] as string | undefined, yes: v.yes === true, timeoutSeconds: timeout, record: v.record === true, help,
  };
}
