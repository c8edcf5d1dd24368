import type { Construct } from 'constructs';
import { podGraceSeconds } from '../config/derived/termination';
import { placementFor } from '../config/derived/placement';
import type { EnvironmentConfig } from '../config/types';
import type { WorkloadConfig } from '../config/workload-types';
import { AsyncInference } from '../constructs/inference/async-inference';
import type { GpuPodProps } from '../constructs/inference/gpu-pod';
import { HttpInference } from '../constructs/inference/http-inference';
import { PublicHost } from '../constructs/knative/domain-mapping';
import { PlatformChart } from './platform-chart';

function podProps(env: EnvironmentConfig, name: string, w: WorkloadConfig): GpuPodProps {
  return {
    name,
    namespace: env.workloads.namespace,
    image: w.image,
    port: w.port,
    readinessPath: w.readinessPath,
    gpus: w.resources.gpus,
    cpu: w.resources.cpu,
    memoryGiB: w.resources.memoryGiB,
    instanceTypes: placementFor(env, w.resources),
    gpuTaint: env.nodes.gpuTaint,
    onePerNode: w.onePerNode,
    nodeSelector: w.nodeSelector,
    priorityClassName: env.workloads.priorityClassName,
    runAsUser: env.workloads.runAsUser,
  };
}

/** The inference workloads (last wave): KEDA async workers and Knative HTTP services. */
export class InferenceWorkloadsChart extends PlatformChart {
  readonly layer = 'apps' as const;

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, 'inference-workloads');
    for (const [name, w] of Object.entries(env.workloads.services)) {
      const pod = podProps(env, name, w);
      if (w.kind === 'async') {
        new AsyncInference(this, name, { ...pod, ...w, prometheusUrl: env.workloads.prometheusUrl, terminationGraceSeconds: podGraceSeconds(w) });
      } else {
        // Every Knative Service is cluster-local; a public one is published at exactly its host.
        new HttpInference(this, name, { ...pod, ...w, clusterLocal: true });
        if (w.publicHost) new PublicHost(this, `${name}-public`, { host: w.publicHost, namespace: pod.namespace, service: name });
      }
    }
    this.syncWaves({ ScaledObject: 1 });
  }
}
