/**
 * Argo CD: every Application of the environment exists, is Synced and Healthy, at the expected
 * revision. Status fields: argoproj/argo-cd pkg/apis/application/v1alpha1/types.go@v3.3.14
 * (`status.sync.status` "Synced" = SyncStatusCodeSynced, `status.sync.revision` and
 * `status.sync.revisions` for multi-source Applications) and gitops-engine/pkg/health/health.go@v3.3.14
 * (`status.health.status` "Healthy", "Degraded", ...).
 */
import type { Expected } from '../expected';
import { fail, pass, type CheckResult, type ClusterReader, type K8sObject } from '../types';

const API = 'argoproj.io/v1alpha1';

/** Revisions an Application is synced to: one for a single source, one per source otherwise. */
const revisions = (a: K8sObject): string[] => [a.status?.sync?.revision, ...(a.status?.sync?.revisions ?? [])].filter((r): r is string => typeof r === 'string');

/** One Application's checks; `revision` (a Git commit) is compared when given. */
export function applicationChecks(name: string, namespace: string, app: K8sObject | undefined, revision?: string): CheckResult[] {
  const next = `kubectl -n ${namespace} get application ${name} -o yaml`;
  if (!app) return [fail('argocd.app-exists', name, 'Application not found', `kubectl -n ${namespace} get applications`)];
  const sync = app.status?.sync?.status ?? 'no sync status';
  const health = app.status?.health?.status ?? 'no health status';
  const out = [
    sync === 'Synced' ? pass('argocd.app-synced', name, 'Synced') : fail('argocd.app-synced', name, `sync status ${sync}`, next),
    health === 'Healthy' ? pass('argocd.app-healthy', name, 'Healthy') : fail('argocd.app-healthy', name, `health ${health}${app.status?.health?.message ? `: ${app.status.health.message}` : ''}`, next),
  ];
  if (revision) {
    const at = revisions(app);
    out.push(at.some((r) => r.startsWith(revision))
      ? pass('argocd.app-revision', name, `at ${revision.slice(0, 12)}`)
      : fail('argocd.app-revision', name, `at ${at.join(', ') || 'no revision'}, expected ${revision.slice(0, 12)} (push it, or pass --revision)`, next));
  }
  return out;
}

/** Every expected Application, looked up once per namespace. */
export async function argocdChecks(e: Expected, k: ClusterReader, revision?: string): Promise<CheckResult[]> {
  const namespaces = [...new Set(e.applications.map((a) => a.namespace))];
  const live = new Map<string, K8sObject>();
  for (const ns of namespaces) for (const a of await k.list(API, 'Application', ns)) live.set(`${ns}/${a.metadata.name}`, a);
  return e.applications.flatMap((a) => applicationChecks(a.name, a.namespace, live.get(`${a.namespace}/${a.name}`), revision));
}
