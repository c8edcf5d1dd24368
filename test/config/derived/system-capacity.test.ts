import { describe, expect, it } from 'vitest';
import { cpuCores, eksAllocatable, memoryMiB, systemDemand } from '../../../src/config/derived/system-capacity';
import { instanceTypes } from '../../../src/config/instances';

describe('system capacity figures', () => {
  it('parses Kubernetes quantities', () => {
    expect([cpuCores('250m'), cpuCores('2'), cpuCores(0.5), cpuCores(undefined)]).toEqual([0.25, 2, 0.5, 0]);
    expect([memoryMiB('1Gi'), memoryMiB('512Mi'), memoryMiB('1048576'), memoryMiB('0')]).toEqual([1024, 512, 1, 0]);
    expect(() => cpuCores('lots')).toThrow('not a CPU quantity: lots');
  });

  it('applies the EKS AMI kube-reserved tiers and the eviction threshold', () => {
    // 2 vCPU: 60m + 10m reserved; 8 GiB: 255Mi + 11Mi x 29 pods + 100Mi eviction.
    const small = eksAllocatable(instanceTypes['m6i.large']);
    expect(small.cpu).toBeCloseTo(1.93, 9);
    expect(small.memoryMiB).toBe(8192 - 574 - 100);
    expect(eksAllocatable(instanceTypes['m6i.2xlarge']).cpu).toBeCloseTo(8 - 0.06 - 0.01 - 0.01 - 0.01, 6);
  });

  it('keeps DaemonSets per node apart from the pods that fill the nodes', () => {
    const ds = { name: 'ds', requests: { cpu: 0.1, memoryMiB: 10 }, replicas: 'per-node' as const };
    const deploy = { name: 'd', requests: { cpu: 0.5, memoryMiB: 100 }, replicas: 3 };
    expect(systemDemand([ds, deploy])).toEqual({ perNode: { cpu: 0.1, memoryMiB: 10 }, pods: { cpu: 1.5, memoryMiB: 300 } });
  });
});
