import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { budgetMarkdown } from '../../src/report';
import { fixtureEnvironment } from '../fixtures/environment';
import { rendered } from '../support/rendered';

const { dev, prod } = environments;

describe('budget.md', () => {
  it('is rendered beside each environment\'s manifests, outside every Application folder', () => {
    for (const env of [dev, prod]) expect(rendered(env).get(`dist/${env.name}/budget.md`)).toBe(budgetMarkdown(env));
  });

  it('says it is not applied', () => {
    expect(budgetMarkdown(dev)).toContain('Argo CD reads only `.yaml`, `.yml` and `.json` files, so it is never applied');
  });

  it('has a row per workload with its cold starts, times to zero and replica fit', () => {
    // fixture: worker (6144 MiB image, 45 s load, 15 s polling, 300 s cooldown), web (8192 MiB, 90 s),
    // GPU pools consolidating after 3 m, 12 pool GPUs.
    const env = fixtureEnvironment((d) => {
      for (const p of Object.values<any>(d.nodes.pools).filter((x) => x.gpu)) p.disruption.consolidateAfter = '3m';
      Object.assign(d.knative, { stableWindow: '60s', scaleToZeroGracePeriod: '30s' });
    });
    const md = budgetMarkdown(env);
    const worker = [15 + 37 + 148 + 45, 15 + 37 + 28 + 45, 300 + 15, 300 + 15 + 180];
    const web = [2 + 37 + 182 + 90, 2 + 37 + 36 + 90, 60 + 120 + 30, 60 + 120 + 30 + 180];
    expect(md).toContain(`| worker | KEDA | ${worker.map((x) => `${x} s`).join(' | ')} | 2 | 12 (12 GPUs / 1 per replica) |`);
    expect(md).toContain(`| web | Knative | ${web.map((x) => `${x} s`).join(' | ')} | 2 | 12 (12 GPUs / 1 per replica) |`);
    const alwaysOn = fixtureEnvironment((d) => (d.workloads.services.web.minReplicas = 1));
    expect(budgetMarkdown(alwaysOn)).toContain('| web | Knative | 311 s | 165 s | never | never | 2 |');
  });

  it('says which numbers are measured and which modelled, with sources', () => {
    const md = budgetMarkdown(dev);
    expect(md).toMatch(/\| node ready \| 37 s \| measured \| article benchmark/);
    expect(md).toMatch(/\| image pull, P2P peer \| 28 s \| modelled \| 3 s overhead \+ 6144 MiB at 250 MiB\/s/);
    expect(md).toMatch(/\| registryThroughput \| 60 MiB\/s \| modelled \|/);
    expect(md).toMatch(/\| scaleToZeroMax \| 307 s \| measured \|/);
  });

  it('states the ceiling formula, the prices and their source date, and no other date', () => {
    const md = budgetMarkdown(prod);
    expect(md).toContain('`min(floor(limits.gpus / GPUs), floor(limits.cpu / vCPU), floor(limits.memoryGiB / GiB)) x price`');
    expect(md).toContain('| gpu-steady | 4 / 32 / 128 | on-demand | 4 x g5.2xlarge = $4.8480 | 4 x g5.2xlarge | $4.8480 |');
    expect(md).toContain('| baselineGpuNodeGroup | 4 | g5.xlarge | $1.0060 | $4.0240 |');
    expect(md.match(/\d{4}-\d{2}-\d{2}/g)).toEqual(['2025-01-15']);
  });

  it('flags max replicas the GPU capacity cannot hold', () => {
    const over = fixtureEnvironment((d) => (d.workloads.services.web.maxReplicas = 13));
    expect(budgetMarkdown(over)).toContain('| 13 | 12 (12 GPUs / 1 per replica) **max replicas exceed it** |');
  });

  it('is deterministic', () => {
    expect(budgetMarkdown(prod)).toBe(budgetMarkdown(prod));
  });
});
