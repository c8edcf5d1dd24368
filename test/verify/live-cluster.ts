/**
 * A real kube-apiserver (the cluster check's pinned etcd and API server) for the verify cluster
 * tests, and the objects a healthy environment holds there: the environment's rendered objects
 * applied as Argo CD would, plus what the controllers that do not run here would create or write
 * (Applications of the ApplicationSets, Helm releases' workloads, Nodes, node agents' Pods, and
 * every status). Status is written through the status subresource where the kind has one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { applyAll } from '../../src/tools/cluster/apply-helper';
import { scratchDir, startApiServer, startEtcd } from '../../src/tools/cluster/control-plane';
import { argoOrder, loadYamlFile, type ApplyStep, type K8sObject as PlanObject } from '../../src/tools/cluster/plan';
import type { Expected } from '../../src/verify/expected';
import type { K8sObject } from '../../src/verify/types';
import { ROOT } from '../support/rendered';
import { REVISION } from './healthy';

export { REVISION };
const NOW = '2026-01-01T00:00:00Z';
const INSTANCE = 'app.kubernetes.io/instance';

/** A control plane and a kubeconfig for the client under test. */
export interface LiveCluster {
  readonly kubeconfig: KubeConfig;
  /** Applies objects (status in `status`); throws naming every object the server refused. */
  apply(steps: readonly ApplyStep[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startLiveCluster(serviceCidr: string): Promise<LiveCluster> {
  const work = scratchDir();
  const etcd = await startEtcd(work);
  const server = await startApiServer({ etcd: etcd.url, etcdPrefix: '/registry-verify', serviceCidr, workDir: work }).catch(async (e) => {
    await etcd.stop();
    throw e;
  });
  const kubeconfig = new KubeConfig();
  kubeconfig.loadFromFile(server.kubeconfig);
  return {
    kubeconfig,
    async apply(steps) {
      const refused = (await applyAll(server.kubeconfig, steps)).filter((r) => !r.ok);
      if (refused.length) throw new Error(refused.map((r) => `${r.id}: ${r.error}`).join('\n'));
    },
    async stop() {
      await server.stop();
      await etcd.stop();
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}

/**
 * A status condition with every field the kind's condition schema requires. KEDA's Condition has
 * no lastTransitionTime (kedacore/keda apis/keda/v1alpha1/condition_types.go@v2.19.0), and
 * server-side apply refuses a field its schema does not declare.
 */
export const condition = (type: string, ok: boolean, kind = '', reason = ok ? type : `Not${type}`) => ({
  type,
  status: ok ? 'True' : 'False',
  reason,
  message: ok ? '' : `${reason} (written by the test)`,
  ...(kind === 'ScaledObject' ? {} : { lastTransitionTime: NOW }),
});

export const step = (object: K8sObject | PlanObject, status?: Record<string, unknown>): ApplyStep => ({
  id: `${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`,
  dryRun: false,
  object: object as PlanObject,
  ...(status ? { status } : {}),
});

/** Argo CD's namespace and every CRD the platform uses, as the bootstrap leaves them. */
export function bootstrapSteps(): ApplyStep[] {
  const dir = path.join(ROOT, 'imports', 'crds');
  const crds = fs.readdirSync(dir).sort().flatMap((f) => loadYamlFile(path.join(dir, f)));
  return [step({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'argocd' } }), ...crds.map((c) => ({ ...step(c), create: true }))];
}

/** Argo CD writes an Application's status in the object itself (the CRD has no status subresource). */
export function application(name: string, namespace: string, sync = 'Synced', health = 'Healthy', revision = REVISION): K8sObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace },
    spec: { project: 'default', destination: { server: 'https://kubernetes.default.svc' }, source: { repoURL: 'https://git.example.com/platform.git', path: '.' } },
    status: { sync: { status: sync, revision }, health: { status: health } },
  };
}

/** A Helm release's workload, found by its instance label; `ready` replicas of one. */
export function releaseDeployment(release: string, namespace: string, ready = 1): ApplyStep {
  const labels = { [INSTANCE]: release };
  const d = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: release, namespace, labels },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: 'registry.example.com/x:1' }] } } },
  };
  return step(d, { replicas: 1, readyReplicas: ready, availableReplicas: ready, updatedReplicas: 1 });
}

/** Rendered custom resources whose controller reports a Ready condition that verify reads. */
const readyObjects = (e: Expected): ReadonlySet<string> =>
  new Set([...e.knativeServing, ...e.nodePools, ...e.nodeClasses, ...e.scaledObjects, ...e.knativeServices, ...e.policies, ...e.externalSecrets].map(key));

const key = (o: K8sObject) => `${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;

/** Status a controller writes on a rendered object once it has acted on it. */
function renderedStatus(o: K8sObject, ready: ReadonlySet<string>): Record<string, unknown> | undefined {
  if (o.kind === 'Deployment' || o.kind === 'StatefulSet') return { replicas: 1, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 1 };
  return ready.has(key(o)) ? { conditions: [condition('Ready', true, o.kind)] } : undefined;
}

/** A Node of `pool` as the kubelet registers it and the device plugin updates it. */
export function nodeStep(name: string, o: { pool: string; instanceType: string; gpus?: string; ready?: boolean; taints?: readonly object[]; labels?: Record<string, string> }): ApplyStep {
  const resources = { cpu: '4', memory: '16Gi', pods: '58', ...(o.gpus === undefined ? {} : { 'nvidia.com/gpu': o.gpus }) };
  const node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'karpenter.sh/nodepool': o.pool, 'node.kubernetes.io/instance-type': o.instanceType, ...(o.labels ?? {}) } },
    spec: { taints: o.taints ?? [] },
  };
  const ready = { ...condition('Ready', o.ready !== false, 'Node', o.ready === false ? 'KubeletNotReady' : 'KubeletReady'), lastHeartbeatTime: NOW };
  return step(node, { capacity: resources, allocatable: resources, conditions: [ready] });
}

/** A node agent's Pod on `nodeName`, Running and Ready (or not). */
export function agentPodStep(release: string, namespace: string, nodeName: string, ready = true): ApplyStep {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${release}-${nodeName}`, namespace, labels: { [INSTANCE]: release } },
    spec: { nodeName, automountServiceAccountToken: false, tolerations: [{ operator: 'Exists' }], containers: [{ name: 'agent', image: 'registry.example.com/agent:1' }] },
  };
  return step(pod, { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: NOW }] });
}

/** GPU node agents: the device plugin and DCGM exporter releases. */
export const agentReleases = (e: Expected) => e.releases.filter((r) => ['nvidia-device-plugin', 'dcgm-exporter'].includes(r.chart));

/** Everything a healthy cluster running `e` holds, with one Ready GPU node `gpu-1` in the first GPU pool. */
export function healthySteps(e: Expected, rendered: readonly K8sObject[]): ApplyStep[] {
  const renderedApps = new Set(rendered.filter((o) => o.kind === 'Application').map((o) => o.metadata.name));
  const renderedNs = new Set(rendered.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  const releaseNs = [...new Set(e.releases.map((r) => r.namespace))].filter((n) => !renderedNs.has(n));
  const objects = argoOrder(rendered as unknown as PlanObject[]) as unknown as K8sObject[];
  const pool = e.gpuPools[0];
  const cpuPool = e.nodePools.find((p) => !e.gpuPools.some((g) => g.name === p.metadata.name))!.metadata.name;
  const ready = readyObjects(e);
  const namespaces = [...renderedNs, ...releaseNs];
  return [
    ...releaseNs.map((n) => step({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } })),
    ...objects.map((o) => (o.kind === 'Application' ? step({ ...o, status: application(o.metadata.name, o.metadata.namespace ?? 'argocd').status }) : step(o, renderedStatus(o, ready)))),
    ...e.applications.filter((a) => !renderedApps.has(a.name)).map((a) => step(application(a.name, a.namespace))),
    ...e.releases.map((r) => releaseDeployment(r.releaseName, r.namespace)),
    // The ServiceAccount controller's `default` account: Pods are refused without it.
    ...namespaces.map((n) => step({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: n } })),
    nodeStep('cpu-1', { pool: cpuPool, instanceType: 'm7i.xlarge' }),
    nodeStep('gpu-1', { pool: pool.name, instanceType: 'g4dn.xlarge', gpus: '1', taints: pool.taints, labels: pool.labels }),
    ...agentReleases(e).map((r) => agentPodStep(r.releaseName, r.namespace, 'gpu-1')),
  ];
}
