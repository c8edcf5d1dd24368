import { describe, expect, it } from 'vitest';
import { chartKeyPaths } from '../../src/tools/chart-keys';
import { mirrorPathFor } from '../../src/tools/import';

describe('import: mirror lookup', () => {
  const files = [
    '/m/crds/karpenter/v1.9.0/karpenter.sh_nodepools.yaml',
    '/m/crds/a/v1.0.0/same.yaml',
    '/m/crds/b/v2.0.0/same.yaml',
  ];
  it('finds a mirror file by name, and by the URL tag when names repeat', () => {
    expect(mirrorPathFor('https://x/aws/karpenter-provider-aws/v1.9.0/pkg/apis/crds/karpenter.sh_nodepools.yaml', files)).toBe(files[0]);
    expect(mirrorPathFor('https://x/b/v2.0.0/same.yaml', files)).toBe(files[2]);
  });
  it('fails when the mirror lacks the file or cannot tell copies apart', () => {
    expect(() => mirrorPathFor('https://x/v9/missing.yaml', files)).toThrow('https://x/v9/missing.yaml: expected one mirror file named missing.yaml, found 0');
    expect(() => mirrorPathFor('https://x/v3/same.yaml', files)).toThrow('found 2');
  });
});

describe('import: chart key paths', () => {
  it('flattens values and schema into key paths with their default shapes', () => {
    const values = { replicas: 2, podAnnotations: {}, controller: { tolerations: [{ key: 'a' }], env: null }, 'x.y': { z: 1 } };
    const schema = { properties: { extra: { type: 'object', properties: { enabled: { type: 'boolean' } } } } };
    expect(chartKeyPaths(values, schema)).toEqual({
      '["x.y"]': 'map',
      '["x.y"].z': 'scalar',
      controller: 'map',
      'controller.env': 'null',
      'controller.tolerations': 'list',
      'controller.tolerations[]': 'map',
      'controller.tolerations[].key': 'scalar',
      extra: 'map',
      'extra.enabled': 'scalar',
      podAnnotations: 'empty-map',
      replicas: 'scalar',
    });
  });
});
