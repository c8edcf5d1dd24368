import type { AsyncWorkloadConfig, HttpWorkloadConfig, WorkloadsConfig } from '../workload-types';

/** The sample async worker: embeddings from a queue (dev settings; prod overrides). */
export function embeddingsWorker(registryHost: string): AsyncWorkloadConfig {
  return {
    kind: 'async',
    image: `${registryHost}/inference/embedding-worker:1.4.2`,
    resources: { gpus: 1, vramMiB: 12_000, cpu: 3, memoryGiB: 12 },
    coldStart: { imageSizeMiB: 6_144, modelLoadSeconds: 45 },
    minReplicas: 0,
    maxReplicas: 2,
    port: 8080,
    readinessPath: '/healthz',
    livenessPath: '/healthz',
    // HOME is / for a UID without a passwd entry, so user caches land in /.cache.
    writablePaths: ['/tmp', '/.cache'],
    writableSizeGiB: 10,
    onePerNode: true,
    triggers: [
      {
        name: 'queue-depth',
        source: 'queue',
        query: 'sum(gpu_job_queue_depth{queue="embeddings"})',
        threshold: 5,
        activationThreshold: 0,
      },
    ],
    pollingIntervalSeconds: 15,
    cooldownPeriodSeconds: 300,
    fallbackReplicas: 1,
    fallbackFailureThreshold: 3,
    scaleDownStabilizationSeconds: 60,
    drainSeconds: 90,
  };
}

/** The sample HTTP service: a vLLM chat model behind Knative (dev settings; prod overrides). */
export function chatService(registryHost: string): HttpWorkloadConfig {
  return {
    kind: 'http',
    image: `${registryHost}/inference/chat-vllm:0.9.1`,
    resources: { gpus: 1, vramMiB: 14_000, cpu: 3, memoryGiB: 12 },
    coldStart: { imageSizeMiB: 8_192, modelLoadSeconds: 90 },
    minReplicas: 0,
    maxReplicas: 2,
    port: 8000,
    readinessPath: '/health',
    livenessPath: '/health',
    // vLLM and Hugging Face cache under $HOME/.cache (HOME is / for a UID without a passwd entry).
    writablePaths: ['/tmp', '/.cache'],
    writableSizeGiB: 20,
    onePerNode: true,
    targetConcurrency: 4,
    // Scale out at 4 in flight, as targetConcurrency says; containerConcurrency (8) is the headroom.
    targetUtilizationPercentage: 100,
    containerConcurrency: 8,
    scaleDownDelay: '2m',
    timeoutSeconds: 600,
    // vLLM's OpenAI API streams tokens; callers through the load balancer must ask for it
    // (stream: true) for generations that can run past 350 s.
    streaming: true,
  };
}

/** Workload defaults shared by every environment. */
export function workloads(services: WorkloadsConfig['services']): WorkloadsConfig {
  return {
    namespace: 'inference',
    priorityClassName: 'inference-default',
    runAsUser: 10001,
    prometheusUrl: 'http://kube-prometheus-stack-prometheus.monitoring.svc:9090',
    services,
  };
}
