import { describe, expect, it } from 'vitest';
import { DRA_NODE_GROUP_TAG } from '../../../src/charts/helm/cluster-autoscaler';
import { draFixture, DRA_LABEL } from '../../fixtures/dra';
import { fixtureEnvironment } from '../../fixtures/environment';
import { releasesOf, tolerates, valuesOf } from './releases';

const env = draFixture();
const [[draKey, draValue]] = Object.entries(DRA_LABEL);

/** Does a required node affinity admit a node with these labels? (terms ORed, expressions ANDed) */
function admits(affinity: any, labels: Record<string, string>): boolean {
  return affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.some((t: any) =>
    t.matchExpressions.every((e: any) => (e.operator === 'In' ? e.values.includes(labels[e.key]) : e.operator === 'NotIn' ? !e.values.includes(labels[e.key]) : false)),
  );
}

describe('the DRA path Helm releases', () => {
  it('exist only where the environment has a DRA path', () => {
    expect(Object.keys(releasesOf(fixtureEnvironment()))).not.toContain('dra-driver-nvidia-gpu');
    expect(Object.keys(releasesOf(fixtureEnvironment()))).not.toContain('cluster-autoscaler');
    expect(Object.keys(releasesOf(env))).toEqual(expect.arrayContaining(['dra-driver-nvidia-gpu', 'cluster-autoscaler']));
  });

  it('installs the DRA driver with gpuResourcesEnabledOverride, GPUs only, on DRA nodes only', () => {
    const v = valuesOf(env, 'dra-driver-nvidia-gpu');
    expect(v.gpuResourcesEnabledOverride).toBe(true);
    expect(v.resources).toEqual({ gpus: { enabled: true }, computeDomains: { enabled: false } });
    expect(tolerates(v.kubeletPlugin.tolerations, env.nodes.gpuTaint)).toBe(true);
    expect(admits(v.kubeletPlugin.affinity, { ...env.nodes.gpuNodeLabels, [draKey]: draValue })).toBe(true);
    expect(admits(v.kubeletPlugin.affinity, { ...env.nodes.gpuNodeLabels, 'feature.node.kubernetes.io/pci-10de.present': 'true' })).toBe(false);
  });

  it('keeps the device plugin off DRA nodes, and on every other GPU node', () => {
    const affinity = valuesOf(env, 'nvidia-device-plugin').affinity;
    const nfd = { 'feature.node.kubernetes.io/pci-10de.present': 'true' };
    expect(admits(affinity, { ...env.nodes.gpuNodeLabels, ...nfd, [draKey]: draValue })).toBe(false);
    expect(admits(affinity, { ...nfd, [draKey]: draValue })).toBe(false);
    expect(admits(affinity, { ...env.nodes.gpuNodeLabels })).toBe(true);
    expect(admits(affinity, nfd)).toBe(true);
  });

  it('points Cluster Autoscaler at the DRA node group only, on the system nodes', () => {
    const v = valuesOf(env, 'cluster-autoscaler');
    expect(v.cloudProvider).toBe('aws');
    expect(v.autoDiscovery).toEqual({
      clusterName: env.cluster.name,
      tags: ['k8s.io/cluster-autoscaler/enabled', `k8s.io/cluster-autoscaler/${env.cluster.name}`, DRA_NODE_GROUP_TAG],
    });
    expect(v.extraArgs).toEqual({ 'scan-interval': '10s', 'scale-down-unneeded-time': '10m' });
    expect(v.extraArgs).not.toHaveProperty('enable-dynamic-resource-allocation');
    expect(v.nodeSelector).toEqual(env.nodes.systemNodeGroup.labels);
    expect(v.rbac.serviceAccount.name).toBe('cluster-autoscaler');
  });
});
