import { App, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { HttpInference, type HttpInferenceProps } from '../../../src/constructs/inference/http-inference';
import { gpuPod } from './fixture';

/** A fixture HTTP service. */
const props: HttpInferenceProps = {
  ...gpuPod,
  minReplicas: 0,
  maxReplicas: 3,
  targetConcurrency: 6,
  targetUtilizationPercentage: 90,
  containerConcurrency: 10,
  scaleDownDelay: '1m',
  timeoutSeconds: 300,
  clusterLocal: true,
};

describe('HttpInference', () => {
  it('renders the target utilization with the target, so Knative does not apply its 70% default', () => {
    const chart = new Chart(new App(), 'test');
    new HttpInference(chart, 'web', props);
    const ksvc = Testing.synth(chart).find((d) => d.kind === 'Service')!;
    expect(ksvc.spec.template.metadata.annotations).toMatchObject({
      'autoscaling.knative.dev/target': '6',
      'autoscaling.knative.dev/target-utilization-percentage': '90',
    });
  });
});
