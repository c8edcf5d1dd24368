import * as k8s from '../constructs/k8s';
import type { Construct } from 'constructs';
import { coldStartBudget } from '../config/derived/cold-start';
import { podGraceSeconds } from '../config/derived/termination';
import { gpuWorkloads, placementOf, roleName, roleTriggers, routerName, type GpuWorkload } from '../config/derived/disaggregated';
import { disaggregatedImages } from '../config/versions';
import type { EnvironmentConfig } from '../config/types';
import type { AsyncWorkloadConfig, DisaggregatedWorkloadConfig, ServiceConfig, WorkloadConfig } from '../config/workload-types';
import { assertKnownMetrics } from '../constructs/monitoring/promql';
import { DisaggregatedRole } from '../constructs/inference/disaggregated-role';
import { DisaggregatedRouter } from '../constructs/inference/disaggregated-router';
import { AsyncInference } from '../constructs/inference/async-inference';
import type { GpuPodProps } from '../constructs/inference/gpu-pod';
import { HttpInference } from '../constructs/inference/http-inference';
import { PublicHost } from '../constructs/knative/domain-mapping';
import { GpuResourceClaimTemplate, type GpuClaim } from '../constructs/inference/resource-claim';
import { claimSelectors, usesDra } from '../config/derived/dra';
import { PlatformChart } from './platform-chart';

function podProps(env: EnvironmentConfig, g: GpuWorkload): GpuPodProps {
  const { name, w } = g;
  return {
    name,
    namespace: env.workloads.namespace,
    image: w.image,
    port: w.port,
    readinessPath: w.readinessPath,
    livenessPath: w.livenessPath,
    // A start within the worst-case cold start (model load included) is never killed.
    startupSeconds: coldStartBudget(env, w, false).total,
    writablePaths: w.writablePaths,
    writableSizeGiB: w.writableSizeGiB,
    serviceAccountName: w.serviceAccountName,
    gpus: w.resources.gpus,
    cpu: w.resources.cpu,
    memoryGiB: w.resources.memoryGiB,
    instanceTypes: placementOf(env, g),
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
    for (const [name, w] of Object.entries(env.workloads.services) as [string, ServiceConfig][]) {
      if (w.kind === 'disaggregated') {
        this.disaggregated(env, name, w);
        continue;
      }
      const pod = podProps(env, { name, path: `workloads.services.${name}`, w });
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
    // ScaledObjects go with their Deployments: KEDA's webhook reads the target only for cpu and
    // memory triggers (kedacore/keda apis/keda/v1alpha1/scaledobject_webhook.go@v2.19.0), which no
    // workload has, and a later wave would make Argo CD wait for each new Deployment's default
    // replica, a GPU node and a cold start, before KEDA could take it to zero.
    this.syncWaves({ ResourceClaimTemplate: -1 });
  }

  /** Both roles (KEDA-scaled engines on their own pools) and the router in front of them. */
  private disaggregated(env: EnvironmentConfig, name: string, w: DisaggregatedWorkloadConfig): void {
    const labels = { prefill: roleName(name, 'prefill'), decode: roleName(name, 'decode') };
    for (const g of gpuWorkloads(env).filter((x) => x.path.startsWith(`workloads.services.${name}.`))) {
      const role = g.path.endsWith('.prefill') ? 'prefill' : 'decode';
      const as = g.w as AsyncWorkloadConfig;
      const triggers = roleTriggers(env, name, w, role);
      // Every scaling metric must be in the table of names verified at the pinned vLLM.
      for (const t of triggers) assertKnownMetrics(t.query, `workloads.services.${name}.${role} trigger ${t.name}`);
      new DisaggregatedRole(this, g.name, {
        ...podProps(env, g),
        ...as,
        triggers,
        prometheusUrl: env.workloads.prometheusUrl,
        terminationGraceSeconds: podGraceSeconds(as),
        service: name,
        role,
        routerLabel: labels[role],
        model: w.model,
        tensorParallelSize: w[role].tensorParallelSize,
        kvTransfer: w.kvTransfer,
      });
    }
    new DisaggregatedRouter(this, routerName(name), {
      name: routerName(name),
      namespace: env.workloads.namespace,
      service: name,
      image: disaggregatedImages.router,
      ...w.router,
      enginePort: w.port,
      prefillLabel: labels.prefill,
      decodeLabel: labels.decode,
      priorityClassName: env.workloads.priorityClassName,
      runAsUser: env.workloads.runAsUser,
    });
  }
}
