import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEnvironmentSources, duplicateKeys, ENVIRONMENT_SOURCES } from '../../src/config/duplicate-keys';

const ROOT = path.resolve(__dirname, '../..');

/** An environment source of the test's own: the object starts on line 1, `gitops` is on line 2. */
const SOURCE = ['export const shared = {', "  gitops: { repoUrl: 'https://git.example.org/a.git' },", '  nodes: {},', '};', ''].join('\n');

/** A scratch project root whose environment sources are two copies of SOURCE. */
function scratchRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dup-keys-'));
  const dir = path.join(root, ENVIRONMENT_SOURCES);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ['base.ts', 'one.ts']) fs.writeFileSync(path.join(dir, f), SOURCE);
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
    const source = "const k = 'x'; const a = { ...base, name: 'fixture', [k]: 1, [k]: 2, get v() { return 1; }, set v(_: number) {} };";
    expect(duplicateKeys('env.ts', source)).toEqual([]);
  });

  // Synth refuses duplicates, so this holds whatever the environments contain.
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
    // A second gitops entry after nodes (line 3) lands on line 4; the first is on line 2.
    const edited = SOURCE.replace('  nodes: {},', "  nodes: {},\n  gitops: { repoUrl: 'https://git.example.org/b.git' },");
    expect(edited).not.toBe(SOURCE);
    fs.writeFileSync(file, edited);
    const expected = [
      { path: `${ENVIRONMENT_SOURCES}/base.ts:4`, message: 'key "gitops" appears twice in this object (first on line 2); the later one silently replaces the earlier: remove or rename one' },
    ];
    expect(checkEnvironmentSources(root)).toEqual(expected);
    // Not stamped: the next synth reports it again.
    expect(checkEnvironmentSources(root)).toEqual(expected);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
