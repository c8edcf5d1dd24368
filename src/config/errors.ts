/** One configuration problem: where it is and what to do about it. */
export interface ConfigProblem {
  /** Path in the environment config, e.g. `dev.nodePools.gpu.limits.gpus`. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** Thrown when a configuration is invalid; its message lists every problem with its path. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly ConfigProblem[]) {
    super(`invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function formatProblem(p: ConfigProblem): string {
  return `  - ${p.path}: ${p.message}`;
}
