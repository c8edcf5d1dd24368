import { describe, expect, it } from 'vitest';
import { fixtureHttpService, fixtureWorker } from '../../fixtures/workloads';
import { coldStartBudget, p2pPullSeconds, registryPullSeconds } from '../../../src/config/derived/cold-start';

describe('cold-start budget', () => {
  it('uses the measured 47 s pull for the measured 124 MiB image', () => {
    expect(registryPullSeconds(124)).toBe(47);
    expect(registryPullSeconds(10)).toBe(47);
  });

  it('adds size / 60 MiB/s beyond the measured image, rounded up', () => {
    // 47 + (6144 - 124) / 60 = 47 + 100.33 -> 148
    expect(registryPullSeconds(6144)).toBe(148);
    // 3 + 6144 / 250 = 27.58 -> 28
    expect(p2pPullSeconds(6144)).toBe(28);
  });

  it('is trigger lag + node ready + pull + model load', () => {
    const chat = fixtureHttpService('registry.example.org');
    // 2 (activation) + 37 + (47 + 8068/60 = 181.47 -> 182) + 90
    expect(coldStartBudget(chat, false)).toEqual({ triggerLag: 2, nodeReady: 37, pull: 182, modelLoad: 90, total: 311 });
  });

  it('changes by exactly the polling interval difference for async workloads', () => {
    const w = fixtureWorker('registry.example.org');
    if (w.kind !== 'async') throw new Error('expected async');
    const at15 = coldStartBudget({ ...w, pollingIntervalSeconds: 15 }, true).total;
    const at30 = coldStartBudget({ ...w, pollingIntervalSeconds: 30 }, true).total;
    expect(at30 - at15).toBe(15);
  });
});
