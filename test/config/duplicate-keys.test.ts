import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEnvironmentSources, duplicateKeys, ENVIRONMENT_SOURCES } from '../../src/config/duplicate-keys';

const ROOT = path.resolve(__dirname, '../..');

/** A scratch project root holding a copy of the environment sources. */
function scratchRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dup-keys-'));
  fs.cpSync(path.join(ROOT, ENVIRONMENT_SOURCES), path.join(root, ENVIRONMENT_SOURCES), { recursive: true });
  return root;
}

describe('duplicate keys in environment sources', () => {
  it('reports a repeated key of one object literal with file and line, at any depth', () => {
    const source = ["const a = {", "  services: {", "    chat: 1,", "    'embeddings': 2,", "    chat: 3,", "  },", "  embeddings: 4,", "};"].join('\n');
    expect(duplicateKeys('env.ts', source)).toEqual([
      { path: 'env.ts:5', message: 'key "chat" appears twice in this object (first on line 3); the later one silently replaces the earlier: remove or rename one' },
    ]);
  });

  it('allows a key after a spread (the override pattern), computed keys and a getter with its setter', () => {
    const source = "const k = 'x'; const a = { ...base, name: 'dev', [k]: 1, [k]: 2, get v() { return 1; }, set v(_: number) {} };";
    expect(duplicateKeys('env.ts', source)).toEqual([]);
  });

  it('finds none in the registered environment sources', () => {
    const dir = path.join(ROOT, ENVIRONMENT_SOURCES);
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      expect(duplicateKeys(f, fs.readFileSync(path.join(dir, f), 'utf8'))).toEqual([]);
    }
  });

  it('parses the sources again only after one changed, and never stamps a source with duplicates', () => {
    const root = scratchRoot();
    expect(checkEnvironmentSources(root)).toEqual([]);
    const stamp = path.join(root, '.cache/environment-sources.checked');
    expect(fs.existsSync(stamp)).toBe(true);
    const file = path.join(root, ENVIRONMENT_SOURCES, 'base.ts');
    const source = fs.readFileSync(file, 'utf8');
    const edited = source.replace('  gitops: {', "  gitops: { repoUrl: 'https://example.invalid/x.git' },\n  gitops: {");
    expect(edited).not.toBe(source);
    fs.writeFileSync(file, edited);
    // The inserted entry comes first; the original, now the repeat, follows on the next line.
    const first = edited.split('\n').findIndex((l) => l.startsWith('  gitops: {')) + 1;
    const expected = [
      { path: `${ENVIRONMENT_SOURCES}/base.ts:${first + 1}`, message: `key "gitops" appears twice in this object (first on line ${first}); the later one silently replaces the earlier: remove or rename one` },
    ];
    expect(checkEnvironmentSources(root)).toEqual(expected);
    // Not stamped: the next synth reports it again.
    expect(checkEnvironmentSources(root)).toEqual(expected);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
