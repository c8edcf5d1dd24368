import { describe, expect, it } from 'vitest';
import { validateEnvironment } from '../../../src/config/validate';
import { fixtureEnvironment } from '../../fixtures/environment';
import { productionFixture } from '../../fixtures/rules';
import { bottlerocketFixture, reservedFixture } from '../../fixtures/gpu-nodes';

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

  it('refuses a spot-only GPU pool in production, and allows it where on-demand fallback is not required', () => {
    const badProd = productionFixture((d) => (d.nodes.pools.gpu.capacityTypes = ['spot']));
    expect(validateEnvironment(badProd)).toEqual([
      {
        path: 'fixture.nodes.pools.gpu.capacityTypes',
        message: 'a GPU pool in fixture must include "on-demand" as a fallback: spot-only leaves pods Pending when spot GPUs run out',
      },
    ]);
    // What the rule reads is nodes.policy.requireOnDemandGpuFallback (an Audit environment may turn it off).
    const spotOk = fixtureEnvironment((d) => {
      d.platform.policyMode = 'Audit';
      d.nodes.policy.requireOnDemandGpuFallback = false;
      d.nodes.pools.gpu.capacityTypes = ['spot'];
    });
    expect(validateEnvironment(spotOk)).toEqual([]);
  });

  it('refuses unknown instance types and CPU instances in a GPU pool', () => {
    const bad = fixtureEnvironment((d) => (d.nodes.pools.gpu.instanceTypes = ['g9.xlarge', 'm6i.large', 'g4dn.xlarge']));
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.nodes.pools.gpu.instanceTypes[0]', message: 'unknown instance type "g9.xlarge"; add it to src/config/instances.ts or choose a catalogued type' },
      { path: 'fixture.nodes.pools.gpu.instanceTypes[1]', message: 'm6i.large has no GPU; a GPU pool may only allow GPU instance types (remove it or move it to a CPU pool)' },
    ]);
  });

  it('refuses GPU instances in a CPU pool', () => {
    const bad = fixtureEnvironment((d) => {
      d.nodes.pools.general.instanceTypes = ['m6i.large', 'm6i.xlarge', 'g4dn.xlarge'];
      d.nodes.pools.general.limits = { cpu: 32, memoryGiB: 128 }; // every type fits: the GPU is the only problem
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.nodes.pools.general.instanceTypes[2]', message: 'g4dn.xlarge has GPUs; a CPU pool would hand out GPU nodes to CPU pods (remove it)' },
    ]);
  });

  it('refuses a floating AMI alias in production', () => {
    const bad = productionFixture((d) => (d.nodes.nodeClasses.al2023.amiAlias = 'al2023@latest'));
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.nodes.nodeClasses.al2023.amiAlias', message: 'fixture must pin the AMI version; @latest changes nodes whenever AWS publishes an AMI' },
    ]);
  });

  it('refuses a baseline GPU node group that does not look like a Karpenter GPU node', () => {
    const bad = fixtureEnvironment((d) => {
      Object.assign(d.nodes.baselineGpuNodeGroup, { instanceType: 'g5.xlarge', desiredSize: 1, minSize: 1, maxSize: 1 });
      d.nodes.baselineGpuNodeGroup.labels = { gpu: 'yes' };
      d.nodes.baselineGpuNodeGroup.taints = [];
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.nodes.baselineGpuNodeGroup.labels', message: 'must equal nodes.gpuNodeLabels, or GPU workloads never land on the baseline nodes' },
      { path: 'fixture.nodes.baselineGpuNodeGroup.taints', message: 'must be exactly [nodes.gpuTaint], like the Karpenter GPU pools' },
    ]);
  });

  it('refuses baseline GPU nodes with a smaller root volume than the Karpenter GPU nodes, once the group has nodes', () => {
    const withVolumes = (desiredSize: number) =>
      fixtureEnvironment((d) => {
        Object.assign(d.nodes.baselineGpuNodeGroup, { instanceType: 'g5.xlarge', desiredSize, minSize: desiredSize, maxSize: 1, rootVolumeGiB: 120 });
        for (const nc of Object.values<any>(d.nodes.nodeClasses)) nc.volumeGiB = 150;
      });
    expect(validateEnvironment(withVolumes(1))).toEqual([
      {
        path: 'fixture.nodes.baselineGpuNodeGroup.rootVolumeGiB',
        message: '120 GiB is below the 150 GiB root volume of the Karpenter GPU nodes, which hold the same inference images; raise it to 150 or more',
      },
    ]);
    expect(validateEnvironment(withVolumes(0))).toEqual([]);
  });

  it('refuses "reserved" capacity without capacity reservations on the node class', () => {
    // productionFixture: every pool on node class al2023, which has no capacityReservations.
    const bad = productionFixture((d) => (d.nodes.pools.a10g.capacityTypes = ['reserved', 'on-demand']));
    expect(validateEnvironment(bad)).toEqual([
      {
        path: 'fixture.nodes.pools.a10g.capacityTypes',
        message: '"reserved" needs capacityReservations (by id or tags) on node class "al2023", or Karpenter has no reservation to launch into',
      },
    ]);
  });

  it('accepts a reserved pool weighted above the others, and refuses reservations for types it does not allow or a weight not above them', () => {
    const reserved = (patch: (d: any) => void = () => undefined) =>
      reservedFixture((d) => {
        d.nodes.nodeClasses.reserved.capacityReservations.push({ tags: { team: 'ml' }, instanceType: 'g5.12xlarge', instances: 1 });
        patch(d);
      });
    expect(validateEnvironment(reserved())).toEqual([]);
    const bad = reserved((d) => {
      d.nodes.nodeClasses.reserved.capacityReservations[1].instanceType = 'g6.xlarge';
      d.nodes.pools.steady.weight = 10; // the spot/on-demand pools carry weight 10 (fixture template)
    });
    expect(validateEnvironment(bad)).toEqual([
      {
        path: 'fixture.nodes.pools.steady.instanceTypes',
        message: 'reservation team=ml of node class "reserved" is for g6.xlarge, which this pool does not allow: it would be paid for and never used; add g6.xlarge or remove the reservation',
      },
      {
        path: 'fixture.nodes.pools.steady.weight',
        message: '10 must be above the 10 weight of pool "gpu", which has no reservations: otherwise Karpenter may launch spot or on-demand nodes there while the paid reservation sits idle',
      },
    ]);
  });

  it('refuses a reservation whose instance type the catalogue cannot price', () => {
    const bad = reservedFixture((d) => (d.nodes.nodeClasses.reserved.capacityReservations[0].instanceType = 'g9.xlarge'));
    expect(validateEnvironment(bad)).toContainEqual({
      path: 'fixture.nodes.nodeClasses.reserved.capacityReservations[0].instanceType',
      message: 'unknown instance type "g9.xlarge"; add it to src/config/instances.ts (the budget report prices the reservation)',
    });
  });

  it('accepts a Bottlerocket GPU pool, and still refuses extra mirrored registries with Bottlerocket', () => {
    const ok = bottlerocketFixture();
    expect(validateEnvironment(ok)).toEqual([]);
    const bad = bottlerocketFixture((d) => (d.nodes.registryMirror.extraRegistries = ['public.ecr.aws']));
    expect(validateEnvironment(bad)).toEqual([
      {
        path: 'fixture.nodes.registryMirror.extraRegistries',
        message: 'Bottlerocket mirrors cannot send the X-Dragonfly-Registry header, so dfdaemon would fetch every mirrored registry from the cluster registry; mirror only cluster.registryHost with Bottlerocket',
      },
    ]);
  });

  it('refuses a floating Bottlerocket alias where AMIs must be pinned, like an AL2023 one', () => {
    const bad = bottlerocketFixture((d) => {
      d.nodes.policy.allowLatestAmi = false;
      d.nodes.nodeClasses.al2023.amiAlias = 'al2023@v20260818';
      d.nodes.nodeClasses.bottlerocket.amiAlias = 'bottlerocket@latest';
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.nodes.nodeClasses.bottlerocket.amiAlias', message: 'fixture must pin the AMI version; @latest changes nodes whenever AWS publishes an AMI' },
    ]);
  });
});
