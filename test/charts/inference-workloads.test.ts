import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { renderEnvironment } from '../../src/synth/render';
import { fixtureEnvironment } from '../fixtures/environment';
import { docsOf, rendered } from '../support/rendered';

const docs = (env: string) => docsOf(rendered(environments[env])).map((d) => d.doc);
const find = (env: string, kind: string, name: string) => docs(env).find((d) => d.kind === kind && d.metadata.name === name)!;

/** Pod specs of every GPU workload: Deployment templates and Knative revision templates. */
function gpuPodSpecs(env: string): [string, any][] {
  return docs(env)
    .filter((d) => (d.kind === 'Deployment' || (d.kind === 'Service' && d.apiVersion.startsWith('serving.knative.dev'))) && d.metadata.namespace === environments[env].workloads.namespace)
    .map((d) => [`${d.kind}/${d.metadata.name}`, d.spec.template.spec]);
}

describe('inference workloads', () => {
  for (const env of Object.keys(environments)) {
    it(`${env}: every GPU pod requests = limits GPUs, tolerates the taint, is placed by instance type and runs restricted`, () => {
      const specs = gpuPodSpecs(env);
      const { workloads, nodes } = environments[env];
      expect(specs.length).toBe(Object.keys(workloads.services).length);
      for (const [name, spec] of specs) {
        const c = spec.containers[0];
        expect(c.resources.requests, name).toEqual(c.resources.limits);
        expect(Number(c.resources.limits['nvidia.com/gpu']), name).toBeGreaterThanOrEqual(1);
        expect(spec.tolerations, name).toEqual([{ key: nodes.gpuTaint.key, operator: 'Exists', effect: nodes.gpuTaint.effect }]);
        const expr = spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0];
        expect(expr.key, name).toBe('node.kubernetes.io/instance-type');
        expect(expr.values.length, name).toBeGreaterThan(0);
        expect(spec.priorityClassName, name).toBe(workloads.priorityClassName);
        expect(spec.securityContext, name).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
        expect(c.securityContext, name).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
        expect(c.image, name).toMatch(/:\d[\w.-]*$/);
        const w = workloads.services[name.split('/')[1]];
        if (w.kind !== 'disaggregated' && w.onePerNode) expect(spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey, name).toBe('kubernetes.io/hostname');
        else expect(spec.affinity.podAntiAffinity, name).toBeUndefined();
      }
    });
  }

  // Fixture workloads (test/fixtures/environment.ts): `worker` (async) and `web` (http), tuned here.
  const fx = fixtureEnvironment((d) => {
    Object.assign(d.workloads.services.worker, { maxReplicas: 8, pollingIntervalSeconds: 15, cooldownPeriodSeconds: 600, fallbackReplicas: 1, fallbackFailureThreshold: 3, drainSeconds: 90, scaleDownStabilizationSeconds: 60 });
    d.workloads.services.worker.triggers = [
      { name: 'queue-depth', source: 'queue', query: 'sum(gpu_job_queue_depth{queue="worker"})', threshold: 5, activationThreshold: 0 },
      { name: 'vllm-waiting', source: 'vllm', query: 'sum(vllm:num_requests_waiting{pod=~"worker-.*"})', threshold: 10, activationThreshold: 0 },
    ];
    d.workloads.services.worker.cron = { timezone: 'Etc/UTC', start: '0 8 * * 1-5', end: '0 18 * * 1-5', desiredReplicas: 2 };
    Object.assign(d.workloads.services.web, { minReplicas: 1, maxReplicas: 6, targetConcurrency: 4, containerConcurrency: 8, scaleDownDelay: '15m', timeoutSeconds: 600 });
    d.nodes.pools.a10g.limits = { cpu: 192, memoryGiB: 768, gpus: 16 };
    d.namespaces.inference.quota = { cpu: 128, memoryGiB: 512, gpus: 24, pods: 100 };
  });
  const fxFind = (kind: string, name: string) => docsOf(renderEnvironment(fx)).map((x) => x.doc).find((x) => x.kind === kind && x.metadata.name === name)!;

  it('leaves Deployment replicas to KEDA and drains before the 120 s spot notice ends', () => {
    const d = fxFind('Deployment', 'worker');
    expect(d.spec.replicas).toBeUndefined();
    // Same sync wave as its ScaledObject: Argo CD does not wait for the default replica's GPU pod.
    const wave = (x: any) => x.metadata.annotations?.['argocd.argoproj.io/sync-wave'];
    expect(wave(fxFind('ScaledObject', 'worker'))).toBe(wave(d));
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(120);
    expect(d.spec.template.spec.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 90 } });
  });

  it('scales async workloads on the queue with explicit null handling, fallback and a business-hours cron', () => {
    const so = fxFind('ScaledObject', 'worker');
    expect(so.spec).toMatchObject({ minReplicaCount: 0, maxReplicaCount: 8, pollingInterval: 15, cooldownPeriod: 600, fallback: { failureThreshold: 3, replicas: 1 } });
    const [queue, vllm, cron] = so.spec.triggers;
    expect(queue.metadata).toMatchObject({ query: 'sum(gpu_job_queue_depth{queue="worker"})', threshold: '5', activationThreshold: '0', ignoreNullValues: 'true' });
    expect(vllm.metadata.query).toContain('vllm:num_requests_waiting');
    expect(cron).toEqual({ type: 'cron', name: 'business-hours', metadata: { timezone: 'Etc/UTC', start: '0 8 * * 1-5', end: '0 18 * * 1-5', desiredReplicas: '2' } });
    expect(so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds).toBe(60);
  });

  it('puts Knative autoscaling on the revision template and keeps services cluster-local', () => {
    const ks = fxFind('Service', 'web');
    expect(ks.metadata.annotations).toBeUndefined();
    expect(ks.metadata.labels['networking.knative.dev/visibility']).toBe('cluster-local');
    expect(ks.spec.template.metadata.annotations).toMatchObject({
      'autoscaling.knative.dev/min-scale': '1',
      'autoscaling.knative.dev/max-scale': '6',
      'autoscaling.knative.dev/target': '4',
      'autoscaling.knative.dev/scale-down-delay': '15m',
    });
    expect(ks.spec.template.spec).toMatchObject({ containerConcurrency: 8, timeoutSeconds: 600 });
  });

  it('gives every workload a PDB selecting its pods that never blocks scale-to-zero', () => {
    for (const name of ['worker', 'web']) {
      const pdb = fxFind('PodDisruptionBudget', name);
      expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': name, 'gpu-inference.io/workload': name } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    }
  });

  it('bounds the inference namespace with a GPU quota', () => {
    for (const env of Object.keys(environments)) {
      const ns = environments[env].workloads.namespace;
      expect(find(env, 'ResourceQuota', 'compute').spec.hard['requests.nvidia.com/gpu']).toBe(String(environments[env].namespaces[ns].quota!.gpus));
    }
  });
});

describe('KnativeServing', () => {
  it('enables the podspec flags GPU pods need and waits long enough for a GPU cold start', () => {
    const env = fixtureEnvironment((d) => {
      Object.assign(d.knative, { progressDeadlineSeconds: 900, stableWindow: '120s', replicas: 2 });
      // Two replicas of each Knative component need a fourth system node (rules/system-capacity.ts).
      Object.assign(d.nodes.systemNodeGroup, { desiredSize: 4, minSize: 4, maxSize: 6 });
    });
    const ks = docsOf(renderEnvironment(env)).map((x) => x.doc).find((x) => x.kind === 'KnativeServing')!;
    expect(ks.spec.version).toBe('1.21');
    expect(ks.spec.config.features).toEqual({
      'kubernetes.podspec-affinity': 'enabled',
      'kubernetes.podspec-nodeselector': 'enabled',
      'kubernetes.podspec-priorityclassname': 'enabled',
      'kubernetes.podspec-securitycontext': 'enabled',
      'kubernetes.podspec-tolerations': 'enabled',
    });
    expect(ks.spec.config.deployment).toMatchObject({ 'progress-deadline': '900s', 'registries-skipping-tag-resolving': env.cluster.registryHost });
    expect(ks.spec.config.autoscaler['stable-window']).toBe('120s');
    expect(ks.spec['high-availability']).toEqual({ replicas: 2 });
    expect(ks.spec.ingress.kourier).toEqual({ enabled: true, 'service-type': 'ClusterIP' });
  });
});
