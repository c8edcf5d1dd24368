/**
 * Facts about a chart's pods from its default values, found by shape rather than by chart:
 *
 * - images: every `{repository, tag|registry|digest|sha}` map, and every `image: "repo[:tag]"`
 *   string (with a sibling `tag`, as knative-operator writes it), by the path of the image value;
 * - components: every map (outside lists) with a pod-level fact key, with those values:
 *   security contexts, resource requests, priorityClassName, replicas, and `enabled` where a
 *   map that holds an image can be switched off.
 *
 * The check in src/charts/helm/chart-facts.ts overlays our values at the same paths.
 */
import { compareText } from '../config/order';
import { joinKey } from './chart-keys';

/** An image reference as the chart's values spell it. */
export interface ImageFact {
  readonly registry?: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Keys whose values describe a pod or container, kept as the chart writes them. */
export const COMPONENT_KEYS = [
  'securityContext',
  'podSecurityContext',
  'containerSecurityContext',
  'resources',
  'priorityClassName',
  'replicas',
  'replicaCount',
] as const;

export type ComponentFacts = Partial<Record<(typeof COMPONENT_KEYS)[number] | 'enabled', unknown>>;

export interface ChartFacts {
  readonly images: Record<string, ImageFact>;
  readonly components: Record<string, ComponentFacts>;
}

type Values = Record<string, unknown>;

const isMap = (v: unknown): v is Values => !!v && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

/** Drops undefined fields so the JSON stays minimal and stable. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** `repo:tag@sha256:...` split into its parts (a port in the host is not a tag). */
export function parseImageRef(ref: string): ImageFact {
  const [nameTag, digest] = ref.split('@');
  const colon = nameTag.lastIndexOf(':');
  const hasTag = colon > nameTag.lastIndexOf('/');
  return compact({ repository: hasTag ? nameTag.slice(0, colon) : nameTag, tag: hasTag ? nameTag.slice(colon + 1) : undefined, digest });
}

/** The image a value describes, if it is an image map or an `image:` string. */
export function imageOf(key: string, v: unknown, parent: Values): ImageFact | undefined {
  if (key === 'image' && typeof v === 'string') {
    const ref = parseImageRef(v);
    return compact({ ...ref, tag: ref.tag ?? text(parent.tag) });
  }
  if (!isMap(v) || typeof v.repository !== 'string') return undefined;
  if (!['tag', 'registry', 'digest', 'sha'].some((k) => k in v)) return undefined;
  return compact({ registry: text(v.registry), repository: v.repository, tag: text(v.tag), digest: text(v.digest) ?? text(v.sha) });
}

function componentOf(v: Values): ComponentFacts | undefined {
  const found = COMPONENT_KEYS.filter((k) => k in v).map((k) => [k, k === 'resources' ? requestsOf(v[k]) : v[k]] as const);
  return found.length ? Object.fromEntries(found) : undefined;
}

/** Only requests matter for scheduling: limits are dropped, also from per-component maps (`resources.operator`). */
function requestsOf(resources: unknown): unknown {
  if (!isMap(resources)) return {};
  return Object.fromEntries(Object.entries(resources).filter(([k]) => k !== 'limits').map(([k, v]) => [k, k === 'requests' ? v : requestsOf(v)]));
}

function walk(v: Values, prefix: string, out: { images: Record<string, ImageFact>; components: Record<string, ComponentFacts> }): void {
  const component = componentOf(v);
  if (component && prefix) out.components[prefix] = component;
  for (const [k, child] of Object.entries(v)) {
    const p = joinKey(prefix, k);
    const image = imageOf(k, child, v);
    if (image) out.images[p] = image;
    else if (isMap(child)) walk(child, p, out);
  }
}

/** Adds `enabled: false|true` of the maps that hold an image, so the check can skip what never renders. */
function addSwitches(values: Values, out: { images: Record<string, ImageFact>; components: Record<string, ComponentFacts> }): void {
  for (const imagePath of Object.keys(out.images)) {
    let node: unknown = values;
    let p = '';
    for (const seg of splitPath(imagePath).slice(0, -1)) {
      node = isMap(node) ? node[seg] : undefined;
      p = joinKey(p, seg);
      const flag = isMap(node) ? (node.enabled ?? node.enable) : undefined;
      if (typeof flag === 'boolean') out.components[p] = { ...out.components[p], enabled: flag };
    }
  }
}

const segments = new Map<string, readonly string[]>();

/**
 * Inverse of joinKey: `a.b["c.d"].e` -> [a, b, c.d, e]. Each path is split once (validation and
 * rendering split the same few hundred chart paths thousands of times); callers get their own copy.
 */
export function splitPath(path: string): string[] {
  let split = segments.get(path);
  if (!split) segments.set(path, (split = [...path.matchAll(/\["([^"]+)"\]|([^.[\]]+)/g)].map((m) => m[1] ?? m[2])));
  return [...split];
}

const sorted = <T>(o: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(o).sort(([a], [b]) => compareText(a, b)));

export function chartFacts(values: unknown): ChartFacts {
  const out = { images: {} as Record<string, ImageFact>, components: {} as Record<string, ComponentFacts> };
  if (!isMap(values)) return out;
  walk(values, '', out);
  addSwitches(values, out);
  const top = componentOf(values);
  if (top) out.components[''] = top;
  return { images: sorted(out.images), components: sorted(out.components) };
}
