import { describe, expect, it } from 'vitest';
import { fixtureHttpService, fixtureWorker } from '../../fixtures/workloads';
import { validateEnvironment } from '../../../src/config/validate';
import type { EnvironmentConfig } from '../../../src/config/types';
import { fixtureEnvironment } from '../../fixtures/environment';
import { withOverride } from '../../support/rendered';

/**
 * A fixture environment: the fixture environment with its own two workloads (one HTTP
 * service with a 600 s timeout, one queue worker with a 90 s drain) and one GPU pool, so the
 * expected numbers follow from the fixture, not from the sample configs.
 */
function fixture(patch: (d: any) => void = () => undefined): EnvironmentConfig {
  const base = fixtureEnvironment();
  return withOverride(base, (d) => {
    const host = d.cluster.registryHost;
    d.workloads.services = { web: { ...fixtureHttpService(host), timeoutSeconds: 600 }, worker: { ...fixtureWorker(host), drainSeconds: 90 } };
    patch(d);
  });
}

const problemsAt = (env: EnvironmentConfig, prefix: string) => validateEnvironment(env).filter((p) => p.path.startsWith(`${env.name}.${prefix}`));
const gpuPool = (env: EnvironmentConfig) => Object.entries(env.nodes.pools).find(([, p]) => p.gpu)![0];

describe('node disruption guardrails', () => {
  it('accepts a GPU pool whose terminationGracePeriod covers the slowest workload stop', () => {
    const env = fixture((d) => (d.nodes.pools[gpuPool(d)].terminationGracePeriod = '10m'));
    expect(problemsAt(env, 'nodes.pools')).toEqual([]);
  });

  it('refuses a terminationGracePeriod shorter than a workload grace period plus its drain', () => {
    const env = fixture((d) => {
      d.workloads.services.web.timeoutSeconds = 180;
      d.nodes.pools[gpuPool(d)].terminationGracePeriod = '3m';
    });
    // worker: 120 s spot-notice grace + 90 s drain = 210 s > 180 s (3m); web: 180 s grace.
    expect(problemsAt(env, `nodes.pools.${gpuPool(env)}.terminationGracePeriod`)).toEqual([
      {
        path: `${env.name}.nodes.pools.${gpuPool(env)}.terminationGracePeriod`,
        message: '3m is shorter than the 210 s workload "worker" needs to stop (its grace period plus preStop drain); Karpenter would kill it mid-request. Set at least 4m',
      },
    ]);
  });

  it('refuses a terminationGracePeriod that is not a duration', () => {
    const env = fixture((d) => (d.nodes.pools[gpuPool(d)].terminationGracePeriod = '10 minutes'));
    expect(problemsAt(env, 'nodes.pools')).toEqual([
      { path: `${env.name}.nodes.pools.${gpuPool(env)}.terminationGracePeriod`, message: '"10 minutes" is not a duration like 15m or 1h' },
    ]);
  });

  it('refuses an Underutilized budget on a pool that consolidates only empty nodes', () => {
    const env = fixture((d) => {
      const pool = d.nodes.pools[gpuPool(d)];
      pool.disruption.consolidationPolicy = 'WhenEmpty';
      pool.disruption.budgets = [{ nodes: '0', schedule: '0 8 * * mon-fri', duration: '10h', reasons: ['Empty', 'Underutilized'] }, { nodes: '20%' }];
    });
    expect(problemsAt(env, 'nodes.pools')).toEqual([
      {
        path: `${env.name}.nodes.pools.${gpuPool(env)}.disruption.budgets[0].reasons`,
        message: `pool "${gpuPool(env)}" consolidates only empty nodes (WhenEmpty), so an "Underutilized" budget never applies; remove the reason, or set consolidationPolicy: WhenEmptyOrUnderutilized`,
      },
    ]);
  });
});
