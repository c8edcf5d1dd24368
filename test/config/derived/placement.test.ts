import { describe, expect, it } from 'vitest';
import { gpuCapacity, gpuDemandAtMax, placementFor } from '../../../src/config/derived/placement';
import { instanceTypes } from '../../../src/config/instances';
import { fixtureEnvironment } from '../../fixtures/environment';

const env = fixtureEnvironment();
const t4Only = fixtureEnvironment((d) => delete d.nodes.pools.a10g);
const A10G_MIB = instanceTypes['g5.xlarge'].gpuMemoryMiB;
const T4_MIB = instanceTypes['g4dn.xlarge'].gpuMemoryMiB;
const one = (vramMiB: number, cpu: number, memoryGiB: number, gpus = 1) => ({ gpus, vramMiB, cpu, memoryGiB });
const T4 = ['g4dn.2xlarge', 'g4dn.4xlarge', 'g4dn.xlarge'];

describe('placement compiled from the instance catalogue', () => {
  it('fits exactly at the boundary after node overhead (g4dn.xlarge: 4 vCPU - 0.4 - 0.08 reserved, 16 GiB - 1.5 - 674 MiB)', () => {
    // g4dn.xlarge (T4, 16384 MiB) runs 29 pods: 11 x 29 + 255 MiB kube-reserved + 100 MiB eviction.
    expect(placementFor(t4Only, one(T4_MIB, 3.51, 13.84))).toEqual(T4);
    expect(placementFor(t4Only, one(T4_MIB, 3.53, 13.84))).toEqual(['g4dn.2xlarge', 'g4dn.4xlarge']);
    expect(placementFor(t4Only, one(T4_MIB, 3.51, 13.85))).toEqual(['g4dn.2xlarge', 'g4dn.4xlarge']);
  });

  it('excludes GPUs with too little VRAM and counts the node overhead from config', () => {
    expect(placementFor(env, one(A10G_MIB + 1, 1, 1))).toEqual([]);
    expect(placementFor(env, one(T4_MIB + 1, 1, 1))).toEqual(['g5.12xlarge', 'g5.2xlarge', 'g5.xlarge']);
    expect(placementFor(t4Only, one(T4_MIB, 3.5, 13))).toEqual(T4);
    // The Dragonfly client's memory request 1.5 GiB higher: 3 GiB of DaemonSets per node.
    const heavier = fixtureEnvironment((d) => {
      delete d.nodes.pools.a10g;
      d.nodes.gpuNodeDaemonSets.dragonflyClient.memory = '2560Mi';
    });
    expect(placementFor(heavier, one(T4_MIB, 3.5, 13))).toEqual(['g4dn.2xlarge', 'g4dn.4xlarge']);
  });

  it('requires the GPU count per node', () => {
    expect(placementFor(env, one(20000, 8, 32, 4))).toEqual(['g5.12xlarge']);
  });

  it('includes the baseline node group only when it has nodes', () => {
    const noBaseline = fixtureEnvironment((d) => {
      Object.assign(d.nodes.baselineGpuNodeGroup, { instanceType: 'g4dn.xlarge', desiredSize: 1, minSize: 1, maxSize: 1 });
      d.nodes.pools.gpu.instanceTypes = ['g5.xlarge'];
      d.nodes.pools.a10g.instanceTypes = ['g5.xlarge'];
    });
    expect(placementFor(noBaseline, one(10000, 1, 1))).toEqual(['g4dn.xlarge', 'g5.xlarge']);
    const zero = fixtureEnvironment((d) => {
      d.nodes.pools.gpu.instanceTypes = ['g5.xlarge'];
      d.nodes.pools.a10g.instanceTypes = ['g5.xlarge'];
    });
    expect(placementFor(zero, one(10000, 1, 1))).toEqual(['g5.xlarge']);
  });

  it('adds up GPU capacity and max-scale demand', () => {
    // 4 (gpu) + 8 (a10g) + no baseline nodes; demand 2 x 1 (worker) + 2 x 1 (web).
    expect(gpuCapacity(env)).toBe(12);
    expect(gpuDemandAtMax(env)).toBe(4);
    const withBaseline = fixtureEnvironment((d) => Object.assign(d.nodes.baselineGpuNodeGroup, { desiredSize: 2, minSize: 2, maxSize: 2 }));
    expect(gpuCapacity(withBaseline)).toBe(14);
  });
});
