/**
 * The read-only checks through the real `@kubernetes/client-node` client against the real
 * kube-apiserver of the cluster check: the fixture environment's rendered objects applied (CRDs
 * from imports/crds, status subresources), status written as the controllers would. One healthy
 * apply passes every check; one apply that breaks one object per check fails exactly those.
 * Prometheus does not run here: its checks (rules loaded, targets up, also "target down") are
 * covered on the loopback API in verify.test.ts; here they must fail as one unreachable group.
 */
import { KubernetesObjectApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../src/verify/checks';
import { clusterReader } from '../../src/verify/client';
import { expectedFor, renderedObjects, type Expected } from '../../src/verify/expected';
import type { CheckResult } from '../../src/verify/types';
import { fixtureEnvironment } from '../fixtures/environment';
import { rendered } from '../support/rendered';
import { REVISION, agentPodStep, agentReleases, application, bootstrapSteps, condition, healthySteps, nodeStep, releaseDeployment, startLiveCluster, step, type LiveCluster } from './live-cluster';

const env = fixtureEnvironment();
const files = rendered(env);
const e: Expected = expectedFor(env, files);
let cluster: LiveCluster;

beforeAll(async () => {
  cluster = await startLiveCluster(env.platform.network.serviceCidr);
  await cluster.apply([...bootstrapSteps(), ...healthySteps(e, renderedObjects(files))]);
});
afterAll(() => cluster?.stop());

const run = () => runChecks(e, clusterReader(cluster.kubeconfig), { revision: REVISION.slice(0, 12) });
const failed = (rs: readonly CheckResult[]) => rs.filter((r) => !r.ok).map((r) => `${r.id} ${r.subject}`).sort();

/** Every check id verify has, besides the Prometheus ones. */
const CHECK_IDS = [
  'argocd.app-healthy', 'argocd.app-revision', 'argocd.app-synced',
  'gpu.allocatable', 'gpu.node-agents', 'gpu.taints-labels',
  'karpenter.nodeclass-ready', 'karpenter.nodepool-limits', 'karpenter.nodepool-ready',
  'keda.scaledobject-ready', 'knative.service-ready', 'knative.serving-ready',
  'kyverno.policy-mode', 'kyverno.policy-ready', 'externalsecrets.synced', 'nodes.ready',
  'operators.release-ready', 'operators.workload-ready',
].sort();

describe('verify against kube-apiserver with the fixture environment applied', () => {
  it('passes every check on the healthy cluster; Prometheus, not running here, fails as unreachable', async () => {
    const rs = await run();
    expect(failed(rs)).toEqual(['prometheus.reachable prometheus']);
    expect([...new Set(rs.filter((r) => r.ok).map((r) => r.id))].sort()).toEqual(CHECK_IDS);
  });
});

/** One broken object per check, applied together: each must fail exactly its check. */
function brokenSteps() {
  const [gpuPool, a10g] = e.gpuPools;
  const pool = (name: string) => e.nodePools.find((p) => p.metadata.name === name)!;
  const [devicePlugin, dcgm] = agentReleases(e);
  const [policy, auditPolicy] = e.policies;
  const enforce = { ...auditPolicy, spec: { ...auditPolicy.spec, rules: auditPolicy.spec.rules.map((r: any) => (r.validate ? { ...r, validate: { ...r.validate, failureAction: 'Enforce' } } : r)) } };
  const notReady = (o: (typeof e.scaledObjects)[number]) => step(o, { conditions: [condition('Ready', false, o.kind)] });
  const limits = pool(a10g.name).spec.limits;
  return [
    step(application('keda', 'argocd', 'Synced', 'Degraded')),
    step(application('karpenter', 'argocd', 'OutOfSync')),
    step(application('inference-workloads', 'argocd', 'Synced', 'Healthy', 'ffffffffffffffffffffffffffffffffffffffff')),
    releaseDeployment('keda', 'keda', 0),
    step(e.workloads[0], { replicas: 1, readyReplicas: 0 }),
    notReady(e.knativeServing[0]),
    notReady(pool(gpuPool.name)),
    step({ ...pool(a10g.name), spec: { ...pool(a10g.name).spec, limits: { ...limits, 'nvidia.com/gpu': '16' } } }, { conditions: [condition('Ready', true)] }),
    notReady(e.nodeClasses[0]),
    nodeStep('cpu-1', { pool: 'general', instanceType: 'm7i.xlarge', ready: false }),
    // The device plugin gone: the kubelet drops the extended resource from allocatable.
    nodeStep('gpu-1', { pool: gpuPool.name, instanceType: 'g4dn.xlarge', taints: gpuPool.taints, labels: gpuPool.labels }),
    nodeStep('gpu-2', { pool: a10g.name, instanceType: 'g5.xlarge', gpus: '1', labels: a10g.labels }),
    agentPodStep(devicePlugin.releaseName, devicePlugin.namespace, 'gpu-2'),
    agentPodStep(dcgm.releaseName, dcgm.namespace, 'gpu-2', false),
    notReady(e.scaledObjects[0]),
    notReady(e.knativeServices[0]),
    notReady(policy),
    step(enforce, { conditions: [condition('Ready', true)] }),
    notReady(e.externalSecrets[0]),
  ];
}

describe('verify against kube-apiserver with one object per check broken', () => {
  it('fails exactly the broken objects, with the next command to run', async () => {
    await cluster.apply(brokenSteps());
    await KubernetesObjectApi.makeApiClient(cluster.kubeconfig).delete({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'kyverno', namespace: 'argocd' } });
    const rs = await run();
    expect(failed(rs)).toEqual([
      'argocd.app-exists kyverno',
      'argocd.app-healthy keda',
      'argocd.app-revision inference-workloads',
      'argocd.app-synced karpenter',
      'externalsecrets.synced monitoring/grafana-admin',
      'gpu.allocatable gpu-1',
      `gpu.node-agents gpu-2 ${agentReleases(e)[1].releaseName}`,
      'gpu.taints-labels gpu-2',
      'karpenter.nodeclass-ready al2023',
      'karpenter.nodepool-limits a10g',
      'karpenter.nodepool-ready gpu',
      'keda.scaledobject-ready inference/worker',
      'knative.service-ready inference/web',
      `knative.serving-ready ${e.knativeServing[0].metadata.namespace}/${e.knativeServing[0].metadata.name}`,
      `kyverno.policy-mode ${e.policies[1].metadata.name}`,
      `kyverno.policy-ready ${e.policies[0].metadata.name}`,
      'nodes.ready cpu-1',
      'operators.release-ready keda (keda)',
      'operators.workload-ready Deployment inference/worker',
      'prometheus.reachable prometheus',
    ]);
    const byId = (id: string) => rs.find((r) => r.id === id && !r.ok)!;
    expect(byId('argocd.app-healthy')).toMatchObject({ message: 'health Degraded', next: 'kubectl -n argocd get application keda -o yaml' });
    expect(byId('gpu.allocatable').message).toBe('nvidia.com/gpu allocatable missing, g4dn.xlarge has 1: device plugin not running or GPUs unhealthy');
    expect(byId('kyverno.policy-mode').message).toMatch(/^rule .+ is Enforce, config Audit/);
    expect(byId('karpenter.nodepool-limits').message).toBe('nvidia.com/gpu: 16 (config 8)');
    expect(byId('nodes.ready')).toMatchObject({ message: 'Ready=False (KubeletNotReady: KubeletNotReady (written by the test))', next: 'kubectl describe node cpu-1' });
  });
});
