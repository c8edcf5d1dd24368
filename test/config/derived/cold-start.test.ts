import { describe, expect, it } from 'vitest';
import { fixtureEnvironment } from '../../fixtures/environment';
import { fixtureHttpService, fixtureWorker } from '../../fixtures/workloads';
import { coldStartBudget, p2pPullSeconds, pushScrapeSeconds, registryPullSeconds, triggerLagSeconds } from '../../../src/config/derived/cold-start';
import type { AsyncWorkloadConfig } from '../../../src/config/workload-types';

/** The fixture (Pushgateway scraped every 10 s) with its scrape interval set to `interval`. */
const scrapedEvery = (interval: string) => fixtureEnvironment((d) => (d.addons.pushgateway.scrapeInterval = interval));

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
    const env = fixtureEnvironment();
    const chat = fixtureHttpService('registry.example.org');
    // 2 (activation) + 37 + (47 + 8068/60 = 181.47 -> 182) + 90
    expect(coldStartBudget(env, chat, false)).toEqual({ triggerLag: 2, nodeReady: 37, pull: 182, modelLoad: 90, total: 311 });
    // queue worker: 10 (Pushgateway scrape) + 15 (KEDA polling) + 37 + 148 + 45
    expect(coldStartBudget(env, fixtureWorker('registry.example.org'), false)).toEqual({ triggerLag: 25, nodeReady: 37, pull: 148, modelLoad: 45, total: 255 });
  });

  it('changes by exactly the polling interval difference for async workloads', () => {
    const env = fixtureEnvironment();
    const w = fixtureWorker('registry.example.org');
    const at15 = coldStartBudget(env, { ...w, pollingIntervalSeconds: 15 }, true).total;
    const at30 = coldStartBudget(env, { ...w, pollingIntervalSeconds: 30 }, true).total;
    expect(at30 - at15).toBe(15);
  });

  it('adds one whole Pushgateway scrape interval to a workload a pushed (queue) metric triggers', () => {
    const w = fixtureWorker('registry.example.org');
    expect([5, 10, 30].map((s) => triggerLagSeconds(scrapedEvery(`${s}s`), w))).toEqual([20, 25, 45]);
    expect(coldStartBudget(scrapedEvery('30s'), w, false).total - coldStartBudget(scrapedEvery('10s'), w, false).total).toBe(20);
    // whole seconds, rounded up; 1m is 60 s
    expect([pushScrapeSeconds(scrapedEvery('1500ms'), w), pushScrapeSeconds(scrapedEvery('1m'), w)]).toEqual([2, 60]);
  });

  it('adds no scrape to HTTP services or to triggers on vLLM metrics (they never wake a workload from zero)', () => {
    const env = scrapedEvery('30s');
    expect(pushScrapeSeconds(env, fixtureHttpService('registry.example.org'))).toBe(0);
    const vllmOnly: AsyncWorkloadConfig = {
      ...fixtureWorker('registry.example.org'),
      minReplicas: 1,
      triggers: [{ name: 'waiting', source: 'vllm', query: 'sum(vllm:num_requests_waiting)', threshold: 4, activationThreshold: 0 }],
    };
    expect([pushScrapeSeconds(env, vllmOnly), triggerLagSeconds(env, vllmOnly)]).toEqual([0, 15]);
  });

  it('counts an interval that does not parse as 0 in the derived total (the report shows it unparsed; validation refuses it)', () => {
    const env = scrapedEvery('10 seconds');
    const w = fixtureWorker('registry.example.org');
    expect(pushScrapeSeconds(env, w)).toBeUndefined();
    expect(triggerLagSeconds(env, w)).toBe(15);
  });
});
