import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { instanceTypes, pricing } from '../../src/config/instances';
import { budgetMarkdown } from '../../src/report';
import { fixtureEnvironment } from '../fixtures/environment';
import { rendered } from '../support/rendered';

const fixture = fixtureEnvironment();

describe('budget.md', () => {
  it('is rendered beside each environment\'s manifests, outside every Application folder', () => {
    for (const env of Object.values(environments)) expect(rendered(env).get(`dist/${env.name}/budget.md`)).toBe(budgetMarkdown(env));
  });

  it('says it is not applied', () => {
    expect(budgetMarkdown(fixture)).toContain('Argo CD reads only `.yaml`, `.yml` and `.json` files, so it is never applied');
  });

  it('has a row per workload with its cold starts, times to zero and replica fit', () => {
    // fixture: worker (6144 MiB image, 45 s load, Pushgateway scraped every 10 s, 15 s polling, 300 s cooldown), web (8192 MiB, 90 s),
    // GPU pools consolidating after 3 m, 12 pool GPUs.
    const env = fixtureEnvironment((d) => {
      for (const p of Object.values<any>(d.nodes.pools).filter((x) => x.gpu)) p.disruption.consolidateAfter = '3m';
      Object.assign(d.knative, { stableWindow: '60s', scaleToZeroGracePeriod: '30s' });
    });
    const md = budgetMarkdown(env);
    const worker = [10 + 15 + 37 + 148 + 45, 10 + 15 + 37 + 28 + 45, 300 + 15, 300 + 15 + 180];
    const web = [2 + 37 + 182 + 90, 2 + 37 + 36 + 90, 60 + 120 + 30, 60 + 120 + 30 + 180];
    expect(md).toContain(`| worker | KEDA | ${worker.map((x) => `${x} s`).join(' | ')} | 2 | 12 (12 GPUs / 1 per replica) |`);
    expect(md).toContain(`| web | Knative | ${web.map((x) => `${x} s`).join(' | ')} | 2 | 12 (12 GPUs / 1 per replica) |`);
    const alwaysOn = fixtureEnvironment((d) => (d.workloads.services.web.minReplicas = 1));
    expect(budgetMarkdown(alwaysOn)).toContain('| web | Knative | 311 s | 165 s | never | never | 2 |');
  });

  it('says which numbers are measured and which modelled, with sources', () => {
    // The worker's 6144 MiB image on the T4 pool, whose g4dn.xlarge has a measured node-ready time.
    const md = budgetMarkdown(fixtureEnvironment((d) => (d.workloads.services.worker.coldStart = { imageSizeMiB: 6144, modelLoadSeconds: 45 })));
    expect(md).toContain('| trigger lag (Pushgateway scrape) | 10 s | modelled | worst case: one full addons.pushgateway.scrapeInterval "10s" (a depth pushed just after a scrape waits for the next) |');
    expect(md).toContain('| trigger lag (KEDA polling) | 15 s | modelled | worst case: one full workloads.services.worker.pollingIntervalSeconds |');
    expect(md).toContain('| **trigger lag: Pushgateway scrape + KEDA polling** | **25 s** |  |  |');
    expect(md).toMatch(/\| node ready \| 37 s \| measured \| article benchmark/);
    expect(md).toMatch(/\| image pull, P2P peer \| 28 s \| modelled \| 3 s overhead \+ 6144 MiB at 250 MiB\/s/);
    expect(md).toMatch(/\| registryThroughput \| 60 MiB\/s \| modelled \|/);
    expect(md).toMatch(/\| scaleToZeroMax \| 307 s \| measured \|/);
  });

  it('states the ceiling formula, the pools and always-on groups with their prices, and only the price date', () => {
    // a10g as an on-demand pool of 4 GPUs / 32 vCPU / 128 GiB over g5.xlarge and g5.2xlarge: the dearest
    // fleet is 4 x g5.2xlarge (8 vCPU, 32 GiB each; 1 GPU); 4 baseline g5.xlarge nodes are always on.
    const env = fixtureEnvironment((d) => {
      Object.assign(d.nodes.pools.a10g, { instanceTypes: ['g5.xlarge', 'g5.2xlarge'], capacityTypes: ['on-demand'], limits: { gpus: 4, cpu: 32, memoryGiB: 128 } });
      Object.assign(d.nodes.baselineGpuNodeGroup, { instanceType: 'g5.xlarge', desiredSize: 4, minSize: 4, maxSize: 4 });
    });
    const md = budgetMarkdown(env);
    const g52 = instanceTypes['g5.2xlarge'].onDemandUsdPerHour;
    const g51 = instanceTypes['g5.xlarge'].onDemandUsdPerHour;
    expect(md).toContain('`min(floor(limits.gpus / GPUs), floor(limits.cpu / vCPU), floor(limits.memoryGiB / GiB)) x price`');
    expect(md).toContain(`| a10g | 4 / 32 / 128 | on-demand | 4 x g5.2xlarge = $${(4 * g52).toFixed(4)} | 4 x g5.2xlarge | $${(4 * g52).toFixed(4)} |`);
    expect(md).toContain(`| baselineGpuNodeGroup | 4 | g5.xlarge | $${g51.toFixed(4)} | $${(4 * g51).toFixed(4)} |`);
    expect(md.match(/\d{4}-\d{2}-\d{2}/g)).toEqual([pricing.retrieved]);
  });

  it('flags max replicas the GPU capacity cannot hold', () => {
    const over = fixtureEnvironment((d) => (d.workloads.services.web.maxReplicas = 13));
    expect(budgetMarkdown(over)).toContain('| 13 | 12 (12 GPUs / 1 per replica) **max replicas exceed it** |');
  });

  it('is deterministic', () => {
    expect(budgetMarkdown(fixture)).toBe(budgetMarkdown(fixtureEnvironment()));
  });
});
