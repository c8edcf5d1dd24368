import { budgetReport, triggerTermName } from '../../report/budget';
import type { EnvironmentConfig } from '../types';
import type { Problems } from './collector';

const usd = (x: number): string => `$${x.toFixed(4)}/h`;

/** The optional budget limits: the GPU spend ceiling and every workload's worst cold start must stay within them. */
export function checkBudget(env: EnvironmentConfig, p: Problems, at: string): void {
  const b = env.budget;
  if (!b) return;
  const path = `${at}.budget`;
  const report = budgetReport(env);
  const max = b.maxGpuSpendPerHourUsd;
  if (max !== undefined) {
    const pools = report.gpuPools.map((pl) => `${pl.pool} ${usd(pl.ceiling.usdPerHour)}`).join(', ');
    const baseline = report.gpuSpendCeilingUsdPerHour - report.gpuPoolsUsdPerHour;
    p.check(
      report.gpuSpendCeilingUsdPerHour <= max,
      `${path}.maxGpuSpendPerHourUsd`,
      `the GPU spend ceiling is ${usd(report.gpuSpendCeilingUsdPerHour)} (GPU pools at their limits: ${pools || 'none'}; baseline GPU node group ${usd(baseline)}), ` +
        `above the maximum ${usd(max)}; lower nodes.pools.*.limits, allow cheaper instance types or shrink nodes.baselineGpuNodeGroup, or raise the maximum`,
    );
  }
  const maxCold = b.maxColdStartSeconds;
  if (maxCold !== undefined) {
    for (const w of report.workloads) {
      const c = w.coldStart;
      // Undefined: a duration does not parse, which its own rule reports (rules/addons.ts).
      if (c.withoutP2pSeconds === undefined) continue;
      const trigger = c.trigger.length > 1 ? `${c.triggerLagSeconds} s trigger (${c.trigger.map((t) => `${t.seconds} s ${triggerTermName(t)}`).join(' + ')})` : `${c.triggerLagSeconds} s trigger`;
      p.check(
        c.withoutP2pSeconds <= maxCold,
        `${path}.maxColdStartSeconds`,
        `the worst-case cold start of "${w.name}" is ${c.withoutP2pSeconds} s (${trigger} + ${c.nodeReady.seconds} s node + ${c.registryPull.seconds} s registry pull + ${c.modelLoad.seconds} s model load), ` +
          `above the maximum ${maxCold} s; shrink the image or the model load, shorten the trigger lag, or raise the maximum`,
      );
    }
  }
}
