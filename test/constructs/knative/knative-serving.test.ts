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
