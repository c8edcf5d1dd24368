import { describe, expect, it } from 'vitest';
import { InferenceWorkloadsChart } from '../../../src/charts/inference-workloads';
import { App } from 'cdk8s';
import { draFixture, DRA_LABEL } from '../../fixtures/dra';
import { validateDocument } from '../../support/schema';

function render() {
  const app = new App();
  const chart = new InferenceWorkloadsChart(app, draFixture());
  return chart.toJson() as any[];
}

const docs = render();
const byKind = (kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name);

describe('a DRA workload', () => {
  it('renders a ResourceClaimTemplate with the device class, count and CEL selectors from config', () => {
    const template = byKind('ResourceClaimTemplate', 'worker-gpus');
    expect(template.apiVersion).toBe('resource.k8s.io/v1');
    expect(template.metadata).toMatchObject({ namespace: 'inference', annotations: { 'argocd.argoproj.io/sync-wave': '-1' } });
    expect(template.spec).toEqual({
        spec: {
          devices: {
            requests: [
              {
                name: 'gpus',
                exactly: {
                  deviceClassName: 'gpu.nvidia.com',
                  allocationMode: 'ExactCount',
                  count: 1,
                  selectors: [
                    { cel: { expression: "device.capacity['gpu.nvidia.com'].memory.compareTo(quantity('12000Mi')) >= 0" } },
                    { cel: { expression: "device.attributes['gpu.nvidia.com'].architecture == 'Ampere'" } },
                    { cel: { expression: "device.attributes['gpu.nvidia.com'].cudaComputeCapability.compareTo(semver('8.6.0')) >= 0" } },
                  ],
                },
              },
            ],
          },
        },
    });
  });

  it('references the claim instead of nvidia.com/gpu and lands on the DRA nodes only', () => {
    const pod = byKind('Deployment', 'worker').spec.template.spec;
    expect(pod.resourceClaims).toEqual([{ name: 'worker-gpus', resourceClaimTemplateName: 'worker-gpus' }]);
    const resources = pod.containers[0].resources;
    expect(resources.claims).toEqual([{ name: 'worker-gpus' }]);
    expect(resources.limits).toEqual({ cpu: '3', memory: '12Gi' });
    expect(resources.requests).toEqual({ cpu: '3', memory: '12Gi' });
    const [[key, value]] = Object.entries(DRA_LABEL);
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{ matchExpressions: [{ key, operator: 'In', values: [value] }] }]);
  });

  it('leaves device-plugin workloads on nvidia.com/gpu and instance types', () => {
    const web = docs.find((d) => d.kind === 'Service' && d.apiVersion === 'serving.knative.dev/v1' && d.metadata.name === 'web');
    const pod = web.spec.template.spec;
    expect(pod.resourceClaims).toBeUndefined();
    expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe('1');
    expect(docs.filter((d) => d.kind === 'ResourceClaimTemplate').map((d) => d.metadata.name)).toEqual(['worker-gpus']);
  });

  it('validates against the Kubernetes 1.35 schemas', async () => {
    for (const doc of [byKind('ResourceClaimTemplate', 'worker-gpus'), byKind('Deployment', 'worker')]) expect(await validateDocument(doc)).toEqual([]);
  });

  it('is checked by a harness that fails: unknown claim field, missing device class, the removed 1.30 claim source', async () => {
    const template = structuredClone(byKind('ResourceClaimTemplate', 'worker-gpus'));
    template.spec.spec.devices.requests[0].exactly.deviceClass = 'gpu.nvidia.com';
    delete template.spec.spec.devices.requests[0].exactly.deviceClassName;
    expect(await validateDocument(template)).toEqual([
      "data/spec/spec/devices/requests/0/exactly must have required property 'deviceClassName'",
      '.spec.spec.devices.requests[0].exactly.deviceClass: unknown field',
    ]);
    const deployment = structuredClone(byKind('Deployment', 'worker'));
    deployment.spec.template.spec.resourceClaims = [{ name: 'worker-gpus', source: { resourceClaimTemplateName: 'worker-gpus' } }];
    expect(await validateDocument(deployment)).toEqual(['.spec.template.spec.resourceClaims[0].source: unknown field']);
  });
});
