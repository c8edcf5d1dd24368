/**
 * Rendered files -> the objects Argo CD applies, per environment and Application: every YAML
 * document of `dist/<env>/<app>/` (the folder is the Application), the Argo CD bootstrap of
 * `argocd/<env>/`, and each chart's Helm values as one object of its own (the chart and version
 * come from the values file's header). `budget.md` and `secrets.md` are kept as text.
 */
import * as yaml from 'js-yaml';
import type { FileMap } from './tree';

/** The Application name used for `argocd/<env>/` (root app, AppProject, ApplicationSets, Argo CD values). */
export const BOOTSTRAP_APP = 'argocd';

/** The pseudo-kind of a chart's values file. */
export const HELM_VALUES = 'HelmValues';

/** The chart a values file is for, from its header comment. */
export interface ChartRef {
  readonly chart: string;
  readonly version: string;
  readonly repoURL?: string;
}

/** One rendered object (or a values file), where it was found. */
export interface RenderedObject {
  /** `group/kind/namespace/name`: what pairs base and head (the API version is a field, not the identity). */
  readonly id: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly env: string;
  readonly app: string;
  readonly file: string;
  readonly doc: Record<string, any>;
  /** Values files only: the chart from the header. */
  readonly chart?: ChartRef;
}

/** Everything one environment renders. */
export interface EnvironmentOutput {
  readonly name: string;
  /** Application -> id -> object. */
  readonly apps: ReadonlyMap<string, ReadonlyMap<string, RenderedObject>>;
  /** Text of `dist/<env>/<file>.md` (budget.md, secrets.md). */
  readonly documents: ReadonlyMap<string, string>;
}

export type Snapshot = ReadonlyMap<string, EnvironmentOutput>;

const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

export function objectId(kind: string, apiVersion: string, namespace: string | undefined, name: string): string {
  return `${groupOf(apiVersion)}/${kind}/${namespace ?? ''}/${name}`;
}

/** `# Helm values for <chart> <version> (<repo>...` */
export function chartOfHeader(text: string): ChartRef | undefined {
  const m = /^# Helm values for (\S+) (\S+) \(([^,)]+)/.exec(text);
  if (!m) return undefined;
  const repo = m[3].startsWith('Argo CD ') ? /, (\S+)\)/.exec(text.split('\n')[0])?.[1] : m[3];
  return { chart: m[1], version: m[2], repoURL: repo };
}

/** Where a file belongs: environment and Application, or an environment document; undefined otherwise. */
export function placeOf(file: string): { env: string; app?: string; document?: string } | undefined {
  const parts = file.split('/');
  if (parts[0] === 'dist' && parts.length === 3 && parts[2].endsWith('.md')) return { env: parts[1], document: parts[2] };
  if (parts[0] === 'dist' && parts.length >= 4) return { env: parts[1], app: parts[2] };
  if (parts[0] === 'argocd' && parts.length >= 3) return { env: parts[1], app: BOOTSTRAP_APP };
  return undefined;
}

/**
 * Parsed documents by file text: an unchanged file has the same text on both sides, so it is
 * parsed once. Frozen, so no comparison can change what the other side sees. Bounded: a diff
 * holds two trees of a few hundred files each.
 */
const parsed = new Map<string, readonly unknown[]>();
const PARSED_MAX = 20_000;

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

function loadOnce(text: string): readonly unknown[] {
  let docs = parsed.get(text);
  if (!docs) {
    docs = deepFreeze(yaml.loadAll(text));
    if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value!);
    parsed.set(text, docs);
  }
  return docs;
}

function parseDocs(file: string, text: string): Record<string, any>[] {
  try {
    return loadOnce(text).filter((d): d is Record<string, any> => !!d && typeof d === 'object');
  } catch (e) {
    throw new Error(`${file}: not YAML (${(e as Error).message.split('\n')[0]})`);
  }
}

/** Parses one side's files into objects per environment and Application. */
export function snapshotOf(files: FileMap): Snapshot {
  const envs = new Map<string, { name: string; apps: Map<string, Map<string, RenderedObject>>; documents: Map<string, string> }>();
  const envOf = (name: string) => {
    if (!envs.has(name)) envs.set(name, { name, apps: new Map(), documents: new Map() });
    return envs.get(name)!;
  };
  for (const file of [...files.keys()].sort()) {
    const place = placeOf(file);
    if (!place) continue;
    const text = files.get(file)!;
    const env = envOf(place.env);
    if (place.document) {
      env.documents.set(place.document, text);
      continue;
    }
    if (!/\.ya?ml$/.test(file) || !place.app) continue;
    const app = env.apps.get(place.app) ?? new Map<string, RenderedObject>();
    env.apps.set(place.app, app);
    const base = file.split('/').pop()!;
    if (base.endsWith('values.yaml')) {
      // A chart's values (dist/<env>/<chart>/values.yaml, argocd/<env>/argo-cd-values.yaml): one object.
      const chart = chartOfHeader(text);
      const name = chart?.chart ?? place.app;
      const doc = (loadOnce(text)[0] as Record<string, any> | undefined) ?? {};
      app.set(objectId(HELM_VALUES, HELM_VALUES, undefined, name), { id: objectId(HELM_VALUES, HELM_VALUES, undefined, name), apiVersion: HELM_VALUES, kind: HELM_VALUES, name, env: place.env, app: place.app, file, doc, chart });
      continue;
    }
    for (const doc of parseDocs(file, text)) {
      const kind = String(doc.kind ?? 'Unknown');
      const apiVersion = String(doc.apiVersion ?? '');
      const namespace = doc.metadata?.namespace as string | undefined;
      const name = String(doc.metadata?.name ?? base);
      const id = objectId(kind, apiVersion, namespace, name);
      app.set(id, { id, apiVersion, kind, namespace, name, env: place.env, app: place.app, file, doc });
    }
  }
  return envs;
}

/** `Kind namespace/name` (or `Kind name`). */
export function describeObject(o: Pick<RenderedObject, 'kind' | 'namespace' | 'name'>): string {
  if (o.kind === HELM_VALUES) return `Helm values of ${o.name}`;
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}
