/**
 * Validates rendered documents against upstream schemas: custom resources against the pinned
 * CRDs themselves (crd-schema.ts), core objects against `kubernetes-models` from npm, stricter
 * than it is by default:
 *
 * - unknown fields are rejected: the compiled upstream validator runs over a proxy of the
 *   document that records which keys the schema looked up; an object whose schema lists
 *   properties (any lookup at all) but that holds a key the schema never looked up has an
 *   unknown field. Free-form maps (labels, Helm values) are enumerated by the validator and pass.
 * - API versions must be served by the pinned components: core groups from the Kubernetes
 *   1.35 list below, CRD groups from imports/served-apis.json (derived from the pinned CRDs).
 */
import served from '../../imports/served-apis.json';
import { crdValidator, formatErrors } from './crd-schema';
import { openApiValidator } from './openapi-schema';

/** Core API group versions served by Kubernetes 1.35 (GA versions; removed betas are absent). */
const CORE_SERVED = new Set([
  'v1',
  'apps/v1',
  'batch/v1',
  'policy/v1',
  'autoscaling/v1',
  'autoscaling/v2',
  'networking.k8s.io/v1',
  'rbac.authorization.k8s.io/v1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1',
  'admissionregistration.k8s.io/v1',
  'apiextensions.k8s.io/v1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'node.k8s.io/v1',
  'certificates.k8s.io/v1',
  'events.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1',
  // GA in 1.34 (kubernetes/api resource/v1/types.go@v0.35.4, prerelease-lifecycle introduced=1.34).
  'resource.k8s.io/v1',
]);

/**
 * Property names the npm models' generator drops from schemas because they double as JSON
 * Schema annotation keywords (checked: IoK8sApiSchedulingV1PriorityClass validates no
 * `description`, although PriorityClass has one). They pass unchecked wherever they appear.
 */
const ANNOTATION_NAMED_FIELDS = new Set(['description', 'default']);

interface Access {
  readonly keys: Set<string>;
  enumerated: boolean;
}

type Doc = Record<string, unknown>;

function track(root: unknown): { proxy: unknown; access: WeakMap<object, Access> } {
  const access = new WeakMap<object, Access>();
  const proxies = new WeakMap<object, unknown>();
  const wrap = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (proxies.has(v)) return proxies.get(v);
    const info: Access = { keys: new Set(), enumerated: false };
    access.set(v, info);
    const p = new Proxy(v, {
      get(t, k, r) {
        if (typeof k === 'string') info.keys.add(k);
        return wrap(Reflect.get(t, k, r));
      },
      has(t, k) {
        if (typeof k === 'string') info.keys.add(k);
        return Reflect.has(t, k);
      },
      getOwnPropertyDescriptor(t, k) {
        if (typeof k === 'string') info.keys.add(k);
        return Reflect.getOwnPropertyDescriptor(t, k);
      },
      ownKeys(t) {
        info.enumerated = true;
        return Reflect.ownKeys(t);
      },
    });
    proxies.set(v, p);
    return p;
  };
  return { proxy: wrap(root), access };
}

function unknownFields(node: unknown, access: WeakMap<object, Access>, path: string, out: string[]): void {
  if (typeof node !== 'object' || node === null) return;
  const info = access.get(node);
  if (!info) return; // never reached: its parent is free-form or already reported
  if (Array.isArray(node)) {
    node.forEach((item, i) => unknownFields(item, access, `${path}[${i}]`, out));
    return;
  }
  const schemaKnowsKeys = info.keys.size > 0 && !info.enumerated;
  for (const [k, v] of Object.entries(node)) {
    if (schemaKnowsKeys && !info.keys.has(k) && !ANNOTATION_NAMED_FIELDS.has(k)) out.push(`${path}.${k}: unknown field`);
    else unknownFields(v, access, `${path}.${k}`, out);
  }
}

/** Whether the pinned components serve this apiVersion and kind. */
export function isServed(apiVersion: string, kind: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  if (CRD_GROUPS.has(group)) return ((served as Record<string, string[]>)[apiVersion] ?? []).includes(kind);
  return CORE_SERVED.has(apiVersion);
}

/** API groups the pinned CRDs define (any version, served or not). */
const CRD_GROUPS = new Set(Object.keys(served).map((gv) => gv.split('/')[0]));

/**
 * Every problem of one document (empty when valid): unserved API, schema violations
 * (types, enums, required fields, formats) and unknown fields, each with its path.
 */
export async function validateDocument(doc: Doc): Promise<string[]> {
  const { apiVersion, kind } = doc as { apiVersion?: string; kind?: string };
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return ['document has no apiVersion/kind'];
  if (!isServed(apiVersion, kind)) return [`${apiVersion} ${kind} is not served by the pinned versions`];
  const crd = crdValidator(apiVersion, kind);
  if (crd) return crd(doc) ? [] : formatErrors(crd.errors);
  // Kinds the npm models lack (resource.k8s.io): the pinned Kubernetes OpenAPI document.
  const core = openApiValidator(apiVersion, kind);
  if (core) return core(doc) ? [] : formatErrors(core.errors);
  let model: { prototype: { validate(this: unknown): void } };
  try {
    model = (await import(`kubernetes-models/${apiVersion}/${kind}`))[kind];
  } catch {
    return [`${apiVersion} ${kind}: no upstream schema on npm`];
  }
  // The tracking proxy hands out proxies for nested objects, which frozen documents forbid.
  const copy = structuredClone(doc);
  const { proxy, access } = track(copy);
  const errors: string[] = [];
  try {
    model.prototype.validate.call(proxy);
  } catch (e) {
    errors.push((e as Error).message);
  }
  unknownFields(copy, access, '', errors);
  return errors;
}
