import { App, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { KourierLoadBalancer } from '../../../src/constructs/knative/kourier-load-balancer';

describe('KourierLoadBalancer', () => {
  it('registers only the nodes the gateway runs on as NLB targets', () => {
    const chart = new Chart(new App(), 'test');
    new KourierLoadBalancer(chart, 'lb', { namespace: 'gateway', scheme: 'internal', targetNodeLabels: { role: 'system', pool: 'core' } });
    const svc = Testing.synth(chart)[0];
    expect(svc.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-target-node-labels']).toBe('role=system,pool=core');
  });
});
