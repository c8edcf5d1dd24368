import { App, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { AsyncInference } from '../../../src/constructs/inference/async-inference';
import { HttpInference } from '../../../src/constructs/inference/http-inference';
import { gpuPod } from './fixture';

const asyncProps = {
  ...gpuPod,
  minReplicas: 0,
  maxReplicas: 2,
  prometheusUrl: 'http://prometheus:9090',
  triggers: [{ name: 'queue', query: 'sum(q)', threshold: 5, activationThreshold: 0 }],
  pollingIntervalSeconds: 30,
  cooldownPeriodSeconds: 120,
  fallbackReplicas: 1,
  fallbackFailureThreshold: 3,
  scaleDownStabilizationSeconds: 30,
  drainSeconds: 60,
  terminationGraceSeconds: 120,
};
const httpProps = {
  ...gpuPod,
  minReplicas: 0,
  maxReplicas: 2,
  targetConcurrency: 4,
  targetUtilizationPercentage: 100,
  containerConcurrency: 8,
  scaleDownDelay: '1m',
  timeoutSeconds: 600,
  clusterLocal: true,
};

/** The pod spec each construct renders, from a fresh chart. */
function podSpecs(extra: object = {}) {
  const chart = new Chart(new App(), 'test');
  new AsyncInference(chart, 'worker', { ...asyncProps, ...extra });
  new HttpInference(chart, 'web', { ...httpProps, ...extra });
  const docs = Testing.synth(chart);
  return {
    async: docs.find((d) => d.kind === 'Deployment')!.spec.template.spec,
    http: docs.find((d) => d.kind === 'Service' && d.apiVersion.startsWith('serving'))!.spec.template.spec,
  };
}

describe.each(['async', 'http'] as const)('%s inference pod hardening', (kind) => {
  it('probes liveness, and holds it off with a start-up probe sized to startupSeconds', () => {
    const c = podSpecs()[kind].containers[0];
    expect(c.livenessProbe).toMatchObject({ httpGet: { path: '/live' }, periodSeconds: 10, failureThreshold: 3 });
    // 300 s at 10 s per probe.
    expect(c.startupProbe).toMatchObject({ httpGet: { path: '/live' }, periodSeconds: 10, failureThreshold: 30 });
  });

  it('runs on a read-only root filesystem with one size-limited emptyDir per writable path', () => {
    const spec = podSpecs()[kind];
    expect(spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'writable-0', mountPath: '/tmp' },
      { name: 'writable-1', mountPath: '/cache' },
    ]);
    expect(spec.volumes).toEqual([
      { name: 'writable-0', emptyDir: { sizeLimit: '5Gi' } },
      { name: 'writable-1', emptyDir: { sizeLimit: '5Gi' } },
    ]);
  });

  it('mounts no API token unless a ServiceAccount is named', () => {
    expect(podSpecs()[kind]).toMatchObject({ automountServiceAccountToken: false });
    expect(podSpecs()[kind].serviceAccountName).toBeUndefined();
    const withIdentity = podSpecs({ serviceAccountName: 'reader' })[kind];
    expect(withIdentity.serviceAccountName).toBe('reader');
    expect(withIdentity.automountServiceAccountToken).toBeUndefined();
  });
});
