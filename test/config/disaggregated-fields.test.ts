import { describe, expect, it } from 'vitest';
import { App, Testing } from 'cdk8s';
import { InferenceWorkloadsChart } from '../../src/charts/inference-workloads';
import { NetworkPoliciesChart } from '../../src/charts/network-policies';
import type { EnvironmentConfig } from '../../src/config/types';
import { budgetMarkdown } from '../../src/report/markdown';
import { disaggregatedFixture } from '../fixtures/disaggregated';

/**
 * test/config/field-coverage.ts walks the sample environments, which run no disaggregated service;
 * this does the same for every field of the example service: changing it must change the output.
 */
const base = disaggregatedFixture();
/** What a disaggregated service reaches: its workloads, its NetworkPolicies and the budget report (the rest of synth would only be slower). */
function json(env: EnvironmentConfig): string {
  const app = new App();
  return JSON.stringify([Testing.synth(new InferenceWorkloadsChart(app, env)), Testing.synth(new NetworkPoliciesChart(app, env)), budgetMarkdown(env)]);
}

function leaves(v: unknown, prefix: string[] = []): string[][] {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return Object.entries(v).flatMap(([k, c]) => leaves(c, [...prefix, k]));
  return [prefix];
}

/** Fields that may leave the output unchanged, and why. */
const NOT_RENDERED: Record<string, string> = {
  'prefill.resources.vramMiB': 'placement input: changes the instance-type list only at a boundary',
  'decode.resources.vramMiB': 'placement input: changes the instance-type list only at a boundary',
};

function changed(old: unknown, key: string): unknown {
  if (key === 'zone') return 'us-nowhere-1z';
  if (key === 'pool') return old === 'gpu' ? 'a10g' : 'gpu';
  if (typeof old === 'number') return old + 1;
  if (typeof old === 'boolean') return !old;
  if (Array.isArray(old)) return [...old, '/changed'];
  return `${String(old)}-changed`;
}

describe('every field of a disaggregated service changes the rendered output', () => {
  it('the example service', () => {
    const baseline = json(base);
    const ignored: string[] = [];
    // `kind` selects the schema itself.
    for (const path of leaves(base.workloads.services.pd).filter((p) => p.join('.') !== 'kind')) {
      const draft = JSON.parse(JSON.stringify(base));
      const parent = path.slice(0, -1).reduce((o, k) => o[k], draft.workloads.services.pd);
      const key = path[path.length - 1];
      parent[key] = changed(parent[key], key);
      if (json(draft) === baseline) ignored.push(path.join('.'));
    }
    expect(ignored.filter((f) => !(f in NOT_RENDERED))).toEqual([]);
  });
});
