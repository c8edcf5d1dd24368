/**
 * `npm run synth [-- --env <name>]... [--dry-run]`: renders every environment (or the named
 * ones) into dist/ and argocd/. Exits 1 with every config problem listed, leaving dist/ and
 * argocd/ untouched; 2 on a usage error. `--dry-run` validates and renders in memory only.
 */
import * as path from 'node:path';
import { environments } from './config/environments';
import { checkEnvironmentSources } from './config/duplicate-keys';
import { ConfigError } from './config/errors';
import { parseSynthArgs, UsageError, USAGE } from './synth/args';
import { PHASES_ENV, phaseTimes, timed } from './synth/phases';
import { renderEnvironment } from './synth/render';
import { synthAll, synthEnvironments } from './synth/synth';

// Every module is loaded by now: the time since the process started is the load phase.
const loaded = performance.now();

function main(): void {
  const outdir = path.resolve(__dirname, '..');
  const args = parseSynthArgs(process.argv.slice(2), Object.keys(environments));
  if (args.help) return console.log(USAGE);
  const names = args.envs.length ? args.envs : Object.keys(environments);
  // The config objects cannot show a duplicate key (the earlier entry is gone): the sources can.
  const duplicates = timed('validate', () => checkEnvironmentSources(outdir));
  if (duplicates.length > 0) throw new ConfigError(duplicates);
  if (args.dryRun) {
    for (const name of names) console.log(`would render ${name} (${renderEnvironment(environments[name]).size} files)`);
    return;
  }
  if (args.envs.length) synthEnvironments(names.map((n) => environments[n]), { outdir, registry: Object.values(environments) });
  else synthAll(environments, { outdir });
  console.log(`rendered ${names.join(', ')}`);
}

/** For `npm run bench`: milliseconds per phase, as JSON on stderr. */
function reportPhases(): void {
  if (process.env[PHASES_ENV]) console.error(JSON.stringify({ load: loaded, ...phaseTimes() }));
}

try {
  main();
  reportPhases();
} catch (e) {
  reportPhases();
  if (e instanceof UsageError) {
    console.error(`${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(e instanceof ConfigError ? e.message : (e as Error).stack);
  process.exit(1);
}
