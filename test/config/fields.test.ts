import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { renderOutputs } from '../../src/synth/render';
import type { EnvironmentConfig } from '../../src/config/types';

/** JSON with keys sorted at every level: equal exactly when the sorted-key YAML is equal. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const entries = Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
}

/**
 * Every output file of an environment with its documents as canonical JSON: 465 renders
 * compare the same documents the YAML files hold, without serializing them to YAML.
 */
const renderedJson = (env: EnvironmentConfig) => new Map(renderOutputs(env).map((o) => [o.file, canonical(o)]));

/** Every leaf path of a config object, as key lists (keys may contain dots). */
function leafPaths(v: unknown, prefix: string[] = []): string[][] {
  const isObject = (x: unknown) => x !== null && typeof x === 'object' && !Array.isArray(x);
  if (isObject(v)) return Object.entries(v as object).flatMap(([k, child]) => leafPaths(child, [...prefix, k]));
  // Lists of objects (triggers, budgets, taints): every field of every item is a leaf too.
  if (Array.isArray(v) && v.length > 0 && v.every(isObject)) return v.flatMap((item, i) => leafPaths(item, [...prefix, String(i)]));
  return [prefix];
}

const show = (keys: string[]) => keys.map((k) => (k.includes('.') ? `["${k}"]` : k)).join('.').replace(/\.\[/g, '[');

const SWAPS: Record<string, string> = {
  privileged: 'baseline', baseline: 'privileged', restricted: 'privileged',
  AL2023: 'Bottlerocket', Bottlerocket: 'AL2023',
  WhenEmpty: 'WhenEmptyOrUnderutilized', WhenEmptyOrUnderutilized: 'WhenEmpty',
  none: 'internal', internal: 'none', public: 'internal',
};

function changed(old: unknown): unknown {
  if (typeof old === 'number') return old + 1;
  if (typeof old === 'boolean') return !old;
  if (Array.isArray(old)) return old.length ? [...old, old[0]] : ['changed.example'];
  const s = String(old);
  const url = /^(http:\/\/127\.0\.0\.1:)(\d+)$/.exec(s);
  if (url) return `${url[1]}${Number(url[2]) + 1}`;
  return SWAPS[s] ?? `${s}-changed`;
}

function mutate(env: EnvironmentConfig, keys: string[]): EnvironmentConfig {
  const draft = JSON.parse(JSON.stringify(env)); // breaks shared references, unlike structuredClone
  const parent = keys.slice(0, -1).reduce((o, k) => o[k], draft);
  parent[keys[keys.length - 1]] = changed(parent[keys[keys.length - 1]]);
  return draft;
}

/**
 * Fields that do not change dist/ by design, each with where it takes effect instead. The test
 * fails when one of them starts changing the output (move it out) or a new field is ignored.
 */
const NOT_RENDERED: Record<string, string> = {
  'platform.network.sharesVpcCidrWith': 'validation across environments only (test/config/rules/cross-environment.test.ts)',
  'ingress.sharesHostsWith': 'validation across environments only (test/config/rules/cross-environment.test.ts)',
  'nodes.policy.allowLatestAmi': 'validation only: decides which AMI aliases are accepted (test/config/rules/nodes.test.ts)',
  'nodes.policy.requireOnDemandGpuFallback': 'validation only: refuses spot-only GPU pools (test/config/rules/nodes.test.ts)',
  'prod:workloads.services.embeddings.triggers.1.source': 'validation only: whether the signal exists at zero replicas',
  'nodes.daemonSetOverhead.memoryGiB': 'placement input: changes the instance-type list only at a boundary (test/config/derived/placement.test.ts)',
  'workloads.services.chat.resources.vramMiB': 'placement input (test/config/derived/placement.test.ts)',
  'workloads.services.embeddings.resources.vramMiB': 'placement input (test/config/derived/placement.test.ts)',
  'workloads.services.chat.streaming': 'validation only: may the timeout exceed the NLB idle timeout (test/config/rules/ingress.test.ts)',
  // `<env>:` entries hold for that environment only.
  'dev:ingress.tlsPolicy': 'applies to TLS listeners; dev has no certificate, so no TLS listener (prod renders it)',
};

/** The entries of NOT_RENDERED that apply to one environment. */
function notRendered(env: string): string[] {
  return Object.keys(NOT_RENDERED)
    .filter((k) => !/^[a-z0-9-]+:/.test(k) || k.startsWith(`${env}:`))
    .map((k) => k.replace(/^[a-z0-9-]+:/, ''));
}

describe('every environment field changes the rendered output', () => {
  for (const env of Object.values(environments)) {
    const baseline = renderedJson(env);
    const ignored = leafPaths(env)
      .filter((p) => show(p) !== 'name')
      .filter((p) => {
        const out = renderedJson(mutate(env, p));
        return out.size === baseline.size && [...out].every(([f, c]) => baseline.get(f) === c);
      })
      .map(show);
    it(`${env.name}: only the listed pending fields are ignored`, () => {
      expect(ignored.sort()).toEqual(notRendered(env.name).sort());
    });
  }
});
