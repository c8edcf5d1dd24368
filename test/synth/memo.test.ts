import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthEnvironment } from '../../src';
import { synthAll } from '../../src/synth/synth';
import { MEMO_VERSION, YamlMemo, documentKey, memoFile, readMemo, writeMemo } from '../../src/synth/memo';
import { renderUnvalidated } from '../../src/synth/render';
import { toYaml } from '../../src/synth/serialize';
import { fixtureEnvironment, siblingOf } from '../fixtures/environment';
import { withOverride } from '../support/rendered';
import { scratchDir } from '../support/scratch';

const fixture = fixtureEnvironment();
/** The fixture with one more pod in its workload namespace's quota: one document changes. */
const edited = withOverride(fixture, (d) => (d.namespaces[d.workloads.namespace].quota.pods += 1));
const quotaFile = (files: ReadonlyMap<string, string>) => [...files].find(([f]) => f.includes('/resourcequota.'))![1];
const rendered = (dir: string) => {
  const folder = path.join(dir, `dist/${fixture.name}/namespaces`);
  return fs.readFileSync(path.join(folder, fs.readdirSync(folder).find((f) => f.startsWith('resourcequota.'))!), 'utf8');
};

describe('documentKey', () => {
  it('tells apart values js-yaml prints differently', () => {
    const pairs: [unknown, unknown][] = [
      [{ a: Number.NaN }, { a: null }],
      [{ a: -0 }, { a: 0 }],
      [{ a: new Date(0) }, { a: new Date(0).toISOString() }],
      [{ a: 'true' }, { a: true }],
      [{ a: '1' }, { a: 1 }],
      [{ a: [] }, { a: {} }],
    ];
    for (const [x, y] of pairs) {
      expect(toYaml(x), JSON.stringify([x, y])).not.toBe(toYaml(y));
      expect(documentKey(x)).not.toBe(documentKey(y));
    }
  });

  it('gives equal documents built separately one key, and none to what is not plain data', () => {
    const holey = [1, 2];
    holey.length = 3;
    expect(documentKey({ a: [1, { b: 'c' }] })).toBe(documentKey({ a: [1, { b: 'c' }] }));
    expect(documentKey({ a: [1, 2].map((x) => x) })).toBe(documentKey({ a: [1, 2] }));
    expect(documentKey({ a: 1, b: undefined })).toBe(documentKey({ a: 1 }));
    for (const odd of [Number.NaN, Infinity, -0, new Date(0), new Map(), () => 1, holey, [undefined], 1n]) {
      expect(documentKey({ a: odd }), String(odd)).toBeUndefined();
    }
  });
});

describe('YamlMemo', () => {
  it('prints what toYaml prints, and the next synth dumps nothing it already holds', () => {
    const first = new YamlMemo();
    const cold = renderUnvalidated(fixture);
    expect(renderUnvalidated(fixture, { memo: first })).toEqual(cold);
    expect(first.misses).toBeGreaterThan(10);
    const second = new YamlMemo(first.entries());
    expect(renderUnvalidated(fixture, { memo: second })).toEqual(cold);
    expect(second.misses).toBe(0);
    expect(second.changed).toBe(false);
  });

  it('dumps a changed document again and forgets entries no document used', () => {
    const first = new YamlMemo();
    renderUnvalidated(fixture, { memo: first });
    const second = new YamlMemo(first.entries());
    const files = renderUnvalidated(edited, { memo: second });
    expect(files).toEqual(renderUnvalidated(edited));
    expect(second.misses).toBe(1);
    expect(second.changed).toBe(true);
    const entries = [...second.entries().values()];
    expect(entries).toContain(quotaFile(files));
    expect(entries).not.toContain(quotaFile(renderUnvalidated(fixture)));
  });
});

describe('memo files', () => {
  it('synth keeps one per environment under .cache/yaml, holding what toYaml printed', () => {
    const out = scratchDir('memo-test');
    synthEnvironment(fixture, { outdir: out });
    const data = JSON.parse(fs.readFileSync(memoFile(out, fixture.name), 'utf8')) as { version: string; entries: Record<string, string> };
    expect(memoFile(out, fixture.name)).toBe(path.join(out, '.cache/yaml/fixture.json'));
    expect(data.version).toBe(MEMO_VERSION);
    expect(Object.values(data.entries)).toContain(rendered(out));
  });

  it('a synth after an edit writes what a synth without a memo writes', () => {
    const [warm, cold] = [scratchDir('memo-test'), scratchDir('memo-test')];
    synthEnvironment(fixture, { outdir: warm });
    synthEnvironment(edited, { outdir: warm });
    synthEnvironment(edited, { outdir: cold });
    expect(rendered(warm)).toBe(rendered(cold));
    expect(rendered(warm)).toContain(`pods: '${edited.namespaces[edited.workloads.namespace].quota!.pods}'`);
  });

  it('go with the environments they belong to', () => {
    const out = scratchDir('memo-test');
    const other = siblingOf(fixture, 'other', '10.251.0.0/16');
    synthAll({ fixture, other }, { outdir: out });
    expect(fs.readdirSync(path.join(out, '.cache/yaml')).sort()).toEqual(['fixture.json', 'other.json']);
    synthAll({ fixture }, { outdir: out });
    expect(fs.readdirSync(path.join(out, '.cache/yaml'))).toEqual(['fixture.json']);
  });

  it('ignores a file another version wrote, or one that is not JSON', () => {
    const file = path.join(scratchDir('memo-test'), 'memo.json');
    const key = documentKey({ a: 1 })!;
    fs.writeFileSync(file, JSON.stringify({ version: 'js-yaml 0.0.0', entries: { [key]: 'a: 2\n' } }));
    expect(readMemo(file).toYaml({ a: 1 })).toBe('a: 1\n');
    fs.writeFileSync(file, '{"version"');
    expect(readMemo(file).toYaml({ a: 1 })).toBe('a: 1\n');
  });

  it('is read back as written, and not rewritten when nothing changed', () => {
    const file = path.join(scratchDir('memo-test'), 'yaml', 'env.json');
    const memo = new YamlMemo();
    memo.toYaml({ a: 1 });
    writeMemo(file, memo);
    const again = readMemo(file);
    expect(again.toYaml({ a: 1 })).toBe('a: 1\n');
    expect(again.misses).toBe(0);
    fs.rmSync(file);
    writeMemo(file, again);
    expect(fs.existsSync(file)).toBe(false);
  });
});
