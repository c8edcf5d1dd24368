/** The pull-request comment: risky changes first, under the comment size limit, cut per Application. */
import { describe, expect, it } from 'vitest';
import { COMMENT_MARKER, GITHUB_COMMENT_LIMIT, diffMarkdown, diffOutputs } from '../../src/diff';
import { fixtureEnvironment, siblingOf } from '../fixtures/environment';
import { changesOf, diffEnvs, outputsOf } from './support';

const fixture = fixtureEnvironment();

describe('Markdown', () => {
  it('starts with the marker the workflow finds its comment by; says so when nothing changed', () => {
    const md = diffMarkdown(diffEnvs(fixture, fixture));
    expect(md.split('\n')[0]).toBe(COMMENT_MARKER);
    expect(md).toContain('No change to the rendered output');
  });

  it('lists risky changes first, then charts and environments, with budget figures before and after', () => {
    const head = fixtureEnvironment((d) => {
      d.workloads.services = { worker: d.workloads.services.worker };
      d.nodes.pools.gpu.limits.gpus = 6;
    });
    const md = diffMarkdown(diffEnvs(fixture, head));
    const risky = md.indexOf('### ⚠️ Removes capacity or widens exposure');
    expect(risky).toBeGreaterThan(0);
    expect(risky).toBeLessThan(md.indexOf('### fixture'));
    expect(md).toContain('**Removes capacity**');
    expect(md).toContain('- **fixture** · `inference-workloads` · `Service inference/web`: workload web removed: Argo CD prunes it and all its pods');
    expect(md).toMatch(/\*\*GPU spend ceiling: \$\d+\.\d\d\/h → \$\d+\.\d\d\/h\*\*/);
    expect(md).toContain('#### `inference-workloads`: 2 removed');
  });

  it('stays under the limit by showing fewer changes per Application, saying how many are left out', () => {
    // A new environment: every object of it added.
    const r = diffEnvs([fixture], [fixture, siblingOf(fixture, 'staging', '10.99.0.0/16')]);
    const all = changesOf(r).length;
    const full = diffMarkdown(r, { maxChars: 10_000_000 });
    expect(full).not.toContain('not shown');
    const md = diffMarkdown(r, { maxChars: 20_000 });
    expect(md.length).toBeLessThanOrEqual(20_000);
    const left = [...md.matchAll(/… (\d+) more changes? not shown/g)].reduce((n, m) => n + Number(m[1]), 0);
    const shown = (md.match(/^- \*\*added\*\*/gm) ?? []).length;
    expect(left).toBeGreaterThan(0);
    expect(shown + left).toBe(all);
    // Every Application is still named with its count.
    for (const a of r.environments[0].applications) expect(md).toContain(`#### ${a.name === 'argocd' ? 'Argo CD bootstrap (`argocd/staging/`)' : `\`${a.name}\``}: ${a.changes.length} added`);
  });

  it('defaults to GitHub\'s comment limit', () => {
    const files = outputsOf(fixture);
    // Every object of the base changed: a large report.
    const extra = Array.from({ length: 200 }, (_, i) => `zz-extra-${i}: ${'z'.repeat(40)}\n`).join('');
    const edited = new Map([...files].map(([f, t]) => [f, f.endsWith('.yaml') ? `${t}${extra}` : t]));
    const md = diffMarkdown(diffOutputs(files, edited));
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md).toMatch(/… 19\d more fields/);
  });

  it('a tiny limit still names what it left out', () => {
    const r = diffEnvs([fixture], [fixture, siblingOf(fixture, 'staging', '10.99.0.0/16')]);
    const md = diffMarkdown(r, { maxChars: 3000 });
    expect(md.length).toBeLessThanOrEqual(3000);
    expect(md).toMatch(/… \d+ more not shown/);
  });

  it('JSON is the whole report, never cut', () => {
    const r = diffEnvs([fixture], [fixture, siblingOf(fixture, 'staging', '10.99.0.0/16')]);
    const json = JSON.parse(JSON.stringify(r));
    expect(json.environments[0].applications.flatMap((a: any) => a.changes)).toHaveLength(changesOf(r).length);
    expect(Object.keys(json).sort()).toEqual(['base', 'charts', 'environments', 'head', 'risks', 'totals']);
  });
});
