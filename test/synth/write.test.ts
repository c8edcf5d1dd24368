import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomically } from '../../src/synth/write';
import { scratchDir } from '../support/scratch';

const tmp = () => scratchDir('write-test');
const files = new Map([['dist/a/x.yaml', 'x'], ['dist/a/sub/y.yaml', 'y'], ['dist/b/z.yaml', 'z']]);
const inode = (out: string, dir: string) => fs.statSync(path.join(out, dir)).ino;

describe('writeAtomically', () => {
  it('leaves a directory that already holds exactly its files untouched, and replaces one that differs', () => {
    const out = tmp();
    writeAtomically(out, ['dist/a', 'dist/b'], files);
    const before = { a: inode(out, 'dist/a'), b: inode(out, 'dist/b') };
    writeAtomically(out, ['dist/a', 'dist/b'], new Map([...files, ['dist/b/z.yaml', 'z2']]));
    expect(inode(out, 'dist/a')).toBe(before.a);
    expect(inode(out, 'dist/b')).not.toBe(before.b);
    expect(fs.readFileSync(path.join(out, 'dist/b/z.yaml'), 'utf8')).toBe('z2');
  });

  it('rewrites a directory with an extra or a missing file', () => {
    const out = tmp();
    writeAtomically(out, ['dist/a', 'dist/b'], files);
    fs.writeFileSync(path.join(out, 'dist/a/stale.yaml'), 'old');
    fs.rmSync(path.join(out, 'dist/b/z.yaml'));
    writeAtomically(out, ['dist/a', 'dist/b'], files);
    expect(fs.existsSync(path.join(out, 'dist/a/stale.yaml'))).toBe(false);
    expect(fs.readFileSync(path.join(out, 'dist/b/z.yaml'), 'utf8')).toBe('z');
  });

  it('refuses a file outside the directories it owns', () => {
    expect(() => writeAtomically(tmp(), ['dist/a'], files)).toThrow('dist/b/z.yaml is outside the directories this synth owns (dist/a)');
  });
});
