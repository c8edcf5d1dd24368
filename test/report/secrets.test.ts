import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { remoteSecrets } from '../../src/report/secrets';
import { docsOf, rendered } from '../support/rendered';

const es = (name: string, refs: [string, string][]) => ({
  kind: 'ExternalSecret',
  metadata: { name, namespace: 'ns' },
  spec: { data: refs.map(([key, property]) => ({ secretKey: property, remoteRef: { key, property } })) },
});

describe('secrets report', () => {
  it('merges the properties every ExternalSecret reads per remote secret', () => {
    expect(remoteSecrets([es('b', [['c/one', 'y'], ['c/two', 'z']]), es('a', [['c/one', 'x']]), { kind: 'ConfigMap' }])).toEqual([
      { name: 'c/one', properties: ['x', 'y'], readBy: ['ns/a', 'ns/b'] },
      { name: 'c/two', properties: ['z'], readBy: ['ns/b'] },
    ]);
  });

  for (const env of Object.values(environments)) {
    it(`${env.name}: secrets.md names every remote secret and property the ExternalSecrets read, with a create command`, () => {
      const files = rendered(env);
      const md = files.get(`dist/${env.name}/secrets.md`)!;
      const refs = docsOf(files).filter((d) => d.doc.kind === 'ExternalSecret').flatMap((d) => d.doc.spec.data.map((x: any) => x.remoteRef));
      expect(refs.length).toBeGreaterThan(0);
      for (const r of refs) {
        expect(md).toContain(`\`${r.key}\``);
        expect(md).toContain(`\`${r.property}\``);
        expect(md).toContain(`--name ${r.key} `);
      }
    });
  }
});
