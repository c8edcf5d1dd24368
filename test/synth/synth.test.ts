import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, environments, synthEnvironment, synthEnvironments } from '../../src';
import { ROOT, withOverride } from '../support/rendered';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'synth-test-'));
const snapshotDir = (dir: string) =>
  Object.fromEntries(
    fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
      .map((e) => [path.relative(dir, path.join(e.parentPath, e.name)), fs.readFileSync(path.join(e.parentPath, e.name), 'utf8')]),
  );

describe('synth', () => {
  it('writes one folder per Application under dist/<env>', () => {
    const out = tmp();
    synthEnvironment(environments.dev, { outdir: out });
    expect(fs.readdirSync(path.join(out, 'dist/dev'))).toContain('namespaces');
    expect(fs.existsSync(path.join(out, 'dist/dev/namespaces/namespace.inference.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'dist/prod'))).toBe(false);
  });

  it('replaces stale files of the environment it renders', () => {
    const out = tmp();
    fs.mkdirSync(path.join(out, 'dist/dev/removed-app'), { recursive: true });
    fs.writeFileSync(path.join(out, 'dist/dev/removed-app/old.yaml'), 'x');
    synthEnvironment(environments.dev, { outdir: out });
    expect(fs.existsSync(path.join(out, 'dist/dev/removed-app'))).toBe(false);
  });

  it('on an invalid config lists every problem of every env and writes nothing', () => {
    const out = tmp();
    synthEnvironments([environments.dev, environments.prod], { outdir: out });
    const before = snapshotDir(out);
    const badDev = withOverride(environments.dev, (d) => (d.cluster.accountId = 'abc'));
    const badProd = withOverride(environments.prod, (d) => (d.gitops.targetRevision = ' '));
    let error: unknown;
    try {
      synthEnvironments([badDev, badProd], { outdir: out });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.path)).toEqual([
      // dev's shape is wrong, so its rules (the registry host follows the account) wait for a fix.
      'dev.cluster.accountId',
      'prod.gitops.targetRevision',
    ]);
    expect((error as Error).message).toContain('  - dev.cluster.accountId: "abc" must be the 12-digit AWS account id');
    expect(snapshotDir(out)).toEqual(before);
  });

  it('the CLI exits 2 with usage on a bad command line and renders a named environment', () => {
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
    const bad = spawnSync(tsx, ['src/main.ts', '--dryrun'], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--dryrun'");
    expect(bad.stderr).toContain('usage: npm run synth');
    const first = Object.keys(environments)[0];
    expect(execFileSync(tsx, ['src/main.ts', `--env=${first}`, '--dry-run'], { cwd: ROOT, encoding: 'utf8' })).toContain(`would render ${first}`);
  });
});
