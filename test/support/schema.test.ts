import { describe, expect, it } from 'vitest';
import { jsPattern } from './crd-schema';
import { validateDocument } from './schema';

const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'inference', labels: { 'free.form/label': 'x' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27.0' }] } },
  },
});

const nodePool = () => ({
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodePool',
  metadata: { name: 'gpu' },
  spec: {
    disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '3m' },
    template: {
      spec: {
        nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'al2023' },
        requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] }],
      },
    },
  },
});

describe('schema harness', () => {
  it('accepts valid core and CRD documents, free-form maps included', async () => {
    expect(await validateDocument(deployment())).toEqual([]);
    expect(await validateDocument(nodePool())).toEqual([]);
  });

  it('rejects an unknown field with its path', async () => {
    const d: any = deployment();
    d.spec.template.spec.containers[0].imagePullPolice = 'Always';
    expect(await validateDocument(d)).toEqual(['.spec.template.spec.containers[0].imagePullPolice: unknown field']);
    const n: any = nodePool();
    n.spec.template.spec.taints = [{ key: 'nvidia.com/gpu', effect: 'NoSchedule', values: 'true' }];
    expect(await validateDocument(n)).toEqual(['.spec.template.spec.taints[0].values: unknown field']);
  });

  it('rejects a wrong type', async () => {
    const d: any = deployment();
    d.spec.replicas = 'two';
    const errors = await validateDocument(d);
    expect(errors.join('\n')).toMatch(/data\/spec\/replicas must be integer/);
  });

  it('rejects a value outside an enum', async () => {
    const n: any = nodePool();
    n.spec.disruption.consolidationPolicy = 'WhenUnderutilized';
    const errors = await validateDocument(n);
    expect(errors.join('\n')).toMatch(/data\/spec\/disruption\/consolidationPolicy must be equal to one of the allowed values/);
  });

  it('rejects a missing required field', async () => {
    const d: any = deployment();
    delete d.spec.selector;
    expect((await validateDocument(d)).join('\n')).toMatch(/data\/spec must have required property selector/);
  });

  it('rejects API versions the pinned components no longer serve', async () => {
    expect(await validateDocument({ ...nodePool(), apiVersion: 'karpenter.sh/v1beta1' })).toEqual([
      'karpenter.sh/v1beta1 NodePool is not served by the pinned versions',
    ]);
    const pdb = { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'x' }, spec: {} };
    expect(await validateDocument(pdb)).toEqual(['policy/v1beta1 PodDisruptionBudget is not served by the pinned versions']);
    const es = { apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name: 'x' }, spec: {} };
    expect(await validateDocument(es)).toEqual(['external-secrets.io/v1beta1 ExternalSecret is not served by the pinned versions']);
  });
});

describe('CRD patterns in RE2 syntax', () => {
  it('reads a leading (?i) as case-insensitive letters, leaving escapes and classes alone', () => {
    expect(jsPattern('^(?i)(abort|warn)?$')).toBe('^([aA][bB][oO][rR][tT]|[wW][aA][rR][nN])?$');
    expect(jsPattern('^(?i)a\\d[x-z]$')).toBe('^[aA]\\d[x-z]$');
    expect(new RegExp(jsPattern('^(?i)(abort|warn)?$')).test('Warn')).toBe(true);
    expect(jsPattern('^[a-z]+$')).toBe('^[a-z]+$');
  });
});
