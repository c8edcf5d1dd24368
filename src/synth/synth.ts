import { ConfigError, type ConfigProblem } from '../config/errors';
import type { EnvironmentConfig } from '../config/types';
import { crossEnvironmentProblems } from '../config/rules/cross-environment';
import { validateEnvironment } from '../config/validate';
import { memoFile, pruneMemos, readMemo, writeMemo } from './memo';
import { timed } from './phases';
import { OUTPUT_ROOTS, environmentDirs, renderUnvalidated } from './render';
import { pruneEnvironments, writeAtomically } from './write';

/** Options of {@link synthEnvironment} and {@link synthEnvironments}. */
export interface SynthOptions {
  /** Project root the `dist/` and `argocd/` folders are written under. */
  readonly outdir: string;
  /**
   * Every environment of the registry, for the checks across environments (cluster names, VPC
   * CIDRs, public hosts) when only some are rendered. @default the environments rendered
   */
  readonly registry?: readonly EnvironmentConfig[];
}

/**
 * Validates and renders several environments, then writes them all or nothing:
 * an invalid config in any environment throws ConfigError (every problem of every
 * environment listed) before a single file is written.
 */
export function synthEnvironments(envs: readonly EnvironmentConfig[], options: SynthOptions): void {
  const problems: ConfigProblem[] = timed('validate', () => {
    const each = envs.flatMap((env) => [...validateEnvironment(env)]);
    // Across environments only once each is valid on its own (the pairs compare valid fields).
    return each.length > 0 ? each : crossEnvironmentProblems(options.registry ?? envs);
  });
  if (problems.length > 0) throw new ConfigError(problems);
  const files = new Map<string, string>();
  const memos = envs.map((env) => ({ file: memoFile(options.outdir, env.name), memo: timed('serialize', () => readMemo(memoFile(options.outdir, env.name))) }));
  // Validated above, every environment at once: rendering must not validate again.
  envs.forEach((env, i) => {
    for (const [k, v] of renderUnvalidated(env, { memo: memos[i].memo, root: options.outdir })) files.set(k, v);
  });
  timed('write', () => {
    writeAtomically(options.outdir, envs.flatMap(environmentDirs), files);
    // After the output: a memo never holds YAML of a synth that failed to write.
    for (const { file, memo } of memos) writeMemo(file, memo);
  });
}

/** Renders one environment into `<outdir>/dist/<env>` and `<outdir>/argocd/<env>`. */
export function synthEnvironment(env: EnvironmentConfig, options: SynthOptions): void {
  synthEnvironments([env], options);
}

/** Renders every environment and removes the output of environments that no longer exist. */
export function synthAll(envs: Readonly<Record<string, EnvironmentConfig>>, options: SynthOptions): void {
  synthEnvironments(Object.values(envs), options);
  pruneEnvironments(options.outdir, OUTPUT_ROOTS, Object.keys(envs));
  pruneMemos(options.outdir, Object.keys(envs));
}
