import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { validateEnvironment } from '../../src/config/validate';
import { withOverride } from '../support/rendered';

const { dev, prod } = environments;
const budgetProblems = (env: typeof dev) => validateEnvironment(env).filter((p) => p.path.startsWith(`${env.name}.budget.`));

describe('budget limits', () => {
  it('accept the committed environments', () => {
    expect(budgetProblems(dev)).toEqual([]);
    expect(budgetProblems(prod)).toEqual([]);
  });

  it('refuse a GPU spend ceiling above budget.maxGpuSpendPerHourUsd, with the computed ceiling and the fix', () => {
    const bad = withOverride(dev, (d) => (d.budget = { maxGpuSpendPerHourUsd: 3 }));
    expect(budgetProblems(bad)).toEqual([
      {
        path: 'dev.budget.maxGpuSpendPerHourUsd',
        message:
          'the GPU spend ceiling is $3.0080/h (GPU pools at their limits: gpu $3.0080/h; baseline GPU node group $0.0000/h), above the maximum $3.0000/h; ' +
          'lower nodes.pools.*.limits, allow cheaper instance types or shrink nodes.baselineGpuNodeGroup, or raise the maximum',
      },
    ]);
  });

  it('refuses when raising a pool limit pushes the ceiling over the maximum', () => {
    // prod: 4 x 5.672 + 4 x 1.212 + 4 x 1.006 = 31.56 within 35; gpu-steady with 8 GPUs: 8 x 1.006 instead of 4 x 1.212 = 34.76, still within
    const raised = withOverride(prod, (d) => (d.nodes.pools['gpu-steady'].limits.gpus = 8));
    expect(budgetProblems(raised)).toEqual([]);
    const tighter = withOverride(raised, (d) => (d.budget.maxGpuSpendPerHourUsd = 34));
    expect(budgetProblems(tighter).map((p) => p.path)).toEqual(['prod.budget.maxGpuSpendPerHourUsd']);
    expect(budgetProblems(tighter)[0].message).toMatch(/^the GPU spend ceiling is \$34\.7600\/h \(GPU pools at their limits: gpu \$22\.6880\/h, gpu-steady \$8\.0480\/h; baseline GPU node group \$4\.0240\/h\), above the maximum \$34\.0000\/h;/);
  });

  it('refuse a worst-case cold start above budget.maxColdStartSeconds, naming the workload and its terms', () => {
    const bad = withOverride(dev, (d) => (d.budget = { maxColdStartSeconds: 300 }));
    // chat: 2 + 37 + 182 + 90 = 311 s > 300; embeddings: 15 + 37 + 148 + 45 = 245 s
    expect(budgetProblems(bad)).toEqual([
      {
        path: 'dev.budget.maxColdStartSeconds',
        message:
          'the worst-case cold start of "chat" is 311 s (2 s trigger + 37 s node + 182 s registry pull + 90 s model load), above the maximum 300 s; ' +
          'shrink the image or the model load, shorten the trigger lag, or raise the maximum',
      },
    ]);
  });

  it('refuse non-positive limits', () => {
    const bad = withOverride(dev, (d) => (d.budget = { maxGpuSpendPerHourUsd: 0, maxColdStartSeconds: -1 }));
    expect(budgetProblems(bad)).toEqual([
      { path: 'dev.budget.maxGpuSpendPerHourUsd', message: '0 must be a positive number of USD per hour' },
      { path: 'dev.budget.maxColdStartSeconds', message: '-1 must be a positive number of seconds' },
    ]);
  });

  it('check nothing when unset', () => {
    const unset = withOverride(dev, (d) => delete d.budget);
    expect(budgetProblems(unset)).toEqual([]);
  });
});
