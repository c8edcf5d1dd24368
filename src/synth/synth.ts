import { ConfigError, type ConfigProblem } from '../config/errors';
import type { EnvironmentConfig } from '../config/types';
import { validateEnvironment } from '../config/validate';
import { timed } from './phases';
import { OUTPUT_ROOTS, environmentDirs, renderUnvalidated } from './render';
import { pruneEnvironments, writeAtomically } from './write';

/** Options of {@link synthEnvironment} and {@link synthEnvironments}. */
export interface SynthOptions {
  /** Project root the `dist/` and `argocd/` folders are written under. */
  readonly outdir: string;
}

/**
 * Validates and renders several environments, then writes them all or nothing:
 * an invalid config in any environment throws ConfigError (every problem of every
 * environment listed) before a single file is written.
 */
export function synthEnvironments(envs: readonly EnvironmentConfig[], options: SynthOptions): void {
  const problems: ConfigProblem[] = timed('validate', () => envs.flatMap((env) => [...validateEnvironment(env)]));
  if (problems.length > 0) throw new ConfigError(problems);
  const files = new Map<string, string>();
  // Validated above, every environment at once: rendering must not validate again.
  for (const env of envs) for (const [k, v] of renderUnvalidated(env)) files.set(k, v);
  timed('write', () => writeAtomically(options.outdir, envs.flatMap(environmentDirs), files));
}

/** Renders one environment into `<outdir>/dist/<env>` and `<outdir>/argocd/<env>`. */
export function synthEnvironment(env: EnvironmentConfig, options: SynthOptions): void {
  synthEnvironments([env], options);
}

/** Renders every environment and removes the output of environments that no longer exist. */
export function synthAll(envs: Readonly<Record<string, EnvironmentConfig>>, options: SynthOptions): void {
  synthEnvironments(Object.values(envs), options);
  pruneEnvironments(options.outdir, OUTPUT_ROOTS, Object.keys(envs));
}
