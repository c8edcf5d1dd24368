import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { outputsOf, renderOutputs } from '../../src/synth/render';
import type { EnvironmentConfig } from '../../src/config/types';

/** JSON with keys sorted at every level: equal exactly when the sorted-key YAML is equal. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const entries = Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
}

/**
 * Every output file of an environment as JSON, not serialized to YAML: hundreds of renders
 * compare the same documents the YAML files hold.
 */
export const renderedJson = (env: EnvironmentConfig) => new Map(renderOutputs(env).map((o) => [o.file, { o, json: JSON.stringify(o) }]));

/**
 * Same documents, as the sorted-key YAML would be: equal JSON is equal content, and only files
 * whose JSON differs are compared again with sorted keys (key order alone is no change). Stops
 * rendering at the first difference: most fields change an early chart.
 */
export function sameOutput(env: EnvironmentConfig, baseline: ReturnType<typeof renderedJson>): boolean {
  let count = 0;
  for (const o of outputsOf(env)) {
    const base = baseline.get(o.file);
    if (base === undefined || (JSON.stringify(o) !== base.json && canonical(o) !== canonical(base.o))) return false;
    count++;
  }
  return count === baseline.size;
}

/** Every leaf path of a config object, as key lists (keys may contain dots). */
export function leafPaths(v: unknown, prefix: string[] = []): string[][] {
  const isObject = (x: unknown) => x !== null && typeof x === 'object' && !Array.isArray(x);
  if (isObject(v)) return Object.entries(v as object).flatMap(([k, child]) => leafPaths(child, [...prefix, k]));
  // Lists of objects (triggers, budgets, taints): every field of every item is a leaf too.
  if (Array.isArray(v) && v.length > 0 && v.every(isObject)) return v.flatMap((item, i) => leafPaths(item, [...prefix, String(i)]));
  return [prefix];
}

export const show = (keys: string[]) => keys.map((k) => (k.includes('.') ? `["${k}"]` : k)).join('.').replace(/\.\[/g, '[');

const SWAPS: Record<string, string> = {
  privileged: 'baseline', baseline: 'privileged', restricted: 'privileged',
  AL2023: 'Bottlerocket', Bottlerocket: 'AL2023',
  WhenEmpty: 'WhenEmptyOrUnderutilized', WhenEmptyOrUnderutilized: 'WhenEmpty',
  none: 'internal', internal: 'none', public: 'internal',
};

/** A Kubernetes CPU or memory quantity (`250m`, `1Gi`): changed into another valid one, which the capacity model can still read. */
const QUANTITY = /^(\d+)(m|Ki|Mi|Gi|Ti)$/;

function changed(old: unknown): unknown {
  if (typeof old === 'number') return old + 1;
  if (typeof old === 'boolean') return !old;
  if (Array.isArray(old)) return old.length ? [...old, old[0]] : ['changed.example'];
  const s = String(old);
  const quantity = QUANTITY.exec(s);
  if (quantity) return `${Number(quantity[1]) + 1}${quantity[2]}`;
  const url = /^(http:\/\/127\.0\.0\.1:)(\d+)$/.exec(s);
  if (url) return `${url[1]}${Number(url[2]) + 1}`;
  return SWAPS[s] ?? `${s}-changed`;
}

export function mutate(env: EnvironmentConfig, keys: string[]): EnvironmentConfig {
  const draft = JSON.parse(JSON.stringify(env)); // breaks shared references, unlike structuredClone
  const parent = keys.slice(0, -1).reduce((o, k) => o[k], draft);
  parent[keys[keys.length - 1]] = changed(parent[keys[keys.length - 1]]);
  return draft;
}

/**
 * Fields that may leave dist/ unchanged by design, each with where it takes effect instead.
 * `*` stands for any map key or list index, so a new workload, pool or trigger needs no entry.
 * The test fails when any other field is ignored (a new field that never reaches the output),
 * and when an entry is ignored in no environment any more (move it out).
 */
const NOT_RENDERED: Record<string, string> = {
  'platform.network.sharesVpcCidrWith': 'validation across environments only (test/config/rules/cross-environment.test.ts)',
  'ingress.sharesHostsWith': 'validation across environments only (test/config/rules/cross-environment.test.ts)',
  'nodes.policy.allowLatestAmi': 'validation only: decides which AMI aliases are accepted (test/config/rules/nodes.test.ts)',
  'nodes.policy.requireOnDemandGpuFallback': 'validation only: refuses spot-only GPU pools (test/config/rules/nodes.test.ts)',
  'workloads.services.*.triggers.*.source': 'validation only, once another trigger already wakes the workload (test/config/rules/wake-up.test.ts)',
  'workloads.services.*.resources.vramMiB': 'placement input: changes the instance-type list only at a boundary (test/config/derived/placement.test.ts)',
  'workloads.services.*.streaming': 'validation only: may the timeout exceed the NLB idle timeout (test/config/rules/ingress.test.ts)',
  'ingress.tlsPolicy': 'applies to TLS listeners only; an environment without a certificate has none',
};

const PATTERNS = Object.keys(NOT_RENDERED).map((k) => ({ key: k, re: new RegExp(`^${k.replace(/[.[\]"]/g, '\\$&').replace(/\*/g, '[^.]+')}$`) }));
export const allowed = (field: string) => PATTERNS.some((p) => p.re.test(field));

/** Which of `shards` groups a field belongs to: a NOT_RENDERED entry's fields all in one group. */
function shardOf(field: string, shards: number): number {
  const key = PATTERNS.find((p) => p.re.test(field))?.key ?? field;
  let h = 0;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % shards;
}

/**
 * Field coverage of every registered environment, split into `shards` test files (one render per
 * field is the heaviest check of the suite; vitest runs the files in parallel). Shard `shard`
 * checks its fields, and the NOT_RENDERED entries whose fields fall in it.
 */
export function describeFieldCoverage(shard: number, shards: number): void {
  describe(`every environment field changes the rendered output (part ${shard + 1} of ${shards})`, () => {
    const ignoredBy = new Map<string, string[]>();
    for (const env of Object.values(environments)) {
      const baseline = renderedJson(env);
      const ignored = leafPaths(env)
        .filter((p) => show(p) !== 'name' && shardOf(show(p), shards) === shard)
        .filter((p) => sameOutput(mutate(env, p), baseline))
        .map(show);
      ignoredBy.set(env.name, ignored);
      it(`${env.name}: every ignored field is one that may be`, () => {
        expect(ignored.filter((f) => !allowed(f))).toEqual([]);
      });
    }
    it('every entry of NOT_RENDERED of this part is still ignored somewhere', () => {
      const all = [...ignoredBy.values()].flat();
      const mine = PATTERNS.filter((p) => shardOf(p.key, shards) === shard);
      expect(mine.filter((p) => !all.some((f) => p.re.test(f))).map((p) => p.key)).toEqual([]);
    });
  });
}
