import { describe, expect, it } from 'vitest';
import { MAX_VALUE_CHARS, abbreviate, fieldChanges } from '../../src/diff';

describe('field changes', () => {
  it('paths: dotted keys, quoted keys with dots or slashes, lists of named items by name', () => {
    const a = {
      metadata: { annotations: { 'argocd.argoproj.io/sync-wave': '1' } },
      spec: { containers: [{ name: 'app', image: 'a:1' }, { name: 'sidecar', image: 's:1' }] },
    };
    const b = {
      metadata: { annotations: { 'argocd.argoproj.io/sync-wave': '2' } },
      spec: { containers: [{ name: 'init', image: 'i:1' }, { name: 'app', image: 'a:2' }, { name: 'sidecar', image: 's:1' }] },
    };
    expect(fieldChanges(a, b)).toEqual([
      { path: 'metadata.annotations["argocd.argoproj.io/sync-wave"]', old: '1', new: '2' },
      { path: 'spec.containers[name=app].image', old: 'a:1', new: 'a:2' },
      { path: 'spec.containers[name=init]', new: '{"name":"init","image":"i:1"}' },
    ]);
  });

  it('lists of scalars: one change naming what was added and removed', () => {
    expect(fieldChanges({ v: ['a', 'b', 'c'] }, { v: ['a', 'c', 'd'] })).toEqual([{ path: 'v', old: '[a, b, c] (-b)', new: '[a, c, d] (+d)' }]);
    expect(fieldChanges({ v: ['a', 'b'] }, { v: ['b', 'a'] })).toEqual([{ path: 'v', old: '[a, b]', new: '[b, a] (reordered)' }]);
  });

  it('lists of unnamed objects: by index, extra items added or removed', () => {
    expect(fieldChanges({ r: [{ x: 1 }] }, { r: [{ x: 2 }, { x: 3 }] })).toEqual([
      { path: 'r[0].x', old: '1', new: '2' },
      { path: 'r[1]', new: '{"x":3}' },
    ]);
  });

  it('abbreviates long values, and shows multi-line text around the first changed line', () => {
    const long = 'x'.repeat(500);
    expect(abbreviate(long)).toHaveLength(MAX_VALUE_CHARS);
    expect(abbreviate(long).endsWith('…')).toBe(true);
    const text = (n: number) => Array.from({ length: 40 }, (_, i) => (i === 12 ? `line twelve v${n}` : `line ${i}`)).join('\n');
    expect(fieldChanges({ t: text(1) }, { t: text(2) })).toEqual([{ path: 't', old: 'line 13: line twelve v1', new: 'line 13: line twelve v2' }]);
    expect(fieldChanges({ t: 'a\nb\nc' }, { t: 'a\nb\nx\nc' })).toEqual([{ path: 't', old: '3 lines', new: '+1 line at line 3: x' }]);
    const one = (s: string) => `${'p'.repeat(200)}${s}${'q'.repeat(200)}`;
    const [c] = fieldChanges({ t: one('OLD') }, { t: one('NEW') });
    expect(c.old).toMatch(/^…p+OLDq+…$/);
    expect(c.new).toMatch(/^…p+NEWq+…$/);
    expect(c.old!.length).toBeLessThanOrEqual(MAX_VALUE_CHARS + 1);
  });
});
