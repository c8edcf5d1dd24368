/**
 * Each read-only check on in-memory objects shaped as the controllers write them: one case that
 * passes and one that fails, with the failure's next command.
 */
import { describe, expect, it } from 'vitest';
import { applicationChecks } from '../../src/verify/checks/argocd';
import { nodePoolChecks } from '../../src/verify/checks/karpenter';
import { agentCheck, gpuNodeChecks, nodeReadyCheck } from '../../src/verify/checks/nodes';
import { rulesCheck, targetsCheck } from '../../src/verify/checks/prometheus';
import { policyChecks, readyCheck } from '../../src/verify/checks/resources';
import { releaseCheck, workloadCheck } from '../../src/verify/checks/workloads';
import type { ExpectedGpuPool } from '../../src/verify/expected';
import { cond, node, obj, ready } from './objects';

const byId = (rs: { id: string; ok: boolean; message: string }[], id: string) => rs.find((r) => r.id === id);

describe('argocd checks', () => {
  const app = (sync: string, health: string, revision = 'abc123def456') => obj('argoproj.io/v1alpha1', 'Application', 'keda', 'argocd', { status: { sync: { status: sync, revision }, health: { status: health } } });
  it('pass for a Synced, Healthy Application at the revision', () => {
    expect(applicationChecks('keda', 'argocd', app('Synced', 'Healthy'), 'abc123').every((r) => r.ok)).toBe(true);
  });
  it('fail for a Degraded one, an OutOfSync one, another revision and a missing one', () => {
    const rs = applicationChecks('keda', 'argocd', app('OutOfSync', 'Degraded', 'fff'), 'abc123');
    expect(rs.filter((r) => !r.ok).map((r) => r.id)).toEqual(['argocd.app-synced', 'argocd.app-healthy', 'argocd.app-revision']);
    expect(byId(rs, 'argocd.app-healthy')).toMatchObject({ message: 'health Degraded', next: 'kubectl -n argocd get application keda -o yaml' });
    expect(applicationChecks('keda', 'argocd', undefined)).toMatchObject([{ id: 'argocd.app-exists', ok: false }]);
  });
  it('accept a multi-source Application whose revisions include the commit', () => {
    const multi = { ...app('Synced', 'Healthy'), status: { sync: { status: 'Synced', revisions: ['2.19.0', 'abc123ffff'] }, health: { status: 'Healthy' } } };
    expect(byId(applicationChecks('keda', 'argocd', multi, 'abc123'), 'argocd.app-revision')?.ok).toBe(true);
  });
});

describe('operator checks', () => {
  const release = { app: 'keda', chart: 'keda', releaseName: 'keda', namespace: 'keda' };
  const deploy = (ready: number, want = 1) => obj('apps/v1', 'Deployment', 'keda-operator', 'keda', { spec: { replicas: want }, status: { readyReplicas: ready } });
  const ds = (ready: number, want: number) => obj('apps/v1', 'DaemonSet', 'agent', 'keda', { status: { numberReady: ready, desiredNumberScheduled: want } });
  it('pass when every workload of the release is ready', () => {
    expect(releaseCheck(release, [deploy(1), ds(3, 3)])).toMatchObject({ ok: true, message: '2 workload(s) ready' });
  });
  it('fail when a DaemonSet is short, or nothing carries the release label', () => {
    expect(releaseCheck(release, [deploy(1), ds(2, 3)])).toMatchObject({ ok: false, message: 'DaemonSet agent: 2/3 daemon pods ready' });
    expect(releaseCheck(release, [])).toMatchObject({ ok: false, next: 'kubectl -n keda get deploy,ds,sts -l app.kubernetes.io/instance=keda' });
  });
  it('check a rendered Deployment against its live copy (a KEDA target at zero is ready)', () => {
    const rendered = obj('apps/v1', 'Deployment', 'worker', 'inference');
    expect(workloadCheck('operators.workload-ready', { ...rendered, spec: { replicas: 0 }, status: {} }, rendered).ok).toBe(true);
    expect(workloadCheck('operators.workload-ready', { ...rendered, spec: { replicas: 2 }, status: { readyReplicas: 1 } }, rendered)).toMatchObject({ ok: false, message: '1/2 replicas ready' });
  });
});

describe('karpenter checks', () => {
  const pool = obj('karpenter.sh/v1', 'NodePool', 'gpu', undefined, { spec: { limits: { cpu: '64', memory: '256Gi', 'nvidia.com/gpu': '4' } } });
  it('pass for a Ready pool with the rendered limits', () => {
    expect(nodePoolChecks(pool, ready(pool)).every((r) => r.ok)).toBe(true);
  });
  it('fail for a pool whose GPU limit was changed by hand, and for one not Ready', () => {
    const changed = ready({ ...pool, spec: { limits: { ...pool.spec.limits, 'nvidia.com/gpu': '8' } } }, false);
    const rs = nodePoolChecks(pool, changed);
    expect(byId(rs, 'karpenter.nodepool-limits')).toMatchObject({ ok: false, message: 'nvidia.com/gpu: 8 (config 4)' });
    expect(byId(rs, 'karpenter.nodepool-ready')).toMatchObject({ ok: false, message: 'Ready=False (NotReady)' });
  });
});

describe('node checks', () => {
  const pool: ExpectedGpuPool = { name: 'gpu', taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }], labels: { 'gpu-inference.io/pool': 'gpu' } };
  const good = node('n1', 'gpu', 'g4dn.12xlarge', { gpus: '4', taints: pool.taints as object[], labels: pool.labels });
  it('pass for a Ready node with the catalogue\'s GPU count, the taint and the labels', () => {
    expect(nodeReadyCheck(good).ok).toBe(true);
    expect(gpuNodeChecks(good, pool, 'nvidia.com/gpu').every((r) => r.ok)).toBe(true);
  });
  it('fail for a NotReady node', () => {
    expect(nodeReadyCheck(node('n2', 'gpu', 'g4dn.xlarge', { ready: false }))).toMatchObject({ ok: false, message: 'Ready=False (KubeletNotReady)', next: 'kubectl describe node n2' });
  });
  it('fail for missing GPU allocatable and a missing taint', () => {
    const bare = node('n3', 'gpu', 'g4dn.12xlarge', { labels: pool.labels });
    const rs = gpuNodeChecks(bare, pool, 'nvidia.com/gpu');
    expect(byId(rs, 'gpu.allocatable')?.message).toMatch(/^nvidia.com\/gpu allocatable missing, g4dn.12xlarge has 4/);
    expect(byId(rs, 'gpu.taints-labels')).toMatchObject({ ok: false, message: 'taint nvidia.com/gpu=true:NoSchedule missing' });
  });
  it('require a Ready device-plugin pod on the node', () => {
    const r = { app: 'nvidia-device-plugin', chart: 'nvidia-device-plugin', releaseName: 'nvidia-device-plugin', namespace: 'gpu-operator' };
    const pod = (nodeName: string, ok: boolean) => ({ ...obj('v1', 'Pod', `p-${nodeName}`, 'gpu-operator', { spec: { nodeName } }), status: { conditions: [cond('Ready', ok ? 'True' : 'False')] } });
    expect(agentCheck('n1', r, [pod('n1', true)]).ok).toBe(true);
    expect(agentCheck('n1', r, [pod('n2', true)])).toMatchObject({ ok: false, message: 'no pod on this node' });
  });
});

describe('resource checks', () => {
  const so = obj('keda.sh/v1alpha1', 'ScaledObject', 'worker', 'inference');
  it('pass for a Ready ScaledObject, fail for one not Ready or missing', () => {
    expect(readyCheck('keda.scaledobject-ready', so, ready(so)).ok).toBe(true);
    expect(readyCheck('keda.scaledobject-ready', so, ready(so, false))).toMatchObject({ ok: false, next: 'kubectl -n inference get scaledobject worker -o yaml' });
    expect(readyCheck('keda.scaledobject-ready', so, undefined)).toMatchObject({ ok: false, message: 'not found' });
  });
  const policy = (action: string) => obj('kyverno.io/v1', 'ClusterPolicy', 'no-latest', undefined, { spec: { rules: [{ name: 'no-latest', validate: { failureAction: action } }, { name: 'mutate-only', mutate: {} }] } });
  it('pass for a Ready policy in the rendered mode', () => {
    expect(policyChecks(policy('Enforce'), ready(policy('Enforce'))).every((r) => r.ok)).toBe(true);
  });
  it('fail for a policy switched to Audit', () => {
    expect(byId(policyChecks(policy('Enforce'), ready(policy('Audit'))), 'kyverno.policy-mode')).toMatchObject({ ok: false, message: 'rule no-latest is Audit, config Enforce' });
  });
});

describe('prometheus checks', () => {
  const rule = obj('monitoring.coreos.com/v1', 'PrometheusRule', 'gpu', 'monitoring', { spec: { groups: [{ name: 'a' }, { name: 'b' }] } });
  it('pass when every group is loaded, fail naming the missing one', () => {
    expect(rulesCheck(rule, new Set(['a', 'b', 'c']), 'x').ok).toBe(true);
    expect(rulesCheck(rule, new Set(['a']), 'x')).toMatchObject({ ok: false, message: 'groups not loaded: b' });
  });
  const pool = 'serviceMonitor/monitoring/keda-operator/0';
  it('pass when the pool\'s targets are up, fail when one is down or none exist', () => {
    expect(targetsCheck({ scrapePool: pool, mayBeEmpty: false }, [{ scrapePool: pool, health: 'up' }], 'x').ok).toBe(true);
    expect(targetsCheck({ scrapePool: pool, mayBeEmpty: false }, [{ scrapePool: pool, health: 'down', scrapeUrl: 'http://10.0.0.1:8080/metrics', lastError: 'connection refused' }], 'x'))
      .toMatchObject({ ok: false, message: '1/1 down: http://10.0.0.1:8080/metrics down (connection refused)' });
    expect(targetsCheck({ scrapePool: pool, mayBeEmpty: false }, [], 'x').ok).toBe(false);
    expect(targetsCheck({ scrapePool: pool, mayBeEmpty: true }, [], 'x').ok).toBe(true);
  });
});
