import { describe, expect, it } from 'vitest';
import { environments } from '../../../src/config/environments';
import { findKey, releasesOf, tolerates, valuesOf } from './releases';

describe('Karpenter values', () => {
  for (const name of ['dev', 'prod']) {
    const env = environments[name];
    const release = releasesOf(name).karpenter;
    const values = valuesOf(name, 'karpenter');

    it(`${name}: keeps the chart's affinity (its rule against running on Karpenter-launched nodes)`, () => {
      expect(findKey(values, 'affinity')).toEqual([]);
      expect(findKey(values, 'nodeAffinity')).toEqual([]);
    });

    it(`${name}: runs in the namespace and service account of the Pod Identity association, without IRSA`, () => {
      expect(release.namespace).toBe(env.podIdentity.karpenter.namespace);
      expect(release.namespace).toBe('karpenter');
      // The namespace is one the platform owns (Pod Security labels, quotas, network policies).
      expect(env.namespaces[release.namespace]).toBeDefined();
      expect(values.serviceAccount).toEqual({ name: env.podIdentity.karpenter.serviceAccount });
      expect(JSON.stringify(values)).not.toContain('eks.amazonaws.com/role-arn');
    });

    it(`${name}: takes the cluster name and interruption queue from config`, () => {
      expect(values.settings).toEqual({ clusterName: env.cluster.name, interruptionQueue: env.cluster.interruptionQueueName });
    });

    it(`${name}: runs on the system node group at its chart's system-cluster-critical priority, with a PDB`, () => {
      expect(values.nodeSelector).toEqual(env.nodes.systemNodeGroup.labels);
      for (const taint of env.nodes.systemNodeGroup.taints) expect(tolerates(values.tolerations, taint)).toBe(true);
      expect(tolerates(values.tolerations, env.nodes.gpuTaint)).toBe(false);
      expect(values.priorityClassName).toBe('system-cluster-critical');
      expect(values.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    });
  }

  it('sizes the controller per environment with `replicas` (the chart has no replicaCount)', () => {
    const dev = valuesOf('dev', 'karpenter');
    const prod = valuesOf('prod', 'karpenter');
    expect(dev.replicaCount).toBeUndefined();
    expect([dev.replicas, prod.replicas]).toEqual([1, 2]);
    expect(prod.settings.clusterName).toBe('gpu-inference-prod');
    expect(prod.controller.resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } });
    expect(dev.controller.resources.requests.memory).toBe('512Mi');
  });
});
