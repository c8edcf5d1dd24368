import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

/**
 * A new directory under the OS temp dir, removed when the test that made it finishes (or, made
 * while a suite is collected, after that suite): synth tests write whole output trees, and
 * thousands left behind slow every later run's file system work.
 */
export function scratchDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    onTestFinished(remove);
  } catch {
    afterAll(remove);
  }
  return dir;
}
