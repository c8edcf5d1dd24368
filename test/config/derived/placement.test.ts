import { describe, expect, it } from 'vitest';
import { environments } from '../../../src/config/environments';
import { gpuCapacity, gpuDemandAtMax, placementFor } from '../../../src/config/derived/placement';
import { withOverride } from '../../support/rendered';

const { dev, prod } = environments;
const one = (vramMiB: number, cpu: number, memoryGiB: number, gpus = 1) => ({ gpus, vramMiB, cpu, memoryGiB });

describe('placement compiled from the instance catalogue', () => {
  it('fits exactly at the boundary after node overhead (g4dn.xlarge: 4 vCPU - 0.4 - 0.08 reserved, 16 GiB - 1.5 - 674 MiB)', () => {
    // dev allows g4dn.xlarge/2xlarge/4xlarge (T4, 16384 MiB); g4dn.xlarge runs 29 pods.
    expect(placementFor(dev, one(16384, 3.51, 13.84))).toEqual(['g4dn.2xlarge', 'g4dn.4xlarge', 'g4dn.xlarge']);
    expect(placementFor(dev, one(16384, 3.53, 13.84))).toEqual(['g4dn.2xlarge', 'g4dn.4xlarge']);
    expect(placementFor(dev, one(16384, 3.51, 13.85))).toEqual(['g4dn.2xlarge', 'g4dn.4xlarge']);
  });

  it('excludes GPUs with too little VRAM and counts the node overhead from config', () => {
    expect(placementFor(dev, one(16385, 1, 1))).toEqual([]);
    expect(placementFor(prod, one(22889, 1, 1))).toEqual(['g5.12xlarge', 'g5.2xlarge', 'g5.xlarge']);
    expect(placementFor(dev, one(16384, 3.5, 13))).toEqual(['g4dn.2xlarge', 'g4dn.4xlarge', 'g4dn.xlarge']);
    const heavier = withOverride(dev, (d) => (d.nodes.daemonSetOverhead.memoryGiB = 3));
    expect(placementFor(heavier, one(16384, 3.5, 13))).toEqual(['g4dn.2xlarge', 'g4dn.4xlarge']);
  });

  it('requires the GPU count per node', () => {
    expect(placementFor(prod, one(20000, 8, 32, 4))).toEqual(['g5.12xlarge', 'g6.12xlarge']);
  });

  it('includes the baseline node group only when it has nodes', () => {
    const noBaseline = withOverride(prod, (d) => {
      d.nodes.baselineGpuNodeGroup.instanceType = 'g4dn.xlarge';
      d.nodes.pools.gpu.instanceTypes = ['g5.xlarge'];
      d.nodes.pools['gpu-steady'].instanceTypes = ['g5.xlarge'];
    });
    expect(placementFor(noBaseline, one(10000, 1, 1))).toEqual(['g4dn.xlarge', 'g5.xlarge']);
    const zero = withOverride(noBaseline, (d) => (d.nodes.baselineGpuNodeGroup.desiredSize = 0));
    expect(placementFor(zero, one(10000, 1, 1))).toEqual(['g5.xlarge']);
  });

  it('adds up GPU capacity and max-scale demand', () => {
    // prod: 16 (gpu) + 4 (gpu-steady) + 4 x 1 (baseline g5.xlarge) = 24; demand 8 + 6 = 14.
    expect(gpuCapacity(prod)).toBe(24);
    expect(gpuDemandAtMax(prod)).toBe(14);
    // dev: 4 + 0 baseline; demand 2 + 2.
    expect(gpuCapacity(dev)).toBe(4);
    expect(gpuDemandAtMax(dev)).toBe(4);
  });
});
