import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/rendered';

/** A mirror directory (README, "Bump a chart or CRD version"), named by IMPORT_MIRROR. */
const MIRROR = process.env.IMPORT_MIRROR ? path.resolve(process.env.IMPORT_MIRROR) : '';
const hasMirror = MIRROR !== '' && fs.existsSync(path.join(MIRROR, 'crds'));

const listAll = (dir: string): string[] =>
  fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();

/** Needs a mirror of the pinned sources (IMPORT_MIRROR): skipped without one. */
describe.skipIf(!hasMirror)('re-import from the pinned mirror', () => {
  it('reproduces imports/ byte for byte', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'reimport-'));
    execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/tools/import.ts', '--mirror', MIRROR, '--out', out], { cwd: ROOT, stdio: 'pipe' });
    const committed = path.join(ROOT, 'imports');
    expect(listAll(out)).toEqual(listAll(committed));
    for (const f of listAll(committed)) expect(fs.readFileSync(path.join(out, f), 'utf8') === fs.readFileSync(path.join(committed, f), 'utf8'), f).toBe(true);
  }, 120_000);
});
