/**
 * Validators for custom resources built from the pinned CRDs themselves (imports/crds/, written
 * by `npm run import`): each served version's `openAPIV3Schema`, turned into JSON Schema the way
 * the API server reads it: objects with `properties` accept no other key unless they carry
 * `x-kubernetes-preserve-unknown-fields`, and `x-kubernetes-int-or-string` accepts both types.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { loadAll } from 'js-yaml';

type Schema = Record<string, unknown>;

interface Crd {
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: readonly { readonly name: string; readonly served: boolean; readonly schema?: { readonly openAPIV3Schema: Schema } }[];
  };
}

const CRD_DIR = path.resolve(__dirname, '../../imports/crds');

/** A CRD schema node as JSON Schema with the API server's structural rules. */
export function structural(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(structural);
  if (!node || typeof node !== 'object') return node;
  const s = node as Schema;
  const out: Schema = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === 'properties' ? mapValues(v as Schema) : structural(v)]));
  if (s['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (s.properties && !s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

const mapValues = (props: Schema) => Object.fromEntries(Object.entries(props).map(([k, v]) => [k, structural(v)]));

let schemas: Map<string, Schema> | undefined;

/** `apiVersion/kind` -> openAPIV3Schema of every served version of every pinned CRD. */
function crdSchemas(): Map<string, Schema> {
  if (schemas) return schemas;
  schemas = new Map();
  for (const file of fs.readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml'))) {
    for (const crd of loadAll(fs.readFileSync(path.join(CRD_DIR, file), 'utf8')) as Crd[]) {
      for (const v of crd.spec.versions.filter((x) => x.served && x.schema)) {
        schemas.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, v.schema!.openAPIV3Schema);
      }
    }
  }
  return schemas;
}

/**
 * CRD patterns are Go RE2 (the API server's engine); the only RE2-only syntax in the pinned CRDs
 * is the case-insensitive flag group `(?i)` (Kyverno, right after `^`), which JavaScript spells
 * as the `i` flag of the whole expression.
 */
function goRegExp(pattern: string, flags: string): RegExp {
  return pattern.includes('(?i)') ? new RegExp(pattern.replaceAll('(?i)', ''), `${flags}i`) : new RegExp(pattern, flags);
}
goRegExp.code = 'goRegExp';

// `nullable` is OpenAPI's; formats are not checked (the API server checks only a few).
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: goRegExp } });
const compiled = new Map<string, ValidateFunction>();

/** The validator of a pinned CRD's kind at this version, or undefined when no CRD defines it. */
export function crdValidator(apiVersion: string, kind: string): ValidateFunction | undefined {
  const key = `${apiVersion}/${kind}`;
  if (!compiled.has(key)) {
    const schema = crdSchemas().get(key);
    if (!schema) return undefined;
    compiled.set(key, ajv.compile(structural(schema) as Schema));
  }
  return compiled.get(key);
}

/** `.a.b[0].c` from a JSON pointer `/a/b/0/c`. */
const dotted = (pointer: string) => pointer.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('');

/** One line per error: unknown fields as `<path>: unknown field`, others as ajv words them. */
export function formatErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) =>
    e.keyword === 'additionalProperties'
      ? `${dotted(e.instancePath)}.${(e.params as { additionalProperty: string }).additionalProperty}: unknown field`
      : `data${e.instancePath} ${e.message}`,
  );
}
