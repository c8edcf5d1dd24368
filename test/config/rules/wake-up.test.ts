import { describe, expect, it } from 'vitest';
import { fixtureWorker } from '../../fixtures/workloads';
import { validateEnvironment } from '../../../src/config/validate';
import type { EnvironmentConfig } from '../../../src/config/types';
import { budgetReport } from '../../../src/report';
import { fixtureEnvironment } from '../../fixtures/environment';
import { withOverride } from '../../support/rendered';

const CRON = { timezone: 'Etc/UTC', start: '0 8 * * 1-5', end: '0 18 * * 1-5', desiredReplicas: 1 };

/** The fixture environment with one async worker `w` whose only trigger is a vLLM metric. */
function fixture(patch: (d: any) => void): EnvironmentConfig {
  const base = fixtureEnvironment();
  return withOverride(base, (d) => {
    const w = fixtureWorker(d.cluster.registryHost);
    d.workloads.services = { w: { ...w, minReplicas: 0, triggers: [{ ...w.triggers[0], name: 'waiting', source: 'vllm' }] } };
    patch(d);
  });
}
const at = (env: EnvironmentConfig) => `${env.name}.workloads.services.w.triggers`;
const wakeProblems = (env: EnvironmentConfig) => validateEnvironment(env).filter((p) => p.path === at(env));

describe('wake-up from zero', () => {
  it('does not count a business-hours cron as a wake-up unless waiting for it is declared acceptable', () => {
    const cronOnly = fixture((d) => (d.workloads.services.w.cron = CRON));
    expect(wakeProblems(cronOnly)).toEqual([
      {
        path: at(cronOnly),
        message:
          'scale-from-zero needs a trigger that exists at zero replicas (source "queue"): vLLM metrics only exist while pods run, and a cron baseline ' +
          'leaves work that arrives outside its schedule waiting for the next start; add a queue trigger, or set cron.jobsMayWaitForSchedule: true if that wait is acceptable',
      },
    ]);
    const accepted = fixture((d) => (d.workloads.services.w.cron = { ...CRON, jobsMayWaitForSchedule: true }));
    expect(wakeProblems(accepted)).toEqual([]);
    expect(budgetReport(accepted).workloads.find((w) => w.name === 'w')!.coldStart.wakeUp).toBe(
      'only the cron schedule `0 8 * * 1-5` (Etc/UTC): work arriving outside it waits for the next start (cron.jobsMayWaitForSchedule)',
    );
  });

  it('reports a queue trigger as the wake-up when there is one', () => {
    const queue = fixture((d) => (d.workloads.services.w.triggers[0].source = 'queue'));
    expect(wakeProblems(queue)).toEqual([]);
    expect(budgetReport(queue).workloads.find((w) => w.name === 'w')!.coldStart.wakeUp).toBe('a queue trigger (exists at zero replicas)');
  });
});

describe('production policy', () => {
  it('refuses GPU pools without on-demand fallback where policies are enforced, and allows it elsewhere', () => {
    const spotOk = (mode: string) =>
      validateEnvironment(fixture((d) => {
        d.workloads.services.w.triggers[0].source = 'queue';
        d.platform.policyMode = mode;
        d.nodes.policy.requireOnDemandGpuFallback = false;
      })).filter((p) => p.path.endsWith('.nodes.policy.requireOnDemandGpuFallback'));
    expect(spotOk('Audit')).toEqual([]);
    expect(spotOk('Enforce').map((p) => p.message)).toEqual([
      'must be true where platform.policyMode is Enforce (production): spot-only GPU pools leave inference Pending when spot capacity runs out',
    ]);
  });
});
