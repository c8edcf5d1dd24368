import { describe, expect, it } from 'vitest';
import { validateEnvironment } from '../../../src/config/validate';
import { quotaDemand } from '../../../src/config/derived/demand';
import { draQuotaDemand } from '../../../src/config/derived/dra';
import { renderEnvironment } from '../../../src/synth/render';
import { draFixture } from '../../fixtures/dra';
import { fixtureEnvironment } from '../../fixtures/environment';
import { docsOf } from '../../support/rendered';

const worker = 'fixture.workloads.services.worker';

describe('DRA guardrails', () => {
  it('accepts the DRA fixture', () => {
    expect(validateEnvironment(draFixture())).toEqual([]);
  });

  it('refuses a DRA workload in an environment without a DRA path', () => {
    expect(validateEnvironment(draFixture((d) => delete d.dra))).toEqual([
      {
        path: 'fixture.dra',
        message: 'worker uses gpuAllocation "dra", but the environment has no DRA path (node group, DRA driver, Cluster Autoscaler); add dra or use the device plugin',
      },
    ]);
  });

  it('refuses an attribute the pinned driver does not publish', () => {
    const env = draFixture((d) => (d.workloads.services.worker.dra.selectors = [{ attribute: 'model', equals: 'A10G' }]));
    expect(validateEnvironment(env)).toEqual([
      {
        path: `${worker}.dra.selectors[0].attribute`,
        message:
          '"model" is not an attribute the pinned DRA driver publishes for a GPU (type, productName, brand, architecture, cudaComputeCapability, driverVersion, cudaDriverVersion); the claim would never be allocated',
      },
    ]);
  });

  it('refuses a string comparison on a version attribute', () => {
    const env = draFixture((d) => (d.workloads.services.worker.dra.selectors = [{ attribute: 'driverVersion', equals: '580' }]));
    expect(validateEnvironment(env)).toEqual([{ path: `${worker}.dra.selectors[0]`, message: '"driverVersion" is a version attribute: use atLeastVersion' }]);
  });

  it('refuses an architecture the DRA node group GPUs do not have', () => {
    const env = draFixture((d) => (d.workloads.services.worker.dra.selectors = [{ attribute: 'architecture', equals: 'Hopper' }]));
    expect(validateEnvironment(env)).toEqual([
      { path: `${worker}.dra.selectors[0].equals`, message: '"Hopper" is not the architecture of the DRA node group\'s A10G GPUs (Ampere): no node could satisfy the claim' },
    ]);
  });

  it('refuses GPU memory no DRA node has', () => {
    const env = draFixture((d) => (d.workloads.services.worker.resources.vramMiB = 40_000));
    expect(validateEnvironment(env)).toEqual([
      {
        path: `${worker}.resources`,
        message: '1 GPU(s) of 40000 MiB, 3 vCPU and 12 GiB fit no node of the DRA node group (g5.xlarge: 1x24576 MiB, 4 vCPU, 16 GiB before overhead): the claim would never be allocated',
      },
    ]);
  });

  it('refuses a device class the driver does not create', () => {
    const env = draFixture((d) => (d.workloads.services.worker.dra.deviceClassName = 'mig.nvidia.com'));
    expect(validateEnvironment(env)).toEqual([{ path: `${worker}.dra.deviceClassName`, message: '"mig.nvidia.com" is not a DeviceClass the pinned DRA driver creates (gpu.nvidia.com)' }]);
  });

  it('refuses DRA for an HTTP (Knative) workload', () => {
    const env = draFixture((d) => {
      d.workloads.services.web.gpuAllocation = 'dra';
      d.workloads.services.web.dra = { deviceClassName: 'gpu.nvidia.com' };
      d.dra.nodeGroup.maxSize = 4; // room for both, so only the Knative problem remains
    });
    expect(validateEnvironment(env)).toEqual([
      { path: 'fixture.workloads.services.web.gpuAllocation', message: 'Knative Serving 1.21 does not pass resourceClaims to its pods; only an async workload may use DRA' },
    ]);
  });

  it('refuses a DRA workload that selects Karpenter nodes', () => {
    const env = draFixture((d) => (d.workloads.services.worker.nodeSelector = { 'karpenter.sh/nodepool': 'a10g' }));
    expect(validateEnvironment(env)).toEqual([
      {
        path: `${worker}.nodeSelector`,
        message: 'karpenter.sh/nodepool selects Karpenter nodes, but Karpenter cannot provision for DRA claims (kubernetes-sigs/karpenter#1231); DRA workloads run on the DRA node group',
      },
    ]);
  });

  it('refuses a DRA node group that starts from zero', () => {
    expect(validateEnvironment(draFixture((d) => (d.dra.nodeGroup.minSize = 0)))).toEqual([
      {
        path: 'fixture.dra.nodeGroup.minSize',
        message:
          'Cluster Autoscaler 1.35 on AWS cannot scale a DRA node group from zero (its template node has no ResourceSlices until a real node of the group was seen); keep at least 1 node',
      },
    ]);
  });

  it('refuses DRA demand above the node group ceiling', () => {
    expect(validateEnvironment(draFixture((d) => (d.dra.nodeGroup.maxSize = 1)))).toEqual([
      {
        path: 'fixture.dra.nodeGroup.maxSize',
        message: 'the DRA node group gives at most 1 GPUs but the DRA workloads claim 2 at max scale; scale-out would stop silently at 1',
      },
    ]);
  });

  it('refuses a claim on a device-plugin workload', () => {
    const env = draFixture((d) => (d.workloads.services.web.dra = { deviceClassName: 'gpu.nvidia.com' }));
    expect(validateEnvironment(env)).toEqual([
      { path: 'fixture.workloads.services.web.dra', message: 'only a workload with gpuAllocation: "dra" takes a claim; remove it or set gpuAllocation' },
    ]);
  });

  it('refuses DRA node labels every device-plugin GPU node has', () => {
    const env = draFixture((d) => (d.dra.nodeLabels = { ...d.nodes.gpuNodeLabels }));
    const problems = validateEnvironment(env);
    expect(problems.map((p) => p.path)).toEqual(['fixture.dra.nodeLabels']);
    expect(problems[0].message).toMatch(/is also a label of every device-plugin GPU node; DRA nodes need a label of their own$/);
  });
});

describe('quota for claimed GPUs', () => {
  // worker: max 2 replicas of 1 GPU, a Deployment surge of ceil(2 x 25%) = 1 -> 3 devices of
  // gpu.nvidia.com; web stays on requests.nvidia.com/gpu: 2 + a whole new revision of 2 = 4.
  const quotaOf = (env: ReturnType<typeof draFixture>) =>
    docsOf(renderEnvironment(env)).find((d) => d.doc.kind === 'ResourceQuota' && d.doc.metadata.namespace === env.workloads.namespace)!.doc.spec.hard;

  it('bounds the devices each DeviceClass hands out by the namespace GPU ceiling', () => {
    const env = draFixture();
    expect(quotaOf(env)['gpu.nvidia.com.deviceclass.resource.k8s.io/devices']).toBe(String(env.namespaces[env.workloads.namespace].quota!.gpus));
    expect(quotaOf(fixtureEnvironment())['gpu.nvidia.com.deviceclass.resource.k8s.io/devices']).toBeUndefined();
  });

  it('counts DRA workloads per DeviceClass, not as requests.nvidia.com/gpu', () => {
    expect(draQuotaDemand(draFixture())).toEqual(new Map([['gpu.nvidia.com', 3]]));
    expect(quotaDemand(draFixture()).gpus).toBe(4);
    expect(quotaDemand(fixtureEnvironment()).gpus).toBe(3 + 4);
  });

  it('refuses a GPU ceiling below the devices claimed at max scale during a rollout', () => {
    // 3 is enough for the claimed devices but not for web's 4 device-plugin GPUs; 2 is below both.
    const low = draFixture((d) => (d.namespaces[d.workloads.namespace].quota.gpus = 2));
    expect(validateEnvironment(low).filter((p) => p.path.endsWith('.quota.gpus'))).toEqual([
      {
        path: 'fixture.namespaces.inference.quota.gpus',
        message:
          '2 is below the 4 GPUs the workloads request at max scale during a rollout (Deployment surge, a new Knative revision at full scale); the quota would stall the rollout or cap scale-out',
      },
      {
        path: 'fixture.namespaces.inference.quota.gpus',
        message:
          '2 is below the 3 gpu.nvidia.com devices the DRA workloads claim at max scale during a rollout (gpu.nvidia.com.deviceclass.resource.k8s.io/devices); the quota would stall the rollout or cap scale-out',
      },
    ]);
  });
});
