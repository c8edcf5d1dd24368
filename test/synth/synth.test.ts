import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, synthEnvironment, synthEnvironments } from '../../src';
import { fixtureEnvironment, siblingOf } from '../fixtures/environment';
import { withOverride } from '../support/rendered';
import { scratchDir } from '../support/scratch';

const tmp = () => scratchDir('synth-test');
const snapshotDir = (dir: string) =>
  Object.fromEntries(
    fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
      .map((e) => [path.relative(dir, path.join(e.parentPath, e.name)), fs.readFileSync(path.join(e.parentPath, e.name), 'utf8')]),
  );

const fixture = fixtureEnvironment();
const other = siblingOf(fixture, 'other', '10.251.0.0/16');

describe('synth', () => {
  it('writes one folder per Application under dist/<env>, and only for the environment asked for', () => {
    const out = tmp();
    synthEnvironment(fixture, { outdir: out });
    expect(fs.readdirSync(path.join(out, 'dist'))).toEqual(['fixture']);
    expect(fs.readdirSync(path.join(out, 'dist/fixture'))).toContain('namespaces');
    expect(fs.existsSync(path.join(out, `dist/fixture/namespaces/namespace.${fixture.workloads.namespace}.yaml`))).toBe(true);
  });

  it('replaces stale files of the environment it renders', () => {
    const out = tmp();
    fs.mkdirSync(path.join(out, 'dist/fixture/removed-app'), { recursive: true });
    fs.writeFileSync(path.join(out, 'dist/fixture/removed-app/old.yaml'), 'x');
    synthEnvironment(fixture, { outdir: out });
    expect(fs.existsSync(path.join(out, 'dist/fixture/removed-app'))).toBe(false);
  });

  it('on an invalid config lists every problem of every env and writes nothing', () => {
    const out = tmp();
    synthEnvironments([fixture, other], { outdir: out });
    const before = snapshotDir(out);
    const badFixture = withOverride(fixture, (d) => (d.cluster.accountId = 'abc'));
    const badOther = withOverride(other, (d) => (d.gitops.targetRevision = ' '));
    let error: unknown;
    try {
      synthEnvironments([badFixture, badOther], { outdir: out });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.path)).toEqual([
      // fixture's shape is wrong, so its rules (the registry host follows the account) wait for a fix.
      'fixture.cluster.accountId',
      'other.gitops.targetRevision',
    ]);
    expect((error as Error).message).toContain('  - fixture.cluster.accountId: "abc" must be the 12-digit AWS account id');
    expect(snapshotDir(out)).toEqual(before);
  });
});
