import { Construct } from 'constructs';
import {
  Service,
  ServiceSpecTemplateSpecContainersResourcesLimits as Limits,
  ServiceSpecTemplateSpecContainersReadinessProbeHttpGetPort as Port,
  ServiceSpecTemplateSpecContainersLivenessProbeHttpGetPort as LivenessPort,
  ServiceSpecTemplateSpecContainersStartupProbeHttpGetPort as StartupPort,
  ServiceSpecTemplateSpecContainersResourcesRequests as Requests,
} from '../../../imports/serving.knative.dev';
import { gpuPodSpec, inferenceContainer, podLabels, probeTimings, resourceAmounts, writableVolumes, type GpuPodProps } from './gpu-pod';
import { WorkloadPdb } from './pdb';

/** Props of {@link HttpInference}. */
export interface HttpInferenceProps extends GpuPodProps {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetConcurrency: number;
  /** Share of the target the autoscaler aims for (Knative's default is 70). */
  readonly targetUtilizationPercentage: number;
  readonly containerConcurrency: number;
  readonly scaleDownDelay: string;
  /** Request timeout; Knative also derives the pod's termination grace period from it. */
  readonly timeoutSeconds: number;
  /** Reachable only inside the cluster (`networking.knative.dev/visibility: cluster-local`). */
  readonly clusterLocal: boolean;
}

/**
 * HTTP GPU inference as a Knative Service. Autoscaling annotations sit on the revision
 * template (the webhook rejects them on the Service). Knative has no preStop/grace-period
 * fields: its queue-proxy drains in-flight requests on SIGTERM, and the pod's grace period is
 * the revision timeout, which validation keeps at or above 120 s.
 */
export class HttpInference extends Construct {
  constructor(scope: Construct, id: string, props: HttpInferenceProps) {
    super(scope, id);
    const labels = podLabels(props);
    const amounts = resourceAmounts(props);
    new Service(this, 'Service', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { ...labels, ...(props.clusterLocal ? { 'networking.knative.dev/visibility': 'cluster-local' } : {}) },
      },
      spec: {
        template: {
          metadata: {
            labels,
            annotations: {
              'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev',
              'autoscaling.knative.dev/metric': 'concurrency',
              'autoscaling.knative.dev/target': String(props.targetConcurrency),
              // knative/serving pkg/apis/autoscaling/register.go@knative-v1.21.1; without it the
              // config-autoscaler default (container-concurrency-target-percentage: 70) applies.
              'autoscaling.knative.dev/target-utilization-percentage': String(props.targetUtilizationPercentage),
              'autoscaling.knative.dev/min-scale': String(props.minReplicas),
              'autoscaling.knative.dev/max-scale': String(props.maxReplicas),
              'autoscaling.knative.dev/initial-scale': String(props.minReplicas),
              'autoscaling.knative.dev/scale-down-delay': props.scaleDownDelay,
            },
          },
          spec: {
            containerConcurrency: props.containerConcurrency,
            timeoutSeconds: props.timeoutSeconds,
            responseStartTimeoutSeconds: props.timeoutSeconds,
            ...gpuPodSpec(props),
            volumes: writableVolumes(props),
            containers: [
              {
                ...inferenceContainer(props),
                ports: [{ name: 'http1', containerPort: props.port }],
                resources: {
                  requests: Object.fromEntries(Object.entries(amounts).map(([k, v]) => [k, Requests.fromString(v)])),
                  limits: Object.fromEntries(Object.entries(amounts).map(([k, v]) => [k, Limits.fromString(v)])),
                },
                readinessProbe: { httpGet: { path: props.readinessPath, port: Port.fromNumber(props.port) } },
                livenessProbe: { httpGet: { path: props.livenessPath, port: LivenessPort.fromNumber(props.port) }, ...probeTimings(props).liveness },
                startupProbe: { httpGet: { path: props.livenessPath, port: StartupPort.fromNumber(props.port) }, ...probeTimings(props).startup },
              },
            ],
          },
        },
      },
    });
    new WorkloadPdb(this, 'Pdb', { name: props.name, namespace: props.namespace, matchLabels: labels });
  }
}
