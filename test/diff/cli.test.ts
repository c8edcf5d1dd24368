import { describe, expect, it } from 'vitest';
import { parseDiffArgs } from '../../src/tools/diff';

describe('npm run diff: command line', () => {
  it('parses --base, --json, --max-chars', () => {
    expect(parseDiffArgs([])).toEqual({ base: undefined, json: false, maxChars: undefined, help: false });
    expect(parseDiffArgs(['--base', 'origin/main', '--json'])).toEqual({ base: 'origin/main', json: true, maxChars: undefined, help: false });
    expect(parseDiffArgs(['--base=HEAD~1', '--max-chars', '20000'])).toMatchObject({ base: 'HEAD~1', maxChars: 20000 });
  });

  it('refuses unknown flags, stray arguments and bad numbers', () => {
    expect(() => parseDiffArgs(['--bsae', 'main'])).toThrow(/Unknown option '--bsae'/);
    expect(() => parseDiffArgs(['main'])).toThrow(/positional/);
    expect(() => parseDiffArgs(['--max-chars', 'lots'])).toThrow('--max-chars must be a whole number of at least 1000, got "lots"');
    expect(() => parseDiffArgs(['--base', ''])).toThrow('--base needs a git ref');
  });
});
