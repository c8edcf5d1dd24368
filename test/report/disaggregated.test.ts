import { describe, expect, it } from 'vitest';
import { budgetReport } from '../../src/report/budget';
import { budgetMarkdown } from '../../src/report/markdown';
import { disaggregatedFixture } from '../fixtures/disaggregated';

/**
 * The example service: 15 s KEDA polling + 37 s node ready + 195 s registry pull of 9000 MiB
 * (the measured 47 s + (9000 - 124) MiB at 60 MiB/s, rounded up) + 120 s model load = 367 s per
 * role on a new node; 211 s with a P2P peer.
 */
describe('budget report of a disaggregated service', () => {
  const env = disaggregatedFixture();
  const [pd] = budgetReport(env).disaggregated;

  it('gives each role its spend floor and ceiling on the dearest type it fits in its own pool', () => {
    expect(pd.roles.map((r) => [r.role, r.pool, r.dearestType?.instanceType, r.floorUsdPerHour, r.ceilingUsdPerHour])).toEqual([
      ['prefill', 'a10g', 'g5.12xlarge', 5.672, 11.344],
      ['decode', 'gpu', 'g4dn.4xlarge', 1.204, 2.408],
    ]);
    expect(pd.ceilingUsdPerHour).toBeCloseTo(13.752, 6);
  });

  it('gives each role its cold start, and the first request the slower role without trigger lag', () => {
    expect(pd.roles.map((r) => r.coldStartSeconds)).toEqual([
      { withoutP2p: 367, withP2p: 211 },
      { withoutP2p: 367, withP2p: 211 },
    ]);
    expect(pd.firstRequestSeconds).toEqual({ withoutP2p: 352, withP2p: 196 });
    const slower = disaggregatedFixture((d) => (d.workloads.services.pd.decode.pollingIntervalSeconds = 60));
    // Polling does not delay the first boot: both roles start at once.
    expect(budgetReport(slower).disaggregated[0].firstRequestSeconds).toEqual({ withoutP2p: 352, withP2p: 196 });
  });

  it('lists both roles as KEDA workloads that never reach zero, and renders the section', () => {
    const roles = budgetReport(env).workloads.filter((w) => w.name.startsWith('pd-'));
    expect(roles.map((w) => [w.name, w.autoscaler, w.scaleToZero.never, w.coldStart.wakeUp])).toEqual([
      ['pd-prefill', 'KEDA', 'minReplicas is 1', 'nothing: a disaggregated role keeps at least one replica'],
      ['pd-decode', 'KEDA', 'minReplicas is 1', 'nothing: a disaggregated role keeps at least one replica'],
    ]);
    const md = budgetMarkdown(env);
    expect(md).toContain('| prefill | a10g | 1-2 | g5.12xlarge ($5.6720) | $5.6720 | $11.3440 | 367 s | 211 s |');
    expect(md).toContain('- first request after a deployment on empty GPU pools: 352 s without P2P, 196 s with P2P');
  });
});
