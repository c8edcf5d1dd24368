import { describe, expect, it } from 'vitest';
import { gpuNodeDaemonSetRequests, gpuNodeDaemonSets } from '../../../src/config/derived/gpu-node-daemonsets';
import { placementFor } from '../../../src/config/derived/placement';
import { instanceTypes } from '../../../src/config/instances';
import { fixtureEnvironment } from '../../fixtures/environment';

/** The fixture's GPU-node DaemonSets (test/fixtures/environment.ts): Dragonfly client 100m/1024Mi, device plugin and GFD 15m/85Mi each. */
const env = fixtureEnvironment();
const t4Only = (patch: (d: any) => void = () => undefined) =>
  fixtureEnvironment((d) => {
    delete d.nodes.pools.a10g;
    patch(d);
  });
const T4_MIB = instanceTypes['g4dn.xlarge'].gpuMemoryMiB;
const replica = (cpu: number, memoryGiB: number) => ({ gpus: 1, vramMiB: T4_MIB, cpu, memoryGiB });

describe('GPU-node DaemonSet requests, one figure per DaemonSet', () => {
  it('lists ours from config, the chart defaults we keep and the EKS add-ons on every node', () => {
    expect(gpuNodeDaemonSets(env).map((d) => [d.name, d.requests.cpu, d.requests.memoryMiB])).toEqual([
      ['dragonfly/client', 0.1, 1024],
      ['nvidia-device-plugin/device-plugin', 0.015, 85],
      ['nvidia-device-plugin/gpu-feature-discovery', 0.015, 85],
      // node-feature-discovery 0.17.3 worker.resources (the nvidia-device-plugin 0.19.1 subchart).
      ['nvidia-device-plugin/nfd-worker', 0.005, 64],
      // dcgm-exporter 4.8.2 resources.requests (imported chart facts).
      ['dcgm-exporter/dcgm-exporter', 0.1, 128],
      ['eks/aws-node', 0.025, 0],
      ['eks/kube-proxy', 0.1, 0],
      ['eks/ebs-csi-node', 0.03, 120],
      ['eks/eks-node-monitoring-agent', 0.01, 30],
      ['eks/eks-pod-identity-agent', 0, 0],
    ]);
    expect(gpuNodeDaemonSets(env).slice(0, 3).map((d) => d.source)).toEqual([
      'nodes.gpuNodeDaemonSets.dragonflyClient',
      'nodes.gpuNodeDaemonSets.nvidiaDevicePlugin',
      'nodes.gpuNodeDaemonSets.nvidiaDevicePlugin',
    ]);
  });

  it('adds up to the fixture overhead of 0.4 vCPU / 1536 MiB per GPU node', () => {
    const sum = gpuNodeDaemonSetRequests(env);
    expect(sum.cpu).toBeCloseTo(0.4, 9);
    expect(sum.memoryMiB).toBe(1536);
  });

  it('counts the device plugin figure once per DaemonSet (device plugin and GFD)', () => {
    const more = fixtureEnvironment((d) => (d.nodes.gpuNodeDaemonSets.nvidiaDevicePlugin = { cpu: '25m', memory: '100Mi' }));
    const sum = gpuNodeDaemonSetRequests(more);
    expect(sum.cpu).toBeCloseTo(0.4 + 2 * 0.01, 9);
    expect(sum.memoryMiB).toBe(1536 + 2 * 15);
  });

  it('moves the placement boundary with each config figure', () => {
    // g4dn.xlarge: 4 vCPU - 0.08 kube-reserved - 0.4 of DaemonSets = 3.52 for a replica.
    expect(placementFor(t4Only(), replica(3.51, 13))).toContain('g4dn.xlarge');
    // 20m more for the Dragonfly client: 3.50 left.
    expect(placementFor(t4Only((d) => (d.nodes.gpuNodeDaemonSets.dragonflyClient.cpu = '120m')), replica(3.51, 13))).not.toContain('g4dn.xlarge');
    // 10m more per device plugin container, twice: the same 3.50.
    expect(placementFor(t4Only((d) => (d.nodes.gpuNodeDaemonSets.nvidiaDevicePlugin.cpu = '25m')), replica(3.51, 13))).not.toContain('g4dn.xlarge');
    // 16 GiB - 1.5 - 674 MiB kube-reserved and eviction = 13.84 GiB; 1 GiB more for the client leaves 12.84.
    expect(placementFor(t4Only(), replica(3, 13.84))).toContain('g4dn.xlarge');
    expect(placementFor(t4Only((d) => (d.nodes.gpuNodeDaemonSets.dragonflyClient.memory = '2Gi')), replica(3, 13.84))).not.toContain('g4dn.xlarge');
    expect(placementFor(t4Only((d) => (d.nodes.gpuNodeDaemonSets.dragonflyClient.memory = '2Gi')), replica(3, 12.84))).toContain('g4dn.xlarge');
  });
});
