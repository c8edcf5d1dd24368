import { describe, expect, it } from 'vitest';
import { chartFacts, parseImageRef, splitPath } from '../../src/tools/chart-facts';

describe('import: chart facts', () => {
  it('finds image maps, image strings with a sibling tag, and digests', () => {
    const values = {
      controller: { image: { repository: 'r/ctl', tag: '1.0', digest: 'sha256:ab' } },
      operator: { image: 'gcr.io/op', tag: '1.21.1' },
      sidecar: { image: 'public.ecr.aws/proxy:latest' },
      upgrade: { enabled: false, image: { busybox: { registry: 'docker.io', repository: 'busybox', tag: 'latest', sha: '' } } },
    };
    expect(chartFacts(values).images).toEqual({
      'controller.image': { repository: 'r/ctl', tag: '1.0', digest: 'sha256:ab' },
      'operator.image': { repository: 'gcr.io/op', tag: '1.21.1' },
      'sidecar.image': { repository: 'public.ecr.aws/proxy', tag: 'latest' },
      'upgrade.image.busybox': { registry: 'docker.io', repository: 'busybox', tag: 'latest' },
    });
    expect(chartFacts(values).components).toEqual({ upgrade: { enabled: false } });
  });

  it('keeps security contexts, requests, priority class and replicas per component', () => {
    const values = {
      replicas: 2,
      priorityClassName: 'system-cluster-critical',
      podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      webhook: { replicaCount: 1, securityContext: {}, resources: { requests: { cpu: '10m' }, limits: { cpu: '1' } } },
    };
    expect(chartFacts(values).components).toEqual({
      '': { replicas: 2, priorityClassName: 'system-cluster-critical', podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } } },
      webhook: { replicaCount: 1, securityContext: {}, resources: { requests: { cpu: '10m' } } },
    });
  });

  it('parses image references and key paths', () => {
    expect(parseImageRef('localhost:5000/a/b:1.2@sha256:ff')).toEqual({ repository: 'localhost:5000/a/b', tag: '1.2', digest: 'sha256:ff' });
    expect(parseImageRef('localhost:5000/a/b')).toEqual({ repository: 'localhost:5000/a/b' });
    expect(splitPath('a.b["c.d"].e')).toEqual(['a', 'b', 'c.d', 'e']);
  });
});
