import { describe, expect, it } from 'vitest';
import { environments } from '../../../src/config/environments';
import { fixtureEnvironment } from '../../fixtures/environment';
import { findKey, releasesOf, tolerates, valuesOf } from './releases';

describe('Karpenter values', () => {
  for (const [name, env] of Object.entries(environments)) {
    const release = releasesOf(env).karpenter;
    const values = valuesOf(env, 'karpenter');

    it(`${name}: keeps the chart's affinity (its rule against running on Karpenter-launched nodes)`, () => {
      expect(findKey(values, 'affinity')).toEqual([]);
      expect(findKey(values, 'nodeAffinity')).toEqual([]);
    });

    it(`${name}: runs in the namespace and service account of the Pod Identity association, without IRSA`, () => {
      expect(release.namespace).toBe(env.podIdentity.karpenter.namespace);
      // The namespace is one the platform owns (Pod Security labels, quotas, network policies).
      expect(env.namespaces[release.namespace]).toBeDefined();
      expect(values.serviceAccount).toEqual({ name: env.podIdentity.karpenter.serviceAccount });
      expect(JSON.stringify(values)).not.toContain('eks.amazonaws.com/role-arn');
    });

    it(`${name}: takes the cluster name and interruption queue from config`, () => {
      expect(values.settings).toEqual({
        clusterName: env.cluster.name,
        interruptionQueue: env.cluster.interruptionQueueName,
        featureGates: { nodeRepair: env.nodes.repair.enabled, reservedCapacity: true },
      });
    });

    it(`${name}: runs on the system node group at its chart's system-cluster-critical priority, with a PDB`, () => {
      expect(values.nodeSelector).toEqual(env.nodes.systemNodeGroup.labels);
      for (const taint of env.nodes.systemNodeGroup.taints) expect(tolerates(values.tolerations, taint)).toBe(true);
      expect(tolerates(values.tolerations, env.nodes.gpuTaint)).toBe(false);
      expect(values.priorityClassName).toBe('system-cluster-critical');
      expect(values.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    });

    it(`${name}: sizes the controller from config with \`replicas\` (the chart has no replicaCount)`, () => {
      expect(values.replicaCount).toBeUndefined();
      expect(values.replicas).toBe(env.addons.karpenter.replicas);
      const r = env.addons.karpenter.resources;
      expect(values.controller.resources).toEqual({ requests: { cpu: r.cpu, memory: r.memory }, limits: { memory: r.memory } });
    });
  }

  it('runs in the namespace and service account the Pod Identity association names', () => {
    const env = fixtureEnvironment((d) => {
      d.podIdentity.karpenter = { namespace: 'karpenter', serviceAccount: 'karpenter' };
    });
    expect(releasesOf(env).karpenter.namespace).toBe('karpenter');
    expect(valuesOf(env, 'karpenter').serviceAccount).toEqual({ name: 'karpenter' });
    // Another association moves the release with it.
    const moved = fixtureEnvironment((d) => {
      d.podIdentity.karpenter = { namespace: 'autoscaling', serviceAccount: 'karpenter-controller' };
    });
    expect(releasesOf(moved).karpenter.namespace).toBe('autoscaling');
    expect(valuesOf(moved, 'karpenter').serviceAccount).toEqual({ name: 'karpenter-controller' });
  });

  it('sizes the controller from config: replicas and requests, memory limit = request', () => {
    const values = valuesOf(fixtureEnvironment((d) => Object.assign(d.addons.karpenter, { replicas: 2, resources: { cpu: '500m', memory: '1Gi' } })), 'karpenter');
    expect(values.replicas).toBe(2);
    expect(values.controller.resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } });
  });
});
