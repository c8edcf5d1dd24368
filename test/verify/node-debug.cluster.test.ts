/**
 * `--node-debug` against the real kube-apiserver: the debug Pod is admitted (Pod Security of the
 * rendered Dragonfly namespace), bound to the GPU node, and deleted on timeout and on Ctrl-C.
 * No kubelet runs here, so the Pod never starts: the comparison of what it prints is tested in
 * node-debug.test.ts. A restricted namespace refuses it, which is why it runs in Dragonfly's.
 */
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterReader } from '../../src/verify/client';
import { expectedFor, renderedObjects, type Expected } from '../../src/verify/expected';
import { nodeDebugChecks } from '../../src/verify/node-debug';
import { DEBUG_LABELS } from '../../src/verify/node-debug/pod';
import { fixtureEnvironment } from '../fixtures/environment';
import { rendered } from '../support/rendered';
import { nodeStep, startLiveCluster, step, type LiveCluster } from './live-cluster';

const env = fixtureEnvironment();
const files = rendered(env);
const e: Expected = expectedFor(env, files);
const selector = Object.entries(DEBUG_LABELS).map(([k, v]) => `${k}=${v}`).join(',');
let cluster: LiveCluster;
let core: CoreV1Api;

beforeAll(async () => {
  cluster = await startLiveCluster(env.platform.network.serviceCidr);
  core = cluster.kubeconfig.makeApiClient(CoreV1Api);
  const namespaces = renderedObjects(files).filter((o) => o.kind === 'Namespace' && [e.registryMirror.debugNamespace, 'karpenter'].includes(o.metadata.name));
  const pool = e.gpuPools[0];
  await cluster.apply([
    ...namespaces.map((n) => step(n)),
    ...namespaces.map((n) => step({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: n.metadata.name } })),
    nodeStep('gpu-1', { pool: pool.name, instanceType: 'g4dn.xlarge', gpus: '1', taints: pool.taints, labels: pool.labels }),
  ]);
});
afterAll(() => cluster?.stop());

const debugPods = async (namespace = e.registryMirror.debugNamespace) => (await core.listNamespacedPod({ namespace, labelSelector: selector })).items;

/** Runs the check and hands the debug Pod, once the API server holds it, to `seen`. */
async function runSeeing(o: { timeoutMs: number; signal?: AbortSignal }, seen: (p: V1Pod) => void) {
  const result = nodeDebugChecks(e, clusterReader(cluster.kubeconfig), cluster.kubeconfig, { ...o, pollMs: 100 });
  let pods: V1Pod[] = [];
  for (let i = 0; i < 50 && pods.length === 0; i++) {
    pods = await debugPods();
    if (!pods.length) await new Promise((r) => setTimeout(r, 50));
  }
  if (pods[0]) seen(pods[0]);
  return result;
}

describe('the node debug pod on kube-apiserver', () => {
  it('is admitted on the GPU node, reported as timed out when it never runs, and deleted', async () => {
    let pod: V1Pod | undefined;
    const rs = await runSeeing({ timeoutMs: 2000 }, (p) => (pod = p));
    expect(pod?.spec).toMatchObject({ nodeName: 'gpu-1', volumes: [{ name: 'certs', hostPath: { path: '/etc/containerd/certs.d', type: 'Directory' } }] });
    expect(rs).toHaveLength(1);
    expect(rs[0]).toMatchObject({ id: 'nodes.registry-mirror', subject: 'gpu-1', ok: false });
    expect(rs[0].message).toMatch(/^debug pod dragonfly\/verify-node-debug-[0-9a-f]{6}: pod still Pending after 2 s /);
    expect(await debugPods()).toEqual([]);
  });

  it('is deleted when interrupted (Ctrl-C)', async () => {
    const ctrlC = new AbortController();
    let seen = false;
    const rs = await runSeeing({ timeoutMs: 60_000, signal: ctrlC.signal }, () => ((seen = true), ctrlC.abort()));
    expect(seen).toBe(true);
    expect(rs[0].message).toMatch(/: interrupted$/);
    expect(await debugPods()).toEqual([]);
  });

  it('is refused by Pod Security in a restricted namespace, leaving nothing behind', async () => {
    const restricted = { ...e, registryMirror: { ...e.registryMirror, debugNamespace: 'karpenter' } };
    const rs = await nodeDebugChecks(restricted, clusterReader(cluster.kubeconfig), cluster.kubeconfig, { timeoutMs: 2000 });
    expect(rs[0]).toMatchObject({ id: 'nodes.registry-mirror', ok: false });
    expect(rs[0].message).toMatch(/: not created: HTTP 403: pods "verify-node-debug-[0-9a-f]{6}" is forbidden: violates PodSecurity "restricted:v[\d.]+": restricted volume types \(volume "certs" uses restricted volume type "hostPath"\)$/);
    expect(await debugPods('karpenter')).toEqual([]);
  });
});
