/**
 * `npm run diff [-- --base <ref>] [--json] [--max-chars N]`: compares the rendered output committed
 * at a git ref (default: the merge base of HEAD and main) with the working tree, object by object,
 * and prints what each change will do, as Markdown for a pull-request comment or as JSON.
 * Exit codes: 0 report printed (changes or not), 2 usage error or unknown ref.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultBase, diffMarkdown, diffOutputs, gitTree, workTree } from '../diff';

const ROOT = path.resolve(__dirname, '../..');

export const USAGE = `usage: npm run diff [-- [--base <ref>] [--json] [--max-chars <n>]]

  --base <ref>      git ref whose committed dist/ and argocd/ are the "before"
                    (default: git merge-base HEAD main, else origin/main)
  --json            the whole report as JSON instead of Markdown
  --max-chars <n>   longest Markdown output (default: fits a GitHub comment)
  -h, --help        print this help

Compares with the working tree; run \`npm run synth\` first so dist/ is current.
exit codes: 0 report printed, 2 usage error or unknown ref`;

class UsageError extends Error {}

export interface DiffArgs {
  readonly base?: string;
  readonly json: boolean;
  readonly maxChars?: number;
  readonly help: boolean;
}

export function parseDiffArgs(argv: readonly string[]): DiffArgs {
  let values: { base?: string; json?: boolean; 'max-chars'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { base: { type: 'string' }, json: { type: 'boolean' }, 'max-chars': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const maxChars = values['max-chars'] === undefined ? undefined : Number(values['max-chars']);
  if (maxChars !== undefined && !(Number.isInteger(maxChars) && maxChars >= 1000)) throw new UsageError(`--max-chars must be a whole number of at least 1000, got "${values['max-chars']}"`);
  if (values.base !== undefined && values.base.trim() === '') throw new UsageError('--base needs a git ref');
  return { base: values.base, json: values.json ?? false, maxChars, help: values.help ?? false };
}

function main(argv: readonly string[]): number {
  let args: DiffArgs;
  try {
    args = parseDiffArgs(argv);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  let base;
  try {
    const ref = args.base ?? defaultBase(ROOT);
    base = gitTree(ROOT, ref);
    if (!args.base) base = { ...base, label: `merge base with main (${ref.slice(0, 7)})` };
  } catch (e) {
    const msg = (e as { stderr?: Buffer }).stderr?.toString().trim() || (e as Error).message;
    console.error(`cannot read the base: ${msg || `unknown git ref "${args.base}"`}\n\n${USAGE}`);
    return 2;
  }
  const head = workTree(ROOT);
  const report = diffOutputs(base.files(), head.files(), { base: base.label, head: head.label });
  process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : diffMarkdown(report, { maxChars: args.maxChars }));
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
