/**
 * Flattens a chart's default values (and its values.schema.json, where it has one) into the
 * key paths the chart knows, each with the shape of its default. Paths use dots; list items
 * use `[]` (e.g. `controller.tolerations[].key`). Keys containing dots are quoted in brackets:
 * `podAnnotations["prometheus.io/scrape"]`.
 */
import { compareText } from '../config/order';
export type KeyShape = 'map' | 'empty-map' | 'list' | 'scalar' | 'null';

export function joinKey(parent: string, key: string): string {
  const part = /^[A-Za-z0-9_-]+$/.test(key) ? key : `["${key}"]`;
  if (!parent) return part;
  return part.startsWith('[') ? `${parent}${part}` : `${parent}.${part}`;
}

function shapeOf(v: unknown): KeyShape {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return Object.keys(v).length ? 'map' : 'empty-map';
  return 'scalar';
}

function walkValues(v: unknown, prefix: string, out: Map<string, KeyShape>): void {
  if (prefix) out.set(prefix, shapeOf(v));
  if (Array.isArray(v)) {
    for (const item of v) walkValues(item, `${prefix}[]`, out);
  } else if (v && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) walkValues(child, joinKey(prefix, k), out);
  }
}

interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Record<string, JsonSchema>;
  readonly items?: JsonSchema;
}

function walkSchema(s: JsonSchema | undefined, prefix: string, out: Map<string, KeyShape>): void {
  if (!s) return;
  for (const [k, child] of Object.entries(s.properties ?? {})) {
    const p = joinKey(prefix, k);
    const types = ([] as string[]).concat(child.type ?? []);
    if (!out.has(p)) {
      out.set(p, types.includes('array') ? 'list' : child.properties ? 'map' : types.includes('object') ? 'empty-map' : 'scalar');
    }
    walkSchema(child, p, out);
    if (child.items) walkSchema(child.items, `${p}[]`, out);
  }
}

export function chartKeyPaths(values: unknown, schema?: JsonSchema): Record<string, KeyShape> {
  const out = new Map<string, KeyShape>();
  walkValues(values, '', out);
  walkSchema(schema, '', out);
  return Object.fromEntries([...out.entries()].sort(([a], [b]) => compareText(a, b)));
}
