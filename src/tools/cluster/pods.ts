/**
 * Pods from pod templates: one Pod per workload object, as its controller would create it, so
 * admission (Pod Security, LimitRange, ResourceQuota, ServiceAccount, Priority) and Kyverno
 * judge exactly what would run. Knative Services become the Pod of their user container.
 */
import type { K8sObject } from './plan';

interface PodTemplate {
  readonly metadata?: { readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly spec: { readonly containers: readonly Record<string, unknown>[]; readonly [k: string]: unknown };
}

type Spec = Record<string, unknown>;

/** Where each workload kind keeps its pod template. */
const TEMPLATE_OF: Record<string, (spec: Spec) => PodTemplate | undefined> = {
  Deployment: (s) => s.template as PodTemplate,
  StatefulSet: (s) => s.template as PodTemplate,
  DaemonSet: (s) => s.template as PodTemplate,
  ReplicaSet: (s) => s.template as PodTemplate,
  Job: (s) => s.template as PodTemplate,
  CronJob: (s) => ((s.jobTemplate as Spec | undefined)?.spec as Spec | undefined)?.template as PodTemplate | undefined,
};

/**
 * Revision fields Knative keeps for itself and never puts in the Pod
 * (knative/serving pkg/apis/serving/v1/revision_types.go@knative-v1.21.1, RevisionSpec).
 */
const REVISION_ONLY = ['containerConcurrency', 'timeoutSeconds', 'responseStartTimeoutSeconds', 'idleTimeoutSeconds'];

/** Knative Serving names the user container `user-container` when the template names none. */
function knativeTemplate(s: Spec): PodTemplate {
  const t = s.template as PodTemplate;
  const spec = Object.fromEntries(Object.entries(t.spec).filter(([k]) => !REVISION_ONLY.includes(k))) as PodTemplate['spec'];
  return { ...t, spec: { ...spec, containers: t.spec.containers.map((c) => ({ name: 'user-container', ...c })) } };
}

function templateOf(o: K8sObject): PodTemplate | undefined {
  const spec = o.spec as Spec | undefined;
  if (!spec) return undefined;
  if (o.kind === 'Service' && o.apiVersion.startsWith('serving.knative.dev/')) return knativeTemplate(spec);
  return o.apiVersion.startsWith('apps/') || o.apiVersion.startsWith('batch/') ? TEMPLATE_OF[o.kind]?.(spec) : undefined;
}

/** The Pod a workload object would create (undefined for objects without a pod template). */
export function podFor(o: K8sObject, defaultNamespace?: string): K8sObject | undefined {
  if (o.kind === 'Pod' && o.apiVersion === 'v1') return o;
  const t = templateOf(o);
  if (!t) return undefined;
  const name = `${o.kind.toLowerCase()}-${o.metadata.name}`.slice(0, 63).replace(/-+$/, '');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.metadata.namespace ?? defaultNamespace, labels: t.metadata?.labels, annotations: t.metadata?.annotations },
    spec: t.spec,
  };
}
