import { describe, expect, it } from 'vitest';
import { quotaDemand, rolloutSurge } from '../../../src/config/derived/demand';
import type { WorkloadConfig } from '../../../src/config/workload-types';
import { fixtureEnvironment } from '../../fixtures/environment';

const async = (maxReplicas: number) => ({ kind: 'async', maxReplicas }) as WorkloadConfig;
const http = (maxReplicas: number) => ({ kind: 'http', maxReplicas }) as WorkloadConfig;

describe('rollout surge', () => {
  it('adds 25% of a Deployment, rounded up, and a whole new Knative revision', () => {
    expect([1, 2, 4, 5, 8].map((n) => rolloutSurge(async(n)))).toEqual([1, 1, 1, 2, 2]);
    expect([1, 6].map((n) => rolloutSurge(http(n)))).toEqual([1, 6]);
  });
});

describe('quota demand', () => {
  it('counts every replica at max scale plus the rollout surge, and queue-proxy in HTTP pods', () => {
    const env = fixtureEnvironment((d) => {
      d.knative.queueProxy = { cpu: 0.5, cpuLimit: 1, memoryMiB: 512 };
      Object.assign(d.workloads.services.worker, { maxReplicas: 4, resources: { gpus: 1, vramMiB: 1, cpu: 2, memoryGiB: 8 } });
      Object.assign(d.workloads.services.web, { maxReplicas: 3, resources: { gpus: 2, vramMiB: 1, cpu: 4, memoryGiB: 16 } });
    });
    // worker: 4 + 1 pods; web: 3 + 3 pods, each with a queue-proxy of 0.5 CPU / 0.5 GiB.
    expect(quotaDemand(env)).toEqual({ cpu: 5 * 2 + 6 * 4.5, memoryGiB: 5 * 8 + 6 * 16.5, gpus: 5 + 6 * 2, pods: 11 });
  });
});
