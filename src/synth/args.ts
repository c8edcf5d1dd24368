/**
 * Arguments of `npm run synth`, parsed strictly by Node's own `util.parseArgs`: an unknown or
 * misspelled flag (`--dryrun`) or a stray argument is a usage error, never ignored.
 */
import { parseArgs } from 'node:util';

export const USAGE = `usage: npm run synth [-- [--env <name>]... [--dry-run]]

  --env <name>   render only this environment (repeatable; --env=<name> works too)
  --dry-run      validate and render in memory, write nothing
  -h, --help     print this help

exit codes: 0 rendered, 1 invalid configuration (every problem listed, nothing written),
            2 usage error (unknown flag, stray argument, unknown environment)`;

/** A command line that cannot be run; printed with the usage, exit code 2. */
export class UsageError extends Error {}

export interface SynthArgs {
  readonly envs: readonly string[];
  readonly dryRun: boolean;
  readonly help: boolean;
}

export function parseSynthArgs(argv: readonly string[], known: readonly string[]): SynthArgs {
  let values: { env?: string[]; 'dry-run'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { env: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (known.length === 0) throw new UsageError('no environment is registered in src/config/environments/index.ts; refusing to prune dist/ and argocd/');
  const envs = [...new Set(values.env ?? [])];
  const unknown = envs.filter((n) => !known.includes(n));
  if (unknown.length) throw new UsageError(`unknown environment ${unknown.map((n) => `"${n}"`).join(', ')}; choose from: ${known.join(', ')}`);
  return { envs, dryRun: values['dry-run'] ?? false, help: values.help ?? false };
}
