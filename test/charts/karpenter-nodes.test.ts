import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { renderEnvironment } from '../../src/synth/render';
import { fixtureEnvironment } from '../fixtures/environment';
import { docsOf, rendered } from '../support/rendered';

const find = (env: string, kind: string, name: string) =>
  docsOf(rendered(environments[env])).find((d) => d.doc.kind === kind && d.doc.metadata.name === name)!.doc;

describe('karpenter-nodes chart', () => {
  for (const env of Object.values(environments)) {
    it(`${env.name}: taints and labels GPU pools, and limits GPUs, cpu and memory from config`, () => {
      for (const [name, pool] of Object.entries(env.nodes.pools).filter(([, p]) => p.gpu)) {
        const np = docsOf(rendered(env)).find((d) => d.doc.kind === 'NodePool' && d.doc.metadata.name === name)!.doc;
        expect(np.spec.template.spec.taints, name).toEqual([env.nodes.gpuTaint]);
        expect(np.spec.template.metadata.labels, name).toEqual({ ...env.nodes.gpuNodeLabels, 'gpu-inference.io/pool': name });
        expect(np.spec.limits, name).toEqual({ cpu: String(pool.limits.cpu), memory: `${pool.limits.memoryGiB}Gi`, 'nvidia.com/gpu': String(pool.limits.gpus) });
        const req = Object.fromEntries(np.spec.template.spec.requirements.map((r: any) => [r.key, r.values]));
        expect(req['karpenter.sh/capacity-type'], name).toEqual(pool.capacityTypes);
        expect(req['node.kubernetes.io/instance-type'], name).toEqual(pool.instanceTypes);
      }
    });
  }

  for (const env of Object.values(environments)) {
    it(`${env.name}: every NodePool bounds its drain with the pool's terminationGracePeriod`, () => {
      for (const [name, pool] of Object.entries(env.nodes.pools)) {
        const doc = docsOf(rendered(env)).find((d) => d.doc.kind === 'NodePool' && d.doc.metadata.name === name)!.doc;
        expect(doc.spec.template.spec.terminationGracePeriod, name).toBe(pool.terminationGracePeriod);
      }
    });
  }

  for (const env of Object.values(environments)) {
    it(`${env.name}: never taints or GPU-labels a CPU pool, and renders each pool's weight`, () => {
      for (const [name, pool] of Object.entries(env.nodes.pools)) {
        const np = docsOf(rendered(env)).find((x) => x.doc.kind === 'NodePool' && x.doc.metadata.name === name)!.doc;
        expect(np.spec.weight, name).toBe(pool.weight);
        if (pool.gpu) continue;
        expect(np.spec.template.spec.taints, name).toBeUndefined();
        expect(np.spec.limits['nvidia.com/gpu'], name).toBeUndefined();
      }
    });
  }

  for (const env of Object.values(environments)) {
    it(`${env.name}: renders each pool's consolidation and disruption budgets from config`, () => {
      for (const [name, pool] of Object.entries(env.nodes.pools)) {
        const d = docsOf(rendered(env)).find((x) => x.doc.kind === 'NodePool' && x.doc.metadata.name === name)!.doc.spec.disruption;
        expect(d.consolidationPolicy, name).toBe(pool.disruption.consolidationPolicy);
        expect(d.consolidateAfter, name).toBe(pool.disruption.consolidateAfter);
        expect(d.budgets, name).toEqual(pool.disruption.budgets.map((b) => JSON.parse(JSON.stringify(b))));
      }
    });
  }

  it('discovers subnets and security groups by the discovery tag, requires IMDSv2, uses the config role', () => {
    for (const env of Object.keys(environments)) {
      const cluster = environments[env].cluster;
      for (const [name, cls] of Object.entries(environments[env].nodes.nodeClasses)) {
        const nc = find(env, 'EC2NodeClass', name);
        expect(nc.spec.subnetSelectorTerms).toEqual([{ tags: { 'karpenter.sh/discovery': cluster.name } }]);
        expect(nc.spec.securityGroupSelectorTerms).toEqual([{ tags: { 'karpenter.sh/discovery': cluster.name } }]);
        expect(nc.spec.metadataOptions.httpTokens).toBe('required');
        expect(nc.spec.role).toBe(cluster.nodeRoleName);
        if (cls.amiFamily === 'AL2023') expect(nc.spec.userData).toContain(`/etc/containerd/certs.d/${cluster.registryHost}/hosts.toml`);
        expect(nc.spec.amiSelectorTerms).toEqual([{ alias: cls.amiAlias }]);
      }
    }
  });

  it('renders a Bottlerocket class with its mirror settings when configured', () => {
    const env = fixtureEnvironment((d) => {
      d.nodes.nodeClasses.bottlerocket = { amiFamily: 'Bottlerocket', amiAlias: 'bottlerocket@latest', volumeGiB: 150, volumeIops: 3000, volumeThroughputMiBps: 250 };
      d.nodes.pools.general.nodeClass = 'bottlerocket';
    });
    const nc = docsOf(renderEnvironment(env)).find((d) => d.doc.kind === 'EC2NodeClass' && d.doc.metadata.name === 'bottlerocket')!.doc;
    expect(nc.spec.blockDeviceMappings.map((b: any) => [b.deviceName, b.ebs.volumeSize])).toEqual([['/dev/xvda', '4Gi'], ['/dev/xvdb', '150Gi']]);
    expect(nc.spec.userData).toContain('[[settings.container-registry.mirrors]]');
  });
});
