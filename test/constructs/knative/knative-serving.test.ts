import { App, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { KnativeServing, type KnativeServingProps } from '../../../src/constructs/knative/knative-serving';

/** A fixture, independent of the sample environments. */
const props: KnativeServingProps = {
  version: '1.21',
  replicas: 2,
  scaleToZeroGracePeriod: '30s',
  stableWindow: '60s',
  progressDeadlineSeconds: 900,
  maxRevisionTimeoutSeconds: 600,
  registriesSkippingTagResolving: ['registry.example'],
  domain: 'example.org',
  queueProxy: { cpu: 0.25, cpuLimit: 2, memoryMiB: 300 },
  placement: { nodeSelector: { role: 'system' }, tolerations: [] },
};

function spec(p: KnativeServingProps): Record<string, any> {
  const chart = new Chart(new App(), 'test');
  new KnativeServing(chart, 'serving', p);
  return Testing.synth(chart)[0].spec;
}

describe('KnativeServing construct', () => {
  it('sets every queue-proxy resource, so the namespace LimitRange decides none of them', () => {
    expect(spec(props).config.deployment).toMatchObject({
      'queue-sidecar-cpu-request': '250m',
      'queue-sidecar-cpu-limit': '2000m',
      'queue-sidecar-memory-request': '300Mi',
      'queue-sidecar-memory-limit': '300Mi',
    });
  });

  it('places every deployment and post-install Job the operator installs for Serving 1.21 on the system nodes', () => {
    // knative/operator cmd/operator/kodata/knative-serving/1.21.1 (2-serving-core, 3-serving-hpa,
    // 4-serving-post-install-jobs) and cmd/operator/kodata/ingress/1.21/kourier@knative-v1.21.1;
    // Jobs are matched by generateName (pkg/reconciler/common/workload_override.go).
    const placement = { nodeSelector: { role: 'system' }, tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoSchedule' }] };
    const workloads = spec({ ...props, placement }).workloads as { name: string }[];
    expect(workloads.map((w) => w.name).sort()).toEqual(
      ['3scale-kourier-gateway', 'activator', 'autoscaler', 'autoscaler-hpa', 'cleanup-serving-', 'controller', 'net-kourier-controller', 'storage-version-migration-serving-', 'webhook'],
    );
    for (const w of workloads) expect(w).toEqual({ name: w.name, ...placement });
  });

  for (const replicas of [1, 2, 5]) {
    it(`lets a node drain evict one activator, webhook and Kourier gateway pod at ${replicas} replica(s)`, () => {
      expect(spec({ ...props, replicas }).podDisruptionBudgets).toEqual([
        { name: 'activator-pdb', maxUnavailable: 1 },
        { name: 'webhook-pdb', maxUnavailable: 1 },
        { name: '3scale-kourier-gateway-pdb', maxUnavailable: 1 },
      ]);
    });
  }
});
