/**
 * Validators for custom resources built from the pinned CRDs themselves (imports/crds/, written
 * by `npm run import`): each served version's `openAPIV3Schema`, turned into JSON Schema the way
 * the API server reads it: objects with `properties` accept no other key unless they carry
 * `x-kubernetes-preserve-unknown-fields`, and `x-kubernetes-int-or-string` accepts both types.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
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
  if (typeof s.pattern === 'string') out.pattern = jsPattern(s.pattern);
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
 * CRD patterns are Go RE2 (the API server's engine). The only RE2-only syntax in the pinned CRDs
 * is the case-insensitive flag group `(?i)` (prometheus-operator, right after `^`); JavaScript
 * has no inline flags, so the letters after it become `[xX]` classes.
 */
export function jsPattern(pattern: string): string {
  const at = pattern.indexOf('(?i)');
  if (at < 0) return pattern;
  const rest = pattern.slice(at + 4).replace(/\\.|\[[^\]]*\]|[a-zA-Z]/g, (m) => (m.length === 1 ? `[${m.toLowerCase()}${m.toUpperCase()}]` : m));
  return pattern.slice(0, at) + rest;
}

// `nullable` is OpenAPI's; formats are not checked (the API server checks only a few).
// `code.source` keeps each validator's generated code, cached on disk below.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { source: true } });
const compiled = new Map<string, ValidateFunction>();

/** The validator of a pinned CRD's kind at this version, or undefined when no CRD defines it. */
export function crdValidator(apiVersion: string, kind: string): ValidateFunction | undefined {
  const key = `${apiVersion}/${kind}`;
  if (!compiled.has(key)) {
    const validate = cachedValidator(key);
    if (!validate) return undefined;
    compiled.set(key, validate);
  }
  return compiled.get(key);
}

/**
 * Compiling the largest CRD schemas (ApplicationSet, ClusterPolicy) takes seconds; the generated
 * code is kept in node_modules/.cache, keyed by the CRD files and the ajv version, so only the
 * first run after an import or an upgrade pays for it.
 */
function cachedValidator(key: string): ValidateFunction | undefined {
  const file = path.join(CACHE_DIR, `${cacheKey()}-${key.replace(/[^a-zA-Z0-9.-]/g, '_')}.cjs`);
  if (fs.existsSync(file)) return require(file) as ValidateFunction;
  const schema = crdSchemas().get(key);
  if (!schema) return undefined;
  const validate = ajv.compile(structural(schema) as Schema);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${file}.${process.pid}`;
  fs.writeFileSync(tmp, standaloneCode(ajv, validate));
  fs.renameSync(tmp, file);
  return validate;
}

const CACHE_DIR = path.resolve(__dirname, '../../node_modules/.cache/crd-validators');
let key: string | undefined;

function cacheKey(): string {
  if (key) return key;
  const h = createHash('sha256').update(require('ajv/package.json').version);
  for (const f of fs.readdirSync(CRD_DIR).sort()) h.update(f).update(fs.readFileSync(path.join(CRD_DIR, f)));
  h.update(fs.readFileSync(__filename));
  key = h.digest('hex').slice(0, 16);
  return key;
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
