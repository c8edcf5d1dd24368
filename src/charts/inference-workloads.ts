import * as k8s from 'cdk8s-plus-30/lib/imports/k8s';
import type { Construct } from 'constructs';
import { coldStartBudget } from '../config/derived/cold-start';
import { podGraceSeconds } from '../config/derived/termination';
import { placementFor } from '../config/derived/placement';
import type { EnvironmentConfig } from '../config/types';
import type { WorkloadConfig } from '../config/workload-types';
import { AsyncInference } from '../constructs/inference/async-inference';
import type { GpuPodProps } from '../constructs/inference/gpu-pod';
import { HttpInference } from '../constructs/inference/http-inference';
import { PublicHost } from '../constructs/knative/domain-mapping';
import { GpuResourceClaimTemplate, type GpuClaim } from '../constructs/inference/resource-claim';
import { claimSelectors, usesDra } from '../config/derived/dra';
import { PlatformChart } from './platform-chart';

function podProps(env: EnvironmentConfig, name: string, w: WorkloadConfig): GpuPodProps {
  return {
    name,
    namespace: env.workloads.namespace,
    image: w.image,
    port: w.port,
    readinessPath: w.readinessPath,
    livenessPath: w.livenessPath,
    // A start within the worst-case cold start (model load included) is never killed.
    startupSeconds: coldStartBudget(w, false).total,
    writablePaths: w.writablePaths,
    writableSizeGiB: w.writableSizeGiB,
    serviceAccountName: w.serviceAccountName,
    gpus: w.resources.gpus,
    cpu: w.resources.cpu,
    memoryGiB: w.resources.memoryGiB,
    instanceTypes: placementFor(env, w.resources),
    gpuTaint: env.nodes.gpuTaint,
    onePerNode: w.onePerNode,
    nodeSelector: w.nodeSelector,
    priorityClassName: env.workloads.priorityClassName,
    runAsUser: env.workloads.runAsUser,
    claim: gpuClaim(env, name, w),
  };
}

/** The claim of a DRA workload (validated: the environment has a DRA path and the workload a claim). */
function gpuClaim(env: EnvironmentConfig, name: string, w: WorkloadConfig): GpuClaim | undefined {
  if (!usesDra(w) || !env.dra) return undefined;
  return { templateName: `${name}-gpus`, nodeLabels: env.dra.nodeLabels };
}

/** The inference workloads (last wave): KEDA async workers and Knative HTTP services. */
export class InferenceWorkloadsChart extends PlatformChart {
  readonly layer = 'apps' as const;

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, 'inference-workloads');
    for (const [name, w] of Object.entries(env.workloads.services)) {
      const pod = podProps(env, name, w);
      if (pod.claim && w.dra) {
        new GpuResourceClaimTemplate(this, `${name}-claim`, {
          name: pod.claim.templateName,
          namespace: pod.namespace,
          deviceClassName: w.dra.deviceClassName,
          selectors: claimSelectors(w),
          count: w.resources.gpus,
        });
      }
      if (w.kind === 'async') {
        new AsyncInference(this, name, { ...pod, ...w, prometheusUrl: env.workloads.prometheusUrl, terminationGraceSeconds: podGraceSeconds(w) });
      } else {
        // Every Knative Service is cluster-local; a public one is published at exactly its host.
        new HttpInference(this, name, { ...pod, ...w, clusterLocal: true });
        if (w.publicHost) new PublicHost(this, `${name}-public`, { host: w.publicHost, namespace: pod.namespace, service: name });
      }
    }
    // One ServiceAccount per identity a workload asks for (several workloads may share one).
    const identities = new Set(Object.values(env.workloads.services).flatMap((w) => (w.serviceAccountName ? [w.serviceAccountName] : [])));
    for (const sa of [...identities].sort()) new k8s.KubeServiceAccount(this, `sa-${sa}`, { metadata: { name: sa, namespace: env.workloads.namespace } });
    // The claim template before the pods that need it (a pod without its template is not created).
    this.syncWaves({ ResourceClaimTemplate: -1, ScaledObject: 1 });
  }
}
