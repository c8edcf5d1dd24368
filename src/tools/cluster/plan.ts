/**
 * What `npm run check:cluster` sends to the API server for one environment, in the order Argo
 * CD would apply it: the bootstrap (Argo CD's namespace and every CRD the platform uses), the
 * root app and `argocd/<env>/apps/`, then each ApplicationSet's Applications by sync wave, each
 * Application's objects ordered like Argo CD's sync (wave, kind, name). After that, what the
 * controllers that do not run here would create (default ServiceAccounts, quota status), and
 * one dry-run Pod per pod template, so Pod Security, LimitRange, quota and priority admission
 * judge every pod the platform would start.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { SYNC_WAVE } from '../../gitops/settings';

/** A Kubernetes object as read from YAML. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly [key: string]: unknown;
}

/** One request to the apply helper (src/tools/cluster/apply). */
export interface ApplyStep {
  /** `<source>: <Kind> <namespace>/<name>`, shown with the server's answer. */
  readonly id: string;
  readonly dryRun: boolean;
  readonly object: K8sObject;
  /** Create instead of server-side apply (bootstrap CRDs: same validation, far cheaper). */
  readonly create?: boolean;
  /** Namespace of a namespaced object that names none (Argo CD's destination namespace). */
  readonly namespace?: string;
  /** Written to the status subresource after the apply (stands in for a controller). */
  readonly status?: Record<string, unknown>;
}

/**
 * Argo CD's apply order inside one sync wave: argoproj/gitops-engine pkg/sync/sync_tasks.go@v0.7.3
 * (`kindOrder`); kinds not listed (custom resources) come after all of these.
 */
const KIND_ORDER = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget', 'ServiceAccount',
  'Secret', 'SecretList', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition',
  'ClusterRole', 'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding',
  'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment',
  'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService',
];

const kindRank = (kind: string) => {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
};
const wave = (o: K8sObject) => Number(o.metadata.annotations?.[SYNC_WAVE] ?? 0);

/** Sorts like one Argo CD sync: wave, then kind, then name. */
export function argoOrder(objects: readonly K8sObject[]): K8sObject[] {
  return [...objects].sort((a, b) => wave(a) - wave(b) || kindRank(a.kind) - kindRank(b.kind) || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

export function loadYamlFile(file: string): K8sObject[] {
  return (yaml.loadAll(fs.readFileSync(file, 'utf8')) as (K8sObject | null)[]).filter((d): d is K8sObject => !!d?.kind);
}

function loadDir(dir: string): K8sObject[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().flatMap((f) => loadYamlFile(path.join(dir, f)));
}

export const describe = (o: K8sObject) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

interface AppSetElement {
  readonly name: string;
  readonly path?: string;
  readonly namespace?: string;
}

/** The Applications of one environment in Argo CD's order: by ApplicationSet wave, then list order. */
export function applicationsInOrder(root: string, env: string): AppSetElement[] {
  const appSets = loadDir(path.join(root, 'argocd', env, 'apps')).filter((o) => o.kind === 'ApplicationSet');
  return argoOrder(appSets).flatMap((s) => {
    const gens = (s.spec as { generators: { list?: { elements: AppSetElement[] } }[] }).generators;
    return gens.flatMap((g) => g.list?.elements ?? []);
  });
}

/** Options of {@link environmentPlan}. */
export interface PlanOptions {
  /** Project root (holds dist/, argocd/, imports/). */
  readonly root: string;
  readonly env: string;
  /** Rendered Helm charts (`npm run render-charts`), by Application name. */
  readonly charts?: ReadonlyMap<string, readonly K8sObject[]>;
}

const step = (source: string, object: K8sObject, dryRun = false, status?: Record<string, unknown>): ApplyStep => ({ id: `${source}: ${describe(object)}`, dryRun, object, ...(status ? { status } : {}) });

/** What the Argo CD install by hand leaves behind: its namespace, and every CRD the platform uses. */
function bootstrap(root: string): ApplyStep[] {
  const ns: K8sObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'argocd' } };
  const crds = loadDir(path.join(root, 'imports', 'crds'));
  return [step('bootstrap', ns), ...crds.map((c) => ({ ...step('imports/crds', c), create: true }))];
}

/** The quota controller's first write: usage zero, `hard` copied from the spec. */
function quotaStatus(o: K8sObject): Record<string, unknown> | undefined {
  if (o.kind !== 'ResourceQuota') return undefined;
  const hard = ((o.spec as { hard?: Record<string, string> }).hard ?? {});
  return { hard, used: Object.fromEntries(Object.keys(hard).map((k) => [k, '0'])) };
}

/** Every object of the environment, applied for real in Argo CD's order. */
export function applySteps(o: PlanOptions): ApplyStep[] {
  const steps = bootstrap(o.root);
  const argo = path.join(o.root, 'argocd', o.env);
  for (const obj of argoOrder([...loadYamlFile(path.join(argo, 'root-app.yaml')), ...loadDir(path.join(argo, 'apps'))])) steps.push(step(`argocd/${o.env}`, obj));
  for (const app of applicationsInOrder(o.root, o.env)) {
    const objects = app.path ? loadDir(path.join(o.root, app.path)) : [...(o.charts?.get(app.name) ?? [])];
    const source = app.path ?? `helm ${app.name}`;
    for (const obj of argoOrder(objects)) steps.push({ ...step(source, obj, false, quotaStatus(obj)), ...(app.namespace ? { namespace: app.namespace } : {}) });
  }
  return steps;
}
