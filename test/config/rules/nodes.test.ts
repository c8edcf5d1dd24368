import { describe, expect, it } from 'vitest';
import { environments } from '../../../src/config/environments';
import { validateEnvironment } from '../../../src/config/validate';
import { fixtureEnvironment } from '../../fixtures/environment';
import { withOverride } from '../../support/rendered';

const { dev, prod } = environments;

describe('node layer guardrails', () => {
  it('refuses an instance type larger than the pool cpu/memory limits', () => {
    // With limits of 32 vCPU / 128 GiB, g5.12xlarge (48 vCPU / 192 GiB) could never launch.
    const bad = fixtureEnvironment((d) => {
      d.nodes.pools.gpu.limits = { cpu: 32, memoryGiB: 128, gpus: 4 };
      d.nodes.pools.gpu.instanceTypes.push('g5.12xlarge');
    });
    expect(validateEnvironment(bad)).toEqual([
      {
        path: 'fixture.nodes.pools.gpu.instanceTypes[3]',
        message: "g5.12xlarge (48 vCPU, 192 GiB) exceeds the pool's limits (32 vCPU, 128 GiB) and can never launch; raise limits.cpu/limits.memoryGiB or remove it",
      },
    ]);
  });

  it('refuses a GPU limit below the GPUs of the largest allowed instance', () => {
    // a10g allows g5.12xlarge (4 GPUs); capacity 4 (gpu) + 2 (a10g) = 6 still covers the demand of 4.
    const bad = fixtureEnvironment((d) => (d.nodes.pools.a10g.limits.gpus = 2));
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.nodes.pools.a10g.limits.gpus', message: '2 is below the 4 GPUs of the largest allowed instance, which could never launch; raise it to at least 4' },
    ]);
  });

  it('refuses GPU limits below the max-scale demand', () => {
    // Capacity: 1 GPU (the only pool); demand: 2 x 1 (worker) + 2 x 1 (web) = 4.
    const bad = fixtureEnvironment((d) => {
      d.nodes.pools.gpu.limits.gpus = 1;
      d.nodes.pools.gpu.instanceTypes = ['g4dn.xlarge'];
      delete d.nodes.pools.a10g;
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.nodes.pools', message: 'GPU pool limits plus the baseline node group give 1 GPUs but the workloads request 4 at max scale; scale-out would stop silently at 1' },
    ]);
  });

  it('refuses a GPU pool without a GPU limit', () => {
    const bad = fixtureEnvironment((d) => delete d.nodes.pools.a10g.limits.gpus);
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.nodes.pools.a10g.limits.gpus', message: 'a GPU pool needs a GPU limit, or a bad workload can launch GPU nodes without bound' },
    ]);
  });

  it('refuses a spot-only GPU pool in prod, and allows it in dev', () => {
    const badProd = withOverride(prod, (d) => (d.nodes.pools.gpu.capacityTypes = ['spot']));
    expect(validateEnvironment(badProd)).toEqual([
      {
        path: 'prod.nodes.pools.gpu.capacityTypes',
        message: 'a GPU pool in prod must include "on-demand" as a fallback: spot-only leaves pods Pending when spot GPUs run out',
      },
    ]);
    expect(validateEnvironment(withOverride(dev, (d) => (d.nodes.pools.gpu.capacityTypes = ['spot'])))).toEqual([]);
  });

  it('refuses unknown instance types and CPU instances in a GPU pool', () => {
    const bad = withOverride(dev, (d) => (d.nodes.pools.gpu.instanceTypes = ['g9.xlarge', 'm6i.large', 'g4dn.xlarge']));
    expect(validateEnvironment(bad)).toEqual([
      { path: 'dev.nodes.pools.gpu.instanceTypes[0]', message: 'unknown instance type "g9.xlarge"; add it to src/config/instances.ts or choose a catalogued type' },
      { path: 'dev.nodes.pools.gpu.instanceTypes[1]', message: 'm6i.large has no GPU; a GPU pool may only allow GPU instance types (remove it or move it to a CPU pool)' },
    ]);
  });

  it('refuses GPU instances in a CPU pool', () => {
    const bad = withOverride(dev, (d) => d.nodes.pools.general.instanceTypes.push('g4dn.xlarge'));
    expect(validateEnvironment(bad)).toEqual([
      { path: 'dev.nodes.pools.general.instanceTypes[5]', message: 'g4dn.xlarge has GPUs; a CPU pool would hand out GPU nodes to CPU pods (remove it)' },
    ]);
  });

  it('refuses a floating AMI alias in prod', () => {
    const bad = withOverride(prod, (d) => (d.nodes.nodeClasses.al2023.amiAlias = 'al2023@latest'));
    expect(validateEnvironment(bad)).toEqual([
      { path: 'prod.nodes.nodeClasses.al2023.amiAlias', message: 'prod must pin the AMI version; @latest changes nodes whenever AWS publishes an AMI' },
    ]);
  });

  it('refuses a baseline GPU node group that does not look like a Karpenter GPU node', () => {
    const bad = withOverride(prod, (d) => {
      d.nodes.baselineGpuNodeGroup.labels = { gpu: 'yes' };
      d.nodes.baselineGpuNodeGroup.taints = [];
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: 'prod.nodes.baselineGpuNodeGroup.labels', message: 'must equal nodes.gpuNodeLabels, or GPU workloads never land on the baseline nodes' },
      { path: 'prod.nodes.baselineGpuNodeGroup.taints', message: 'must be exactly [nodes.gpuTaint], like the Karpenter GPU pools' },
    ]);
  });

  it('refuses "reserved" capacity without capacity reservations on the node class', () => {
    const bad = withOverride(prod, (d) => (d.nodes.pools['gpu-steady'].capacityTypes = ['reserved', 'on-demand']));
    expect(validateEnvironment(bad)).toEqual([
      { path: 'prod.nodes.pools.gpu-steady.capacityTypes', message: '"reserved" needs capacityReservationIds on node class "al2023"' },
    ]);
  });

  it('refuses Bottlerocket for GPU pools and extra mirrored registries with Bottlerocket', () => {
    const bad = withOverride(dev, (d) => {
      d.nodes.nodeClasses.bottlerocket = { amiFamily: 'Bottlerocket', amiAlias: 'bottlerocket@latest', volumeGiB: 150, volumeIops: 3000, volumeThroughputMiBps: 250 };
      d.nodes.pools.gpu.nodeClass = 'bottlerocket';
      d.nodes.registryMirror.extraRegistries = ['public.ecr.aws'];
    });
    expect(validateEnvironment(bad)).toEqual([
      {
        path: 'dev.nodes.pools.gpu.nodeClass',
        message: '"bottlerocket" is Bottlerocket, whose NVIDIA variants run their own device plugin next to the chart\'s; use an AL2023 node class for GPU pools',
      },
      {
        path: 'dev.nodes.registryMirror.extraRegistries',
        message: 'Bottlerocket mirrors cannot send the X-Dragonfly-Registry header, so dfdaemon would fetch every mirrored registry from the cluster registry; mirror only cluster.registryHost with Bottlerocket',
      },
    ]);
  });
});
