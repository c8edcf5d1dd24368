import { describe, expect, it } from 'vitest';
import { parseSynthArgs, UsageError } from '../../src/synth/args';

const known = ['alpha', 'beta'];

describe('parseSynthArgs', () => {
  it('takes --env in both spellings, repeated, and --dry-run', () => {
    expect(parseSynthArgs(['--env', 'alpha', '--env=beta', '--dry-run'], known)).toEqual({ envs: ['alpha', 'beta'], dryRun: true, help: false });
    expect(parseSynthArgs([], known)).toEqual({ envs: [], dryRun: false, help: false });
    expect(parseSynthArgs(['-h'], known).help).toBe(true);
  });

  it.each([
    [['--dryrun'], "Unknown option '--dryrun'"],
    [['alpha'], "Unexpected argument 'alpha'"],
    [['--env'], "Option '--env <value>' argument missing"],
    [['--env', 'gamma', '--env', 'delta'], 'unknown environment "gamma", "delta"; choose from: alpha, beta'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseSynthArgs(argv, known)).toThrow(UsageError);
    expect(() => parseSynthArgs(argv, known)).toThrow(message);
  });

  it('refuses an empty environment registry instead of pruning every output folder', () => {
    expect(() => parseSynthArgs([], [])).toThrow('no environment is registered in src/config/environments/index.ts; refusing to prune dist/ and argocd/');
  });
});
