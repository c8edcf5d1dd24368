import { describe, expect, it } from 'vitest';
import { kubeReservedCpu, kubeReservedMemoryMiB, nodeOverhead } from '../../../src/config/derived/node-overhead';
import { fits } from '../../../src/config/derived/placement';
import { instanceTypes } from '../../../src/config/instances';

/** A fixture DaemonSet overhead (0.4 vCPU / 1.5 GiB), independent of the sample environments. */
const daemonSets = { cpu: 0.4, memoryMiB: 1536 };
const replica = (memoryGiB: number) => ({ gpus: 1, vramMiB: 1, cpu: 1, memoryGiB });

describe('node overhead from the EKS AL2023 kubelet defaults', () => {
  it('reserves 11 MiB per pod of the instance type\'s max pods plus 255 MiB', () => {
    expect(kubeReservedMemoryMiB(instanceTypes['g4dn.xlarge'].maxPods)).toBe(11 * 29 + 255);
    expect(kubeReservedMemoryMiB(instanceTypes['g5.xlarge'].maxPods)).toBe(11 * 58 + 255);
    expect(kubeReservedMemoryMiB(instanceTypes['g5.12xlarge'].maxPods)).toBe(11 * 737 + 255);
  });

  it('reserves CPU by core range: 6% of the first core, 1% of the second, 0.5% of cores 3-4, 0.25% above', () => {
    expect(kubeReservedCpu(1)).toBeCloseTo(0.06);
    expect(kubeReservedCpu(4)).toBeCloseTo(0.08);
    expect(kubeReservedCpu(48)).toBeCloseTo(0.08 + 44 * 0.0025);
  });

  it('adds DaemonSets, kube-reserved and the 100Mi eviction threshold per instance type', () => {
    const o = nodeOverhead(instanceTypes['g5.xlarge'], daemonSets);
    expect(o.cpu).toBeCloseTo(0.4 + 0.08);
    expect(o.memoryGiB).toBeCloseTo(1.5 + (893 + 100) / 1024);
  });

  it('no longer fits a replica on a 16 GiB xlarge node that only the old flat 2 GiB overhead allowed', () => {
    expect(fits(replica(13.5), instanceTypes['g5.xlarge'], daemonSets)).toBe(true);
    expect(fits(replica(14), instanceTypes['g5.xlarge'], daemonSets)).toBe(false);
  });
});
