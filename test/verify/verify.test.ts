/**
 * Expectations derived from the fixture environment's render, checked through the real client
 * against an API-shaped server on loopback: a healthy cluster passes every check, and each
 * broken object fails exactly its check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../src/verify/checks';
import { clusterReader, contextInfo, serviceProxyPath } from '../../src/verify/client';
import { contextMismatch } from '../../src/verify/context';
import { expectedFor, type Expected } from '../../src/verify/expected';
import { fixtureEnvironment } from '../fixtures/environment';
import { rendered } from '../support/rendered';
import { startFakeApi, type FakeApi } from './fake-api';
import { REVISION, agentPods, gpuNode, healthyObjects, prometheusAnswers } from './healthy';
import { ready } from './objects';

const env = fixtureEnvironment();
let e: Expected;
let api: FakeApi;

beforeAll(async () => {
  e = expectedFor(env, rendered(env));
  api = await startFakeApi();
  for (const kind of ['Deployment', 'DaemonSet', 'StatefulSet']) api.serve('apps/v1', kind);
  api.put(...healthyObjects(e), gpuNode(e, 'gpu-1', 'g4dn.xlarge', '1'), ...agentPods(e, 'gpu-1'));
  const answers = prometheusAnswers(e);
  const { namespace, service, port } = e.prometheus;
  api.proxy.set(serviceProxyPath(namespace, service, port, '/api/v1/rules'), answers.rules);
  api.proxy.set(serviceProxyPath(namespace, service, port, '/api/v1/targets?state=active'), answers.targets);
});
afterAll(() => api?.close());

const failures = async () => (await runChecks(e, clusterReader(api.kubeconfig), { revision: REVISION.slice(0, 12) })).filter((r) => !r.ok);

describe('expectations from the fixture render', () => {
  it('name the Applications, pools, workloads and Prometheus from config and output', () => {
    const apps = e.applications.map((a) => a.name);
    expect(apps).toContain('root');
    expect(apps).toEqual(expect.arrayContaining(['karpenter', 'keda', 'inference-workloads']));
    expect(e.gpuPools.map((p) => p.name).sort()).toEqual(['a10g', 'gpu']);
    expect(e.scaledObjects.map((o) => o.metadata.name)).toEqual(['worker']);
    expect(e.knativeServices.map((o) => o.metadata.name)).toEqual(['web']);
    expect(e.prometheus).toEqual({ namespace: 'monitoring', service: 'kube-prometheus-stack-prometheus', port: 9090 });
    expect(e.scrapes.map((s) => s.scrapePool)).toContain('serviceMonitor/monitoring/keda-operator/0');
    expect(e.registryMirror).toEqual({ endpoint: 'http://127.0.0.1:4001', registries: [env.cluster.registryHost], debugNamespace: 'dragonfly' });
  });
});

describe('checks through the client against a loopback API', () => {
  it('pass on a healthy cluster', async () => {
    expect(await failures()).toEqual([]);
  });
  it('fail a ScaledObject that is not Ready, and only that', async () => {
    api.put(ready(e.scaledObjects[0], false));
    expect((await failures()).map((r) => `${r.id} ${r.subject}`)).toEqual(['keda.scaledobject-ready inference/worker']);
    api.put(ready(e.scaledObjects[0]));
  });
  it('fail a GPU node without GPU allocatable and report Prometheus unreachable as one failure', async () => {
    api.put(gpuNode(e, 'gpu-1', 'g4dn.xlarge', '0'));
    const { namespace, service, port } = e.prometheus;
    api.proxy.delete(serviceProxyPath(namespace, service, port, '/api/v1/rules'));
    const ids = (await failures()).map((r) => r.id);
    expect(ids).toEqual(['gpu.allocatable', 'prometheus.reachable']);
  });
});

describe('context guard', () => {
  it('accepts an EKS ARN naming the cluster and the loopback context only by name', () => {
    expect(contextMismatch({ context: 'x', cluster: `arn:aws:eks:us-east-1:123456789012:cluster/${env.cluster.name}`, server: 'https://ABC.gr7.us-east-1.eks.amazonaws.com' }, env.cluster.name)).toBeUndefined();
    expect(contextMismatch(contextInfo(api.kubeconfig), env.cluster.name)).toMatch(/does not look like cluster/);
    expect(contextMismatch({ context: 'x', cluster: `arn:aws:eks:us-east-1:1:cluster/${env.cluster.name}-old`, server: '' }, env.cluster.name)).toBeDefined();
  });
});
