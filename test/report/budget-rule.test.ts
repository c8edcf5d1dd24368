import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { validateEnvironment } from '../../src/config/validate';
import { instanceTypes } from '../../src/config/instances';
import type { EnvironmentConfig } from '../../src/config/types';
import { fixtureEnvironment } from '../fixtures/environment';

const budgetProblems = (env: EnvironmentConfig) => validateEnvironment(env).filter((p) => p.path.startsWith(`${env.name}.budget.`));

describe('budget limits', () => {
  it('accept the committed environments', () => {
    for (const env of Object.values(environments)) expect(budgetProblems(env), env.name).toEqual([]);
  });

  it('refuse a GPU spend ceiling above budget.maxGpuSpendPerHourUsd, with the computed ceiling and the fix', () => {
    // T4 pool only, limits 64 vCPU / 256 GiB / 4 GPUs: the dearest fleet is 4 x g4dn.4xlarge (16 vCPU, 64 GiB each).
    const ceiling = 4 * instanceTypes['g4dn.4xlarge'].onDemandUsdPerHour;
    const bad = fixtureEnvironment((d) => {
      delete d.nodes.pools.a10g;
      d.budget = { maxGpuSpendPerHourUsd: 4 };
    });
    expect(budgetProblems(bad)).toEqual([
      {
        path: 'fixture.budget.maxGpuSpendPerHourUsd',
        message:
          `the GPU spend ceiling is $${ceiling.toFixed(4)}/h (GPU pools at their limits: gpu $${ceiling.toFixed(4)}/h; baseline GPU node group $0.0000/h), above the maximum $4.0000/h; ` +
          'lower nodes.pools.*.limits, allow cheaper instance types or shrink nodes.baselineGpuNodeGroup, or raise the maximum',
      },
    ]);
    expect(budgetProblems(fixtureEnvironment((d) => { delete d.nodes.pools.a10g; d.budget = { maxGpuSpendPerHourUsd: ceiling }; }))).toEqual([]);
  });

  it('refuses when raising a pool limit pushes the ceiling over the maximum', () => {
    const price = instanceTypes['g4dn.4xlarge'].onDemandUsdPerHour;
    const t4 = (gpus: number) =>
      fixtureEnvironment((d) => {
        delete d.nodes.pools.a10g;
        d.nodes.pools.gpu.limits = { cpu: 16 * gpus, memoryGiB: 64 * gpus, gpus };
        d.budget = { maxGpuSpendPerHourUsd: 4 * price };
      });
    expect(budgetProblems(t4(4))).toEqual([]);
    expect(budgetProblems(t4(5)).map((p) => p.path)).toEqual(['fixture.budget.maxGpuSpendPerHourUsd']);
    expect(budgetProblems(t4(5))[0].message).toContain(`the GPU spend ceiling is $${(5 * price).toFixed(4)}/h`);
  });

  it('refuse a worst-case cold start above budget.maxColdStartSeconds, naming the workload and its terms', () => {
    const bad = fixtureEnvironment((d) => {
      d.workloads.services.web.coldStart = { imageSizeMiB: 8192, modelLoadSeconds: 90 };
      d.workloads.services.worker.coldStart = { imageSizeMiB: 6144, modelLoadSeconds: 45 };
      d.budget = { maxColdStartSeconds: 300 };
    });
    // web: 2 + 37 + 182 + 90 = 311 s > 300; worker: 10 + 15 + 37 + 148 + 45 = 255 s
    expect(budgetProblems(bad)).toEqual([
      {
        path: 'fixture.budget.maxColdStartSeconds',
        message:
          'the worst-case cold start of "web" is 311 s (2 s trigger + 37 s node + 182 s registry pull + 90 s model load), above the maximum 300 s; ' +
          'shrink the image or the model load, shorten the trigger lag, or raise the maximum',
      },
    ]);
  });

  it('count the Pushgateway scrape in a queue-triggered worker\'s cold start', () => {
    const worker = (scrapeInterval: string) =>
      fixtureEnvironment((d) => {
        d.workloads.services.worker.coldStart = { imageSizeMiB: 6144, modelLoadSeconds: 45 };
        delete d.workloads.services.web;
        d.addons.pushgateway.scrapeInterval = scrapeInterval;
        d.budget = { maxColdStartSeconds: 250 };
      });
    // 10 s scrape + 15 s polling + 37 + 148 + 45 = 255 s > 250; without the scrape it would be 245 s
    expect(budgetProblems(worker('10s'))).toEqual([
      {
        path: 'fixture.budget.maxColdStartSeconds',
        message:
          'the worst-case cold start of "worker" is 255 s (25 s trigger (10 s Pushgateway scrape + 15 s KEDA polling) + 37 s node + 148 s registry pull + 45 s model load), ' +
          'above the maximum 250 s; shrink the image or the model load, shorten the trigger lag, or raise the maximum',
      },
    ]);
    // 5 s scrape: 250 s, within
    expect(budgetProblems(worker('5s'))).toEqual([]);
  });

  it('refuse non-positive limits', () => {
    const bad = fixtureEnvironment((d) => (d.budget = { maxGpuSpendPerHourUsd: 0, maxColdStartSeconds: -1 }));
    expect(budgetProblems(bad)).toEqual([
      { path: 'fixture.budget.maxGpuSpendPerHourUsd', message: '0 must be a positive number of USD per hour' },
      { path: 'fixture.budget.maxColdStartSeconds', message: '-1 must be a positive number of seconds' },
    ]);
  });

  it('check nothing when unset', () => {
    // The fixture sets no budget; its GPU ceiling and cold starts would break small limits.
    expect(fixtureEnvironment().budget).toBeUndefined();
    expect(budgetProblems(fixtureEnvironment())).toEqual([]);
    // ...which it then reports, one problem per workload above the limit.
    expect(budgetProblems(fixtureEnvironment((d) => (d.budget = { maxColdStartSeconds: 1 })))).toHaveLength(2);
  });
});
