/**
 * The live objects of a healthy cluster running an Expected: status written as each controller
 * would (Argo CD, the Deployment/DaemonSet controllers, Karpenter, KEDA, Knative, Kyverno,
 * External Secrets), plus Prometheus' rules and targets answers.
 */
import type { Expected } from '../../src/verify/expected';
import type { K8sObject } from '../../src/verify/types';
import { cond, node, obj, ready } from './objects';

export const REVISION = '0123456789abcdef0123456789abcdef01234567';

/** Objects whose status says everything is fine. */
export function healthyObjects(e: Expected): K8sObject[] {
  const out: K8sObject[] = [];
  for (const a of e.applications) out.push(obj('argoproj.io/v1alpha1', 'Application', a.name, a.namespace, { status: { sync: { status: 'Synced', revision: REVISION }, health: { status: 'Healthy' } } }));
  for (const r of e.releases) out.push(obj('apps/v1', 'Deployment', r.releaseName, r.namespace, { metadata: { name: r.releaseName, labels: { 'app.kubernetes.io/instance': r.releaseName } }, spec: { replicas: 1 }, status: { readyReplicas: 1 } }));
  // A Deployment rendered without replicas is KEDA's to scale: at rest KEDA has set it to 0.
  for (const w of e.workloads) {
    const replicas = w.spec?.replicas ?? 0;
    out.push({ ...w, spec: { ...w.spec, replicas }, status: w.kind === 'DaemonSet' ? { numberReady: 0, desiredNumberScheduled: 0 } : { readyReplicas: replicas } });
  }
  for (const o of [...e.knativeServing, ...e.nodePools, ...e.nodeClasses, ...e.scaledObjects, ...e.knativeServices, ...e.policies, ...e.externalSecrets]) out.push(ready(o));
  return out;
}

/** A GPU node of the first GPU pool with its taints and labels and one GPU advertised. */
export function gpuNode(e: Expected, name: string, instanceType: string, gpus: string): K8sObject {
  const pool = e.gpuPools[0];
  return node(name, pool.name, instanceType, { gpus, taints: pool.taints as object[], labels: pool.labels });
}

/** Ready node agents (device plugin, DCGM) on a node. */
export function agentPods(e: Expected, nodeName: string): K8sObject[] {
  return e.releases
    .filter((r) => ['nvidia-device-plugin', 'dcgm-exporter'].includes(r.chart))
    .map((r) => ({ ...obj('v1', 'Pod', `${r.releaseName}-${nodeName}`, r.namespace, { metadata: { name: `${r.releaseName}-${nodeName}`, labels: { 'app.kubernetes.io/instance': r.releaseName } }, spec: { nodeName } }), status: { conditions: [cond('Ready', 'True')] } }));
}

/** Prometheus' /api/v1/rules and /api/v1/targets bodies with every group loaded and every target up. */
export function prometheusAnswers(e: Expected): { rules: string; targets: string } {
  const groups = e.prometheusRules.flatMap((r) => (r.spec?.groups ?? []).map((g: { name: string }) => ({ name: g.name })));
  const activeTargets = e.scrapes.filter((s) => !s.mayBeEmpty).map((s) => ({ scrapePool: s.scrapePool, scrapeUrl: 'http://10.0.0.9:8080/metrics', health: 'up', lastError: '' }));
  return { rules: JSON.stringify({ status: 'success', data: { groups } }), targets: JSON.stringify({ status: 'success', data: { activeTargets, droppedTargets: [] } }) };
}
