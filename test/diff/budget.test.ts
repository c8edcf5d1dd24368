/** The budget headline read back from budget.md is the budget report's own numbers. */
import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { budgetHeadline } from '../../src/diff';
import { budgetReport } from '../../src/report';
import { fixtureEnvironment } from '../fixtures/environment';
import { rendered } from '../support/rendered';

describe('budget headline from budget.md', () => {
  it.each([fixtureEnvironment(), ...Object.values(environments)].map((e) => [e.name, e] as const))('%s: every figure as budgetReport computes it', (_, env) => {
    const r = budgetReport(env);
    const h = budgetHeadline(rendered(env).get(`dist/${env.name}/budget.md`)!);
    expect(h.spendCeilingUsdPerHour).toBeCloseTo(r.gpuSpendCeilingUsdPerHour, 4);
    expect(h.alwaysOnUsdPerHour).toBeCloseTo(r.alwaysOn.usdPerHour, 4);
    expect(h.idleUsdPerHour).toBeCloseTo(r.idle.usdPerHour, 4);
    const worst = [...r.workloads].sort((a, b) => b.coldStart.withoutP2pSeconds! - a.coldStart.withoutP2pSeconds!)[0];
    expect(h.worstColdStart).toEqual({ seconds: worst.coldStart.withoutP2pSeconds, workload: worst.name });
    for (const w of r.workloads) {
      expect(h.workloads.get(w.name)).toEqual({ withoutP2pSeconds: w.coldStart.withoutP2pSeconds, withP2pSeconds: w.coldStart.withP2pSeconds, maxReplicas: w.replicas.max });
    }
  });

  it('a report without those tables gives no figures, not wrong ones', () => {
    expect(budgetHeadline('# nothing here\n')).toEqual({ spendCeilingUsdPerHour: undefined, alwaysOnUsdPerHour: undefined, idleUsdPerHour: undefined, worstColdStart: undefined, workloads: new Map() });
  });
});
