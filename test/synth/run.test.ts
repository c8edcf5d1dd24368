import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/rendered';

/** A scratch copy of the project whose src/ can be edited (imports/ and node_modules/ linked). */
function scratchProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-run-'));
  for (const f of ['src', 'package.json', 'package-lock.json', 'tsconfig.json']) fs.cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  for (const d of ['imports', 'node_modules']) fs.symlinkSync(path.join(ROOT, d), path.join(dir, d));
  return dir;
}

const synth = (dir: string) => execFileSync(process.execPath, ['src/synth/run.cjs', '--env', 'dev', '--dry-run'], { cwd: dir, encoding: 'utf8' });

describe('npm run synth (cached bundle)', () => {
  it('never runs a stale bundle: an edit shows in the next synth, even one that keeps the old mtime', () => {
    const dir = scratchProject();
    const main = path.join(dir, 'src/main.ts');
    expect(synth(dir)).toContain('would render dev');
    fs.appendFileSync(main, "\nconsole.log('first edit');\n");
    expect(synth(dir)).toContain('first edit');
    const { atime, mtime } = fs.statSync(main);
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace('first edit', 'other edit'));
    fs.utimesSync(main, atime, mtime);
    expect(synth(dir)).toContain('other edit');
  }, 60_000);

  it('refuses a duplicate key in an environment source with exit code 1, naming file and line', () => {
    const dir = scratchProject();
    const file = path.join(dir, 'src/config/environments/base.ts');
    const source = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, source.replace('  gitops: {', "  gitops: { targetRevision: 'x' },\n  gitops: {"));
    const run = spawnSync(process.execPath, ['src/synth/run.cjs', '--dry-run'], { cwd: dir, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/- src\/config\/environments\/base\.ts:\d+: key "gitops" appears twice in this object/);
    expect(run.stdout).not.toContain('would render');
  }, 60_000);
});
