/**
 * Operators and rendered workloads are ready: Deployments, DaemonSets and StatefulSets by their
 * status counters (kubernetes/api apps/v1/types.go@v0.35.0: readyReplicas, numberReady,
 * desiredNumberScheduled, updatedReplicas). Helm releases are found by the
 * `app.kubernetes.io/instance=<release>` label Helm charts put on their workloads; the Knative
 * operator's KnativeServing (Serving and Kourier) by its Ready condition
 * (knative/operator pkg/apis/operator/v1beta1/knativeserving_lifecycle.go@knative-v1.21.1, IsReady).
 */
import type { Expected, ExpectedRelease } from '../expected';
import { describeCondition, fail, isTrue, pass, ref, type CheckResult, type ClusterReader, type K8sObject } from '../types';

const KINDS = ['Deployment', 'DaemonSet', 'StatefulSet'] as const;

/** Ready when every wanted replica (or every scheduled daemon pod) is ready; why not, otherwise. */
export function notReadyReason(w: K8sObject): string | undefined {
  const s = w.status ?? {};
  if (w.kind === 'DaemonSet') {
    const want = s.desiredNumberScheduled ?? 0;
    return (s.numberReady ?? 0) >= want ? undefined : `${s.numberReady ?? 0}/${want} daemon pods ready`;
  }
  const want = w.spec?.replicas ?? 1;
  return (s.readyReplicas ?? 0) >= want ? undefined : `${s.readyReplicas ?? 0}/${want} replicas ready`;
}

const kubectlKind = (kind: string) => kind.toLowerCase();

/** One workload's readiness (`operators.workload-ready`). */
export function workloadCheck(id: string, w: K8sObject | undefined, expected: K8sObject): CheckResult {
  const subject = `${expected.kind} ${ref(expected)}`;
  const ns = expected.metadata.namespace ?? 'default';
  if (!w) return fail(id, subject, 'not found', `kubectl -n ${ns} get ${kubectlKind(expected.kind)}`);
  const why = notReadyReason(w);
  return why ? fail(id, subject, why, `kubectl -n ${ns} describe ${kubectlKind(w.kind)} ${w.metadata.name}`) : pass(id, subject, 'ready');
}

/** A Helm release's workloads, all ready, at least one (`operators.release-ready`). */
export function releaseCheck(r: ExpectedRelease, found: readonly K8sObject[]): CheckResult {
  const subject = `${r.releaseName} (${r.namespace})`;
  const selector = `app.kubernetes.io/instance=${r.releaseName}`;
  if (found.length === 0) return fail('operators.release-ready', subject, `no Deployment, DaemonSet or StatefulSet labelled ${selector}`, `kubectl -n ${r.namespace} get deploy,ds,sts -l ${selector}`);
  const bad = found.flatMap((w) => {
    const why = notReadyReason(w);
    return why ? [`${w.kind} ${w.metadata.name}: ${why}`] : [];
  });
  return bad.length
    ? fail('operators.release-ready', subject, bad.join('; '), `kubectl -n ${r.namespace} get pods -l ${selector}`)
    : pass('operators.release-ready', subject, `${found.length} workload(s) ready`);
}

async function releaseWorkloads(k: ClusterReader, r: ExpectedRelease): Promise<K8sObject[]> {
  const lists = await Promise.all(KINDS.map((kind) => k.list('apps/v1', kind, r.namespace, `app.kubernetes.io/instance=${r.releaseName}`)));
  return lists.flat();
}

/** Operators (Helm releases), rendered workloads and KnativeServing. */
export async function workloadChecks(e: Expected, k: ClusterReader): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const r of e.releases) out.push(releaseCheck(r, await releaseWorkloads(k, r)));
  for (const w of e.workloads) {
    const live = await k.list('apps/v1', w.kind, w.metadata.namespace);
    out.push(workloadCheck('operators.workload-ready', live.find((x) => x.metadata.name === w.metadata.name), w));
  }
  for (const s of e.knativeServing) {
    const live = (await k.list(s.apiVersion, s.kind, s.metadata.namespace)).find((x) => x.metadata.name === s.metadata.name);
    const next = `kubectl -n ${s.metadata.namespace} get knativeserving ${s.metadata.name} -o yaml`;
    out.push(!live ? fail('knative.serving-ready', ref(s), 'not found', next)
      : isTrue(live, 'Ready') ? pass('knative.serving-ready', ref(s), 'Ready') : fail('knative.serving-ready', ref(s), describeCondition(live, 'Ready'), next));
  }
  return out;
}
