import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { p2pVerdict } from '../../src/verify/scale/compare';
import { PEER_METRICS_PORT, PEER_TRAFFIC_METRIC, peerBytes, peerOnNode, podProxyPath, sumOfMetric } from '../../src/verify/scale/p2p';
import type { K8sObject } from '../../src/verify/types';
import { startFakeApi, type FakeApi } from './fake-api';

const pod = (name: string, namespace: string, labels: Record<string, string>, nodeName?: string): K8sObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: nodeName ? { nodeName } : {} }) as unknown as K8sObject;

const exposition = (bytes: number[]) =>
  [`# HELP ${PEER_TRAFFIC_METRIC} Counter of the number of the download traffic.`, `# TYPE ${PEER_TRAFFIC_METRIC} counter`]
    .concat(bytes.map((b, i) => `${PEER_TRAFFIC_METRIC}{type="t${i}"} ${b}`))
    .concat(['dragonfly_client_version{git_version="x"} 1'])
    .join('\n');

describe('reading the node peer', () => {
  it('sums every sample of the traffic metric, and says when there is none', () => {
    expect(sumOfMetric(exposition([1024, 2048]), PEER_TRAFFIC_METRIC)).toBe(3072);
    expect(sumOfMetric(exposition([0]), PEER_TRAFFIC_METRIC)).toBe(0);
    expect(sumOfMetric('other_metric 5', PEER_TRAFFIC_METRIC)).toBeUndefined();
  });

  it('finds the peer on the pod\'s node', () => {
    const peers = [pod('p1', 'dragonfly', {}, 'n1'), pod('p2', 'dragonfly', {}, 'n2')];
    expect(peerOnNode(peers, 'n2')?.metadata.name).toBe('p2');
    expect(peerOnNode(peers, 'n3')).toBeUndefined();
  });
});

describe('peerBytes through the API server (loopback fake)', () => {
  let api: FakeApi;
  const source = () => ({ kc: api.kubeconfig, workloadNamespace: 'inference', workloadSelector: 'gpu-inference.io/workload=worker', peerNamespace: 'dragonfly' });
  beforeAll(async () => {
    api = await startFakeApi();
    api.put(
      pod('worker-abc', 'inference', { 'gpu-inference.io/workload': 'worker' }, 'gpu-node-1'),
      pod('dragonfly-client-1', 'dragonfly', { app: 'dragonfly', component: 'client' }, 'gpu-node-1'),
      pod('dragonfly-client-2', 'dragonfly', { app: 'dragonfly', component: 'client' }, 'gpu-node-2'),
    );
    api.proxy.set(podProxyPath('dragonfly', 'dragonfly-client-1', PEER_METRICS_PORT, '/metrics'), exposition([4096, 100]));
    api.proxy.set(podProxyPath('dragonfly', 'dragonfly-client-2', PEER_METRICS_PORT, '/metrics'), exposition([999_999]));
  });
  afterAll(() => api.close());

  it('reads the peer on the node the workload landed on, through the pod proxy', async () => {
    expect(await peerBytes(source())).toBe(4196);
    expect(api.requests).toContain('GET /api/v1/namespaces/dragonfly/pods/dragonfly-client-1:4002/proxy/metrics');
    expect(p2pVerdict(4196)).toEqual({ ok: true, message: "4196 bytes served by the node's Dragonfly peer" });
  });

  it('fails the check naming the cause when the peer served nothing', async () => {
    api.proxy.set(podProxyPath('dragonfly', 'dragonfly-client-1', PEER_METRICS_PORT, '/metrics'), exposition([0]));
    expect(await peerBytes(source())).toBe(0);
    expect(p2pVerdict(0).ok).toBe(false);
    expect(p2pVerdict(0).message).toContain('containerd/containerd#10996');
  });

  it('answers undefined when no pod of the workload is scheduled', async () => {
    expect(await peerBytes({ ...source(), workloadSelector: 'gpu-inference.io/workload=nobody' })).toBeUndefined();
    expect(p2pVerdict(undefined)).toEqual({ ok: false, message: 'Dragonfly peer metrics not readable on the node' });
  });
});
