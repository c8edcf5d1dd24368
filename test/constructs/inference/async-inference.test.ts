import { App, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { AsyncInference, type AsyncInferenceProps } from '../../../src/constructs/inference/async-inference';
import { gpuPod } from './fixture';

/** A fixture worker with a queue trigger and a trigger that exists only while pods run. */
const props: AsyncInferenceProps = {
  ...gpuPod,
  name: 'worker',
  minReplicas: 0,
  maxReplicas: 4,
  prometheusUrl: 'http://prometheus.example:9090',
  triggers: [
    { name: 'queue', query: 'sum(queue_depth)', threshold: 5, activationThreshold: 0 },
    { name: 'waiting', query: 'sum(vllm:num_requests_waiting)', threshold: 10, activationThreshold: 0 },
  ],
  pollingIntervalSeconds: 30,
  cooldownPeriodSeconds: 120,
  fallbackReplicas: 2,
  fallbackFailureThreshold: 5,
  scaleDownStabilizationSeconds: 30,
  drainSeconds: 60,
  terminationGraceSeconds: 120,
};

function scaledObject(): Record<string, any> {
  const chart = new Chart(new App(), 'test');
  new AsyncInference(chart, 'worker', props);
  return Testing.synth(chart).find((d) => d.kind === 'ScaledObject')!;
}

describe('AsyncInference ScaledObject', () => {
  it('reads an empty Prometheus result as 0, so a missing metric scales to zero instead of holding fallback replicas', () => {
    const triggers = scaledObject().spec.triggers;
    expect(triggers.map((t: any) => [t.name, t.metadata.ignoreNullValues])).toEqual([
      ['queue', 'true'],
      ['waiting', 'true'],
    ]);
  });

  it('keeps the fallback for real query errors only', () => {
    expect(scaledObject().spec.fallback).toEqual({ failureThreshold: 5, replicas: 2 });
  });
});
