import { describe, expect, it } from 'vitest';
import { argoOrder, type K8sObject } from '../../../src/tools/cluster/plan';
import { podFor } from '../../../src/tools/cluster/pods';
import { enforceRules, reportFindings } from '../../../src/tools/cluster/kyverno';

const obj = (kind: string, name: string, wave?: number, apiVersion = 'v1'): K8sObject => ({
  apiVersion,
  kind,
  metadata: { name, ...(wave === undefined ? {} : { annotations: { 'argocd.argoproj.io/sync-wave': String(wave) } }) },
});

describe('argoOrder', () => {
  it('sorts by sync wave, then Argo CD kind order (custom resources last), then name', () => {
    const sorted = argoOrder([obj('NodePool', 'a', 0, 'karpenter.sh/v1'), obj('Deployment', 'b'), obj('Namespace', 'z'), obj('ConfigMap', 'c', -1), obj('Namespace', 'y')]);
    expect(sorted.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ConfigMap/c', 'Namespace/y', 'Namespace/z', 'Deployment/b', 'NodePool/a']);
  });
});

describe('podFor', () => {
  const container = { name: 'app', image: 'example.com/app:1.0' };
  it('takes the template of apps and batch workloads, in the workload namespace', () => {
    const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'ns' }, spec: { template: { metadata: { labels: { a: 'b' } }, spec: { containers: [container] } } } };
    expect(podFor(d)).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'deployment-web', namespace: 'ns', labels: { a: 'b' }, annotations: undefined }, spec: { containers: [container] } });
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [container] } } } } } };
    expect(podFor(cron, 'fallback')?.metadata).toMatchObject({ name: 'cronjob-c', namespace: 'fallback' });
  });
  it('drops Knative revision-only fields and names the user container', () => {
    const ksvc = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'chat', namespace: 'inference' },
      spec: { template: { spec: { containerConcurrency: 4, timeoutSeconds: 600, containers: [{ image: 'x:1' }] } } },
    };
    expect(podFor(ksvc)?.spec).toEqual({ containers: [{ name: 'user-container', image: 'x:1' }] });
  });
  it('ignores objects without a pod template, including core Services', () => {
    expect(podFor({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [] } })).toBeUndefined();
    expect(podFor(obj('ConfigMap', 'c'))).toBeUndefined();
  });
});

describe('Kyverno inputs and report', () => {
  const policy = (rules: object[], validationFailureAction?: string): K8sObject => ({
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'p' },
    spec: { rules, ...(validationFailureAction ? { validationFailureAction } : {}) },
  });
  it('keeps only Enforce rules, by rule or by policy', () => {
    const mixed = policy([{ name: 'e', validate: { failureAction: 'Enforce' } }, { name: 'a', validate: { failureAction: 'Audit' } }]);
    expect(enforceRules([mixed]).map((p) => (p.spec as { rules: { name: string }[] }).rules.map((r) => r.name))).toEqual([['e']]);
    expect(enforceRules([policy([{ name: 'x', validate: {} }], 'Enforce')])).toHaveLength(1);
    expect(enforceRules([policy([{ name: 'x', validate: {} }], 'Audit')])).toEqual([]);
  });
  it('turns fail and error results into findings, ignoring passes and text lines', () => {
    const report = {
      results: [
        { policy: 'p', rule: 'r', result: 'fail', message: 'bad image', resources: [{ kind: 'Pod', namespace: 'ns', name: 'x' }] },
        { policy: 'p', rule: 'r', result: 'pass', resources: [{ kind: 'Pod', namespace: 'ns', name: 'y' }] },
      ],
    };
    expect(reportFindings(`Applying 1 policy rule(s)\n---\n${JSON.stringify(report)}\n`)).toEqual([{ id: 'kyverno p/r: Pod ns/x', message: 'bad image' }]);
  });
});
