import { describe, expect, it } from 'vitest';
import { instanceTypes } from '../../src/config/instances';
import { facts } from '../../src/config/facts';
import { budgetReport } from '../../src/report';
import { budgetMarkdown } from '../../src/report/markdown';
import { draFixture } from '../fixtures/dra';
import { fixtureEnvironment } from '../fixtures/environment';

const g5 = instanceTypes['g5.xlarge'].onDemandUsdPerHour;

describe('the budget report on the DRA path', () => {
  it('prices the DRA node group: minimum always on and idle, maximum in the GPU spend ceiling', () => {
    const without = budgetReport(fixtureEnvironment());
    const r = budgetReport(draFixture());
    expect(r.dra).toMatchObject({ instanceType: 'g5.xlarge', minSize: 1, maxSize: 3, alwaysOnUsdPerHour: g5, ceilingUsdPerHour: 3 * g5, workloads: ['worker'] });
    expect(r.gpuSpendCeilingUsdPerHour).toBeCloseTo(without.gpuSpendCeilingUsdPerHour + 3 * g5, 6);
    expect(r.idle.usdPerHour).toBeCloseTo(without.idle.usdPerHour + g5, 6);
    expect(without.dra).toBeUndefined();
  });

  it('models the Cluster Autoscaler scale-up as scan interval plus node launch, and its scale-down delay', () => {
    const r = budgetReport(draFixture((d) => (d.dra.clusterAutoscaler = { ...d.dra.clusterAutoscaler, scanInterval: '30s', scaleDownUnneededTime: '15m' })));
    expect(r.dra!.scaleUp.map((t) => [t.label, t.seconds, t.basis])).toEqual([
      ['Cluster Autoscaler scan', 30, 'modelled'],
      ['node group launch', facts.nodeReady.value, 'modelled'],
    ]);
    expect(r.dra!.scaleUpSeconds).toBe(30 + facts.nodeReady.value);
    expect(r.dra!.scaleDownSeconds).toBe(900);
  });

  it('writes a DRA section only where there is a DRA path', () => {
    expect(budgetMarkdown(draFixture())).toContain('## DRA node group (Cluster Autoscaler)');
    expect(budgetMarkdown(fixtureEnvironment())).not.toContain('DRA node group');
  });
});
