/**
 * Nodes: every node Ready; every node of a GPU pool (label `karpenter.sh/nodepool`,
 * kubernetes-sigs/karpenter pkg/apis/v1/labels.go@v1.9.0 NodePoolLabelKey) advertises the
 * `nvidia.com/gpu` count the instance catalogue gives its instance type (resource name:
 * NVIDIA/k8s-device-plugin internal/lm/mig-strategy.go@v0.19.1), carries the pool's taints and
 * template labels, and runs a device-plugin and a DCGM exporter pod.
 */
import { helmCharts } from '../../config/versions';
import { instanceTypes } from '../../config/instances';
import type { Expected, ExpectedGpuPool, ExpectedRelease } from '../expected';
import { describeCondition, fail, isTrue, pass, type CheckResult, type ClusterReader, type K8sObject } from '../types';

export const POOL_LABEL = 'karpenter.sh/nodepool';
export const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';

/** Ready condition of one node. */
export function nodeReadyCheck(n: K8sObject): CheckResult {
  const name = n.metadata.name;
  return isTrue(n, 'Ready') ? pass('nodes.ready', name, 'Ready') : fail('nodes.ready', name, describeCondition(n, 'Ready'), `kubectl describe node ${name}`);
}

/** GPU allocatable, taints and labels of one node of a GPU pool. */
export function gpuNodeChecks(n: K8sObject, pool: ExpectedGpuPool, resource: string): CheckResult[] {
  const name = n.metadata.name;
  const type = n.metadata.labels?.[INSTANCE_TYPE_LABEL] ?? 'unknown';
  const want = instanceTypes[type]?.gpuCount;
  const got = n.status?.allocatable?.[resource];
  const describe = `kubectl describe node ${name}`;
  const taints: { key: string; value?: string; effect: string }[] = n.spec?.taints ?? [];
  const missingTaints = pool.taints.filter((t) => !taints.some((x) => x.key === t.key && (x.value ?? '') === (t.value ?? '') && x.effect === t.effect));
  const labels = n.metadata.labels ?? {};
  const missingLabels = Object.entries(pool.labels).filter(([k, v]) => labels[k] !== v);
  return [
    want === undefined
      ? fail('gpu.allocatable', name, `instance type ${type} is not in the instance catalogue`, describe)
      : String(got) === String(want)
        ? pass('gpu.allocatable', name, `${resource} ${got} (${type})`)
        : fail('gpu.allocatable', name, `${resource} allocatable ${got ?? 'missing'}, ${type} has ${want}: device plugin not running or GPUs unhealthy`, `kubectl get node ${name} -o jsonpath='{.status.allocatable}'`),
    missingTaints.length || missingLabels.length
      ? fail('gpu.taints-labels', name, [...missingTaints.map((t) => `taint ${t.key}=${t.value ?? ''}:${t.effect} missing`), ...missingLabels.map(([k, v]) => `label ${k}=${v} missing`)].join('; '), describe)
      : pass('gpu.taints-labels', name, `pool ${pool.name} taints and labels present`),
  ];
}

/** A release's pod Running and Ready on a node (`gpu.node-agents`). */
export function agentCheck(node: string, r: ExpectedRelease, pods: readonly K8sObject[]): CheckResult {
  const mine = pods.filter((p) => p.spec?.nodeName === node);
  const ready = mine.some((p) => isTrue(p, 'Ready'));
  return ready
    ? pass('gpu.node-agents', `${node} ${r.releaseName}`, 'pod Ready')
    : fail('gpu.node-agents', `${node} ${r.releaseName}`, mine.length ? 'pod not Ready' : 'no pod on this node', `kubectl -n ${r.namespace} get pods -l app.kubernetes.io/instance=${r.releaseName} -o wide --field-selector spec.nodeName=${node}`);
}

/** Releases that must run a pod on every GPU node: the device plugin and the DCGM exporter. */
const nodeAgents = (e: Expected) => e.releases.filter((r) => r.chart === helmCharts.nvidiaDevicePlugin.chart || r.chart === helmCharts.dcgmExporter.chart);

/** Every node, and the GPU pools' nodes in detail. */
export async function nodeChecks(e: Expected, k: ClusterReader): Promise<CheckResult[]> {
  const nodes = await k.list('v1', 'Node');
  const out = nodes.map(nodeReadyCheck);
  const agents = await Promise.all(nodeAgents(e).map(async (r) => ({ r, pods: await k.list('v1', 'Pod', r.namespace, `app.kubernetes.io/instance=${r.releaseName}`) })));
  for (const pool of e.gpuPools) {
    const inPool = nodes.filter((n) => n.metadata.labels?.[POOL_LABEL] === pool.name);
    if (inPool.length === 0) out.push(pass('gpu.allocatable', `pool ${pool.name}`, 'no nodes (pool at zero)'));
    for (const n of inPool) {
      out.push(...gpuNodeChecks(n, pool, e.gpuResource));
      for (const a of agents) out.push(agentCheck(n.metadata.name, a.r, a.pods));
    }
  }
  return out;
}
