/**
 * Validators for core kinds that `kubernetes-models` 4.5.1 lacks (it has no `resource.k8s.io`
 * group): the kind's schema from the Kubernetes OpenAPI v3 document of its group at the pinned
 * version, trimmed to what the kind reaches (./openapi/<group>-<version>.json, which names its
 * source), read like CRD schemas (crd-schema.ts `structural`: unknown fields are refused).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import resourceV1 from './openapi/resource.k8s.io-v1.json';
import { structural } from './crd-schema';

interface OpenApiSubset {
  readonly kinds: Record<string, string>;
  readonly components: { readonly schemas: Record<string, unknown> };
}

const DOCUMENTS: Record<string, OpenApiSubset> = { 'resource.k8s.io/v1': resourceV1 as OpenApiSubset };

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();

/** The validator of a core kind from its OpenAPI document, or undefined when none is stored. */
export function openApiValidator(apiVersion: string, kind: string): ValidateFunction | undefined {
  const doc = DOCUMENTS[apiVersion];
  const root = doc?.kinds[kind];
  if (!doc || !root) return undefined;
  const key = `${apiVersion}/${kind}`;
  if (!compiled.has(key)) {
    const schemas = Object.fromEntries(Object.entries(doc.components.schemas).map(([k, v]) => [k, structural(v)]));
    compiled.set(key, ajv.compile({ $ref: `#/components/schemas/${root}`, components: { schemas } }));
  }
  return compiled.get(key);
}
