import type { ConfigProblem } from '../errors';

/** Collects problems under a path prefix; rules call `at(path).fail(message)`. */
export class Problems {
  readonly list: ConfigProblem[] = [];

  fail(path: string, message: string): void {
    this.list.push({ path, message });
  }

  /** Fails unless `ok`; returns `ok` so callers can skip dependent checks. */
  check(ok: boolean, path: string, message: string): boolean {
    if (!ok) this.fail(path, message);
    return ok;
  }
}

/** A rule inspects one environment and reports problems under `<env>.`. */
export type Rule<T> = (config: T, problems: Problems, prefix: string) => void;
