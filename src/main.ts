/**
 * `npm run synth [-- --env <name>] [--dry-run]`: renders every environment (or one) into dist/
 * and argocd/. Exits 1 with every config problem listed, leaving dist/ and argocd/ untouched.
 * `--dry-run` validates and renders in memory only.
 */
import * as path from 'node:path';
import { environments } from './config/environments';
import { ConfigError } from './config/errors';
import { renderEnvironment } from './synth/render';
import { synthAll, synthEnvironment } from './synth/synth';

function selectedEnv(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--env');
  if (i < 0) return undefined;
  const name = argv[i + 1];
  if (!name || !environments[name]) {
    throw new ConfigError([{ path: '--env', message: `unknown environment "${name ?? ''}"; choose one of: ${Object.keys(environments).join(', ')}` }]);
  }
  return name;
}

function main(): void {
  const outdir = path.resolve(__dirname, '..');
  const argv = process.argv.slice(2);
  const only = selectedEnv(argv);
  if (argv.includes('--dry-run')) {
    for (const name of only ? [only] : Object.keys(environments)) {
      console.log(`would render ${name} (${renderEnvironment(environments[name]).size} files)`);
    }
    return;
  }
  if (only) synthEnvironment(environments[only], { outdir });
  else synthAll(environments, { outdir });
  console.log(`rendered ${only ?? Object.keys(environments).join(', ')}`);
}

try {
  main();
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : (e as Error).stack);
  process.exit(1);
}
