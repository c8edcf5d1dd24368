import { Construct } from 'constructs';
import * as k8s from '../k8s';
import { ScaledObject } from '../../../imports/keda.sh';
import { gpuPodSpec, inferenceContainer, podLabels, probeTimings, resourceAmounts, writableVolumes, type GpuPodProps } from './gpu-pod';
import { WorkloadPdb } from './pdb';
import { addClaimToPod } from './resource-claim';

/** A KEDA Prometheus trigger. */
export interface QueueTrigger {
  readonly name: string;
  readonly query: string;
  readonly threshold: number;
  readonly activationThreshold: number;
  /** `Value` when the query already is the per-replica figure (a latency, an average). @default 'AverageValue' */
  readonly metricType?: 'Value' | 'AverageValue';
}

/** What an engine container adds to the generic inference container (the disaggregated roles). */
export interface EngineContainer {
  /** Command replacing the image's entrypoint. */
  readonly command: readonly string[];
  readonly args: readonly string[];
  readonly env: readonly k8s.EnvVar[];
  /** Ports beside `http` (named, for NetworkPolicies). */
  readonly ports: readonly { readonly name: string; readonly containerPort: number }[];
  /** Pod labels beside the workload's own (not in the selector). */
  readonly podLabels: Readonly<Record<string, string>>;
}

/** Props of {@link AsyncInference}. */
export interface AsyncInferenceProps extends GpuPodProps {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly prometheusUrl: string;
  readonly triggers: readonly QueueTrigger[];
  /** Business-hours baseline. @default none */
  readonly cron?: { readonly timezone: string; readonly start: string; readonly end: string; readonly desiredReplicas: number };
  readonly pollingIntervalSeconds: number;
  readonly cooldownPeriodSeconds: number;
  readonly fallbackReplicas: number;
  readonly fallbackFailureThreshold: number;
  readonly scaleDownStabilizationSeconds: number;
  /** preStop wait so in-flight jobs finish before SIGTERM; below the grace period. */
  readonly drainSeconds: number;
  /** Pod termination grace period (the preStop drain runs inside it). */
  readonly terminationGraceSeconds: number;
  /** Command, arguments, environment, ports and labels of an engine. @default the image's own entrypoint */
  readonly engine?: EngineContainer;
}

const q = (v: string) => k8s.Quantity.fromString(v);

/**
 * KEDA prometheus scaler `ignoreNullValues` (pkg/scalers/prometheus_scaler.go@v2.19.0, default
 * true), set explicitly: an empty result means no series (the queue producer has not pushed, or
 * no vLLM pod runs), which is an idle workload and reads as 0, so the workload scales to zero.
 * With false an empty result is an error, the fallback replicas apply and, since KEDA never
 * scales an erroring target with a fallback to zero (pkg/scaling/executor/scale_scaledobjects.go@v2.19.0),
 * idle GPU pods stay forever. Only real errors (Prometheus unreachable, bad query) still
 * trigger the fallback.
 */
const IGNORE_NULL_VALUES = 'true';

/**
 * Queue-driven GPU inference: a Deployment without `spec.replicas` (KEDA's HPA owns it, so
 * Argo CD never fights it), a KEDA ScaledObject and a PDB.
 */
export class AsyncInference extends Construct {
  constructor(scope: Construct, id: string, props: AsyncInferenceProps) {
    super(scope, id);
    const labels = podLabels(props);
    const amounts = Object.fromEntries(Object.entries(resourceAmounts(props)).map(([k, v]) => [k, q(v)]));
    const deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels: { ...labels, ...props.engine?.podLabels } },
          spec: {
            ...gpuPodSpec(props),
            terminationGracePeriodSeconds: props.terminationGraceSeconds,
            volumes: writableVolumes(props).map((v) => ({ ...v, emptyDir: { sizeLimit: q(v.emptyDir.sizeLimit) } })),
            containers: [
              {
                ...inferenceContainer(props),
                ...(props.engine ? { command: [...props.engine.command], args: [...props.engine.args], env: [...props.engine.env] } : {}),
                ports: [{ name: 'http', containerPort: props.port }, ...(props.engine?.ports ?? [])],
                resources: { requests: amounts, limits: amounts },
                readinessProbe: { httpGet: { path: props.readinessPath, port: k8s.IntOrString.fromString('http') }, periodSeconds: 5 },
                livenessProbe: { httpGet: { path: props.livenessPath, port: k8s.IntOrString.fromString('http') }, ...probeTimings(props).liveness },
                startupProbe: { httpGet: { path: props.livenessPath, port: k8s.IntOrString.fromString('http') }, ...probeTimings(props).startup },
                lifecycle: { preStop: { sleep: { seconds: props.drainSeconds } } },
              },
            ],
          },
        },
      },
    });
    if (props.claim) addClaimToPod(deployment, '/spec/template/spec', props.claim);
    new ScaledObject(this, 'ScaledObject', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        scaleTargetRef: { name: props.name },
        minReplicaCount: props.minReplicas,
        maxReplicaCount: props.maxReplicas,
        pollingInterval: props.pollingIntervalSeconds,
        cooldownPeriod: props.cooldownPeriodSeconds,
        fallback: { failureThreshold: props.fallbackFailureThreshold, replicas: props.fallbackReplicas },
        advanced: {
          horizontalPodAutoscalerConfig: {
            name: props.name,
            behavior: { scaleDown: { stabilizationWindowSeconds: props.scaleDownStabilizationSeconds } },
          },
        },
        triggers: [
          ...props.triggers.map((t) => ({
            type: 'prometheus',
            name: t.name,
            metricType: t.metricType ?? 'AverageValue',
            metadata: {
              serverAddress: props.prometheusUrl,
              query: t.query,
              threshold: String(t.threshold),
              activationThreshold: String(t.activationThreshold),
              ignoreNullValues: IGNORE_NULL_VALUES,
            },
          })),
          ...(props.cron
            ? [{ type: 'cron', name: 'business-hours', metadata: { ...props.cron, desiredReplicas: String(props.cron.desiredReplicas) } }]
            : []),
        ],
      },
    });
    new WorkloadPdb(this, 'Pdb', { name: props.name, namespace: props.namespace, matchLabels: labels });
  }
}
