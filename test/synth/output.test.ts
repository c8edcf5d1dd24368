import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { OUTPUT_ROOTS, environmentDirs, renderEnvironment } from '../../src/synth/render';
import { validateDocument } from '../support/schema';
import { ROOT, allDocs, docsOf, filesOnDisk, rendered } from '../support/rendered';

describe('rendered output', () => {
  it('validates every document against the upstream schemas', async () => {
    const docs = allDocs();
    expect(docs.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const { file, doc } of docs) for (const e of await validateDocument(doc)) problems.push(`${file}: ${e}`);
    expect(problems).toEqual([]);
  });

  it('is byte-identical across two renders', () => {
    for (const env of Object.values(environments)) {
      expect(new Map(renderEnvironment(env))).toEqual(new Map(renderEnvironment(env)));
    }
  });

  it('names every object explicitly, without hash suffixes or cdk8s metadata files', () => {
    for (const { file, doc } of allDocs()) {
      expect(doc.metadata?.name, file).toMatch(/^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/);
      expect(doc.metadata.name, file).not.toMatch(/-c8[0-9a-f]{6}$/);
      expect(JSON.stringify(doc.metadata.labels ?? {}), file).not.toContain('cdk8s.io/metadata.addr');
    }
    for (const env of Object.values(environments)) {
      for (const f of rendered(env).keys()) {
        expect(f).toMatch(
          new RegExp(`^(dist|argocd)/${env.name}/[a-z0-9-]+/[a-z0-9.-]+\\.yaml$|^dist/${env.name}/[a-z0-9-]+\\.md$|^argocd/${env.name}/[a-z0-9-]+\\.yaml$|^terraform/generated/${env.name}/(platform\\.tfvars\\.json|backend\\.s3\\.tfbackend)$`),
        );
      }
    }
  });

  it('writes sorted keys', () => {
    for (const env of Object.values(environments)) {
      for (const { file, doc } of docsOf(rendered(env))) {
        const check = (v: unknown): void => {
          if (Array.isArray(v)) v.forEach(check);
          else if (v && typeof v === 'object') {
            const keys = Object.keys(v);
            expect(keys, file).toEqual([...keys].sort());
            Object.values(v).forEach(check);
          }
        };
        check(doc);
      }
    }
  });
});

describe('committed output (drift)', () => {
  it('equals a fresh synth, new and deleted files included', () => {
    const expected = new Map<string, string>();
    for (const env of Object.values(environments)) for (const [f, c] of rendered(env)) expected.set(f, c);
    const onDisk = OUTPUT_ROOTS.flatMap((root) => filesOnDisk(root)).filter((f) => !f.split('/').some((p) => p.startsWith('.staging-')));
    const stale = onDisk.filter((f) => !expected.has(f));
    const missing = [...expected.keys()].filter((f) => !onDisk.includes(f));
    const changed = [...expected.entries()].filter(([f, c]) => onDisk.includes(f) && fs.readFileSync(path.join(ROOT, f), 'utf8') !== c).map(([f]) => f);
    const hint = 'run `npm run synth` and commit dist/, argocd/ and terraform/generated/';
    expect({ stale, missing, changed }, hint).toEqual({ stale: [], missing: [], changed: [] });
  });

  it('has a folder for every environment and none for removed ones', () => {
    const dirs = fs.readdirSync(path.join(ROOT, 'dist'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `dist/${e.name}`);
    const owned = Object.values(environments).flatMap(environmentDirs).filter((d) => d.startsWith('dist/'));
    expect(dirs.sort()).toEqual(owned.sort());
  });
});
