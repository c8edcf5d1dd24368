/**
 * How `npm run diff` pairs objects: by group, kind, namespace and name within an environment,
 * grouped by Application; renames (same kind, mostly the same content) and moves between
 * Applications are recognised; a change in one environment leaves the others out.
 */
import { describe, expect, it } from 'vitest';
import { diffOutputs } from '../../src/diff';
import { snapshotOf } from '../../src/diff/objects';
import { fixtureEnvironment, siblingOf } from '../fixtures/environment';
import { changeOf, changesOf, diffEnvs, outputsOf, textsOf } from './support';

const fixture = fixtureEnvironment();

describe('pairing', () => {
  it('the same output twice is no change at all', () => {
    const r = diffEnvs(fixture, fixture);
    expect(r.environments).toEqual([]);
    expect(r.totals).toEqual({ added: 0, removed: 0, changed: 0, renamed: 0, moved: 0 });
  });

  it('reads every object of every Application folder, the Argo CD bootstrap and the values files', () => {
    const snap = snapshotOf(outputsOf(fixture)).get('fixture')!;
    expect([...snap.apps.keys()]).toEqual(expect.arrayContaining(['argocd', 'inference-workloads', 'karpenter-nodes', 'keda']));
    expect([...snap.apps.get('argocd')!.values()].map((o) => o.kind)).toEqual(expect.arrayContaining(['Application', 'AppProject', 'ApplicationSet', 'HelmValues']));
    expect([...snap.apps.get('keda')!.values()].map((o) => [o.kind, o.chart?.chart])).toEqual([['HelmValues', 'keda']]);
    expect([...snap.documents.keys()].sort()).toEqual(['budget.md', 'secrets.md']);
  });

  it('a renamed workload is one renamed object per kind, not a deletion and an addition', () => {
    const head = fixtureEnvironment((d) => {
      d.workloads.services = { 'worker-v2': d.workloads.services.worker, web: d.workloads.services.web };
    });
    const r = diffEnvs(fixture, head);
    const deployment = changeOf(r, 'Deployment', 'worker-v2');
    expect(deployment).toMatchObject({ type: 'renamed', from: { app: 'inference-workloads', namespace: 'inference', name: 'worker' } });
    expect(deployment.consequences).toEqual([
      { rule: 'pod-restart', risk: 'capacity', text: 'renamed from worker: the old Deployment and all its pods are deleted and new ones created, not rolled' },
    ]);
    expect(changeOf(r, 'ScaledObject', 'worker-v2').type).toBe('renamed');
    expect(changeOf(r, 'PodDisruptionBudget', 'worker-v2').type).toBe('renamed');
    expect(changesOf(r).filter((c) => c.name === 'worker' && (c.type === 'removed' || c.type === 'added'))).toEqual([]);
  });

  it('a renamed pool is the old pool deleted', () => {
    const head = fixtureEnvironment((d) => {
      d.nodes.pools = { general: d.nodes.pools.general, t4: d.nodes.pools.gpu, a10g: d.nodes.pools.a10g };
    });
    const c = changeOf(diffEnvs(fixture, head), 'NodePool', 't4');
    expect(c.type).toBe('renamed');
    expect(c.consequences).toContainEqual({
      rule: 'karpenter-drift',
      risk: 'capacity',
      text: 'pool renamed from gpu: Karpenter deletes every node of gpu and launches new ones for t4 as pods need them',
    });
  });

  it('an object moved to another Application', () => {
    const files = outputsOf(fixture);
    const from = 'dist/fixture/cluster-defaults/storageclass.gp3.yaml';
    const moved = new Map([...files].filter(([f]) => f !== from));
    moved.set('dist/fixture/namespaces/storageclass.gp3.yaml', files.get(from)!);
    const c = changeOf(diffOutputs(files, moved), 'StorageClass', 'gp3');
    expect(c).toMatchObject({ type: 'moved', app: 'namespaces', from: { app: 'cluster-defaults' }, fields: [] });
    expect(textsOf(c, 'identity')).toEqual([
      'moves from Application cluster-defaults to namespaces: cluster-defaults prunes it while namespaces creates it, so depending on sync order it can be deleted and re-created',
    ]);
  });

  it('deletions: objects only in the base, grouped under the Application they left', () => {
    const head = fixtureEnvironment((d) => (d.workloads.services = { worker: d.workloads.services.worker }));
    const r = diffEnvs(fixture, head);
    const app = r.environments[0].applications.find((a) => a.name === 'inference-workloads')!;
    expect(app.changes.filter((c) => c.type === 'removed').map((c) => `${c.kind} ${c.name}`).sort()).toEqual(['PodDisruptionBudget web', 'Service web']);
    // Removed capacity is sorted first within its Application.
    expect(app.changes[0]).toMatchObject({ type: 'removed', kind: 'Service', name: 'web' });
  });

  it('an API version change pairs the object and shows the field', () => {
    const files = outputsOf(fixture);
    const file = 'dist/fixture/inference-workloads/scaledobject.inference.worker.yaml';
    const edited = new Map(files).set(file, files.get(file)!.replace('apiVersion: keda.sh/v1alpha1', 'apiVersion: keda.sh/v1'));
    const c = changeOf(diffOutputs(files, edited), 'ScaledObject', 'worker');
    expect(c).toMatchObject({ type: 'changed', apiVersion: 'keda.sh/v1', fields: [{ path: 'apiVersion', old: 'keda.sh/v1alpha1', new: 'keda.sh/v1' }] });
  });
});

describe('environments', () => {
  const sibling = siblingOf(fixture, 'staging', '10.99.0.0/16');

  it('a change in only one environment reports that environment alone', () => {
    const changed = siblingOf(fixtureEnvironment((d) => (d.workloads.services.worker.maxReplicas = 1)), 'staging', '10.99.0.0/16');
    const r = diffEnvs([fixture, sibling], [fixture, changed]);
    expect(r.environments.map((e) => e.name)).toEqual(['staging']);
    expect(changeOf(r, 'ScaledObject', 'worker', 'staging').fields).toEqual([{ path: 'spec.maxReplicaCount', old: '2', new: '1' }]);
  });

  it('a new environment: everything added, budget from nothing', () => {
    const r = diffEnvs([fixture], [fixture, sibling]);
    const e = r.environments.find((x) => x.name === 'staging')!;
    expect(e.status).toBe('added');
    expect(changesOf(r).every((c) => c.type === 'added' && c.env === 'staging')).toBe(true);
    expect(e.budget[0]).toMatchObject({ label: 'GPU spend ceiling', before: 'n/a', changed: true });
  });

  it('a removed environment', () => {
    const r = diffEnvs([fixture, sibling], [fixture]);
    expect(r.environments.map((e) => [e.name, e.status])).toEqual([['staging', 'removed']]);
    expect(changesOf(r).every((c) => c.type === 'removed')).toBe(true);
  });

  it('notes a changed secrets list', () => {
    const files = outputsOf(fixture);
    const edited = new Map(files).set('dist/fixture/secrets.md', `${files.get('dist/fixture/secrets.md')}\nmore\n`);
    expect(diffOutputs(files, edited).environments[0].notes).toEqual([
      'the secrets list changed (dist/fixture/secrets.md): create or update the AWS Secrets Manager secrets it lists before Argo CD syncs',
    ]);
  });
});
