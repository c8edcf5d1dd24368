/**
 * Every metric an alert or dashboard of ours may use, with where it is defined at the pinned
 * version. PrometheusRules and dashboards refuse any other name (src/constructs/monitoring/promql.ts),
 * so an alert on a metric that does not exist (KEDA 2.19 has no `keda_scaler_errors_total`)
 * cannot be rendered.
 */

export interface KnownMetric {
  /** `bucket`: the cumulative `_bucket` counters of a histogram (label `le`), read with rate() and histogram_quantile(). */
  readonly type: 'counter' | 'gauge' | 'bucket';
  /** Component and pinned version that exposes it. */
  readonly component: string;
  /** Where the metric is defined or documented at that version. */
  readonly source: string;
  /** Labels our expressions use. */
  readonly labels: readonly string[];
}

const KARPENTER = 'Karpenter 1.9.0 (controller, Service karpenter port http-metrics)';

const karpenter = (type: KnownMetric['type'], file: string, labels: readonly string[]): KnownMetric => ({ type, component: KARPENTER, source: file, labels });
const keda = (type: KnownMetric['type'], labels: readonly string[], note = ''): KnownMetric => ({
  type,
  component: 'KEDA 2.19.0 (operator, port metrics 8080)',
  source: `kedacore/keda pkg/metricscollector/prommetrics.go${note}`,
  labels,
});
const dcgm = (note: string): KnownMetric => ({
  type: 'gauge',
  component: 'dcgm-exporter 4.8.2 (default counters)',
  source: `NVIDIA/dcgm-exporter etc/default-counters.csv (${note})`,
  labels: ['Hostname', 'gpu', 'modelName'],
});
const ksm = (doc: 'workload/pod' | 'cluster/node', labels: readonly string[], note = ''): KnownMetric => ({
  type: 'gauge',
  component: 'kube-state-metrics (chart 7.2.0 in kube-prometheus-stack 82.10.4)',
  source: `kubernetes/kube-state-metrics docs/metrics/${doc}-metrics.md${note}`,
  labels,
});
/** vLLM engine metrics, read from the pod by the inference PodMonitor (which adds namespace and pod). */
const vllm = (type: KnownMetric['type'], note: string, labels: readonly string[] = ['namespace', 'pod', 'model_name', 'engine']): KnownMetric => ({
  type,
  component: 'vLLM v0.33.0 (versions.ts disaggregatedImages.vllmEngine; GET /metrics on the http port)',
  source: `vllm-project/vllm vllm/v1/metrics/loggers.py@v0.33.0 (PrometheusStatLogger: ${note})`,
  labels,
});
const GPU_RESOURCE_NOTE = ' (resource "nvidia.com/gpu" is exported as nvidia_com_gpu)';
const NODEPOOL_METRICS = 'kubernetes-sigs/karpenter pkg/controllers/metrics/nodepool/controller.go (karpenter_nodepools_*; resource_type is the lower-cased resource name, "nvidia.com/gpu")';

export const KNOWN_METRICS = {
  karpenter_nodepools_usage: karpenter('gauge', NODEPOOL_METRICS, ['nodepool', 'resource_type']),
  karpenter_nodepools_limit: karpenter('gauge', NODEPOOL_METRICS, ['nodepool', 'resource_type']),
  karpenter_cloudprovider_errors_total: karpenter(
    'counter',
    'kubernetes-sigs/karpenter pkg/cloudprovider/metrics/cloudprovider.go (decorator counts errors of Create, Delete, Get, List, ...)',
    ['controller', 'method', 'provider', 'error'],
  ),
  karpenter_interruption_received_messages_total: karpenter(
    'counter',
    'aws/karpenter-provider-aws pkg/controllers/interruption/metrics.go@v1.9.0 (message_type: the Kind of pkg/controllers/interruption/messages/types.go@v1.9.0: spot_interrupted, rebalance_recommendation, scheduled_change, instance_stopped, instance_terminated, no_op)',
    ['message_type'],
  ),
  karpenter_nodeclaims_unhealthy_disrupted_total: karpenter(
    'counter',
    'kubernetes-sigs/karpenter pkg/controllers/node/health/metrics.go@v1.9.0 (incremented when node repair deletes a NodeClaim, pkg/controllers/node/health/controller.go@v1.9.0; condition: the node condition in snake case, pkg/utils/pretty/pretty.go ToSnakeCase, e.g. accelerated_hardware_ready)',
    ['condition', 'nodepool', 'capacity_type', 'image_id'],
  ),
  keda_scaler_metrics_value: keda('gauge', ['namespace', 'scaledObject', 'scaler', 'metric', 'type'], ' (the value each trigger reports, e.g. queue depth)'),
  keda_scaler_active: keda('gauge', ['namespace', 'scaledObject', 'scaler', 'metric']),
  keda_scaler_detail_errors_total: keda('counter', ['namespace', 'scaledObject', 'scaler'], ' (keda_scaler_errors_total no longer exists in 2.19)'),
  keda_scaled_object_errors_total: keda('counter', ['namespace', 'scaledObject']),
  DCGM_FI_DEV_GPU_UTIL: dcgm('GPU utilization, %'),
  DCGM_FI_DEV_FB_USED: dcgm('framebuffer memory used, MiB'),
  DCGM_FI_DEV_XID_ERRORS: dcgm('gauge: value of the last XID error, it stays set'),
  'vllm:num_requests_waiting': vllm('gauge', 'Gauge "Number of requests waiting to be processed."'),
  'vllm:num_requests_running': vllm('gauge', 'Gauge "Number of requests in model execution batches."'),
  'vllm:kv_cache_usage_perc': vllm('gauge', 'Gauge "KV-cache usage. 1 means 100 percent usage.", which replaced vllm:gpu_cache_usage_perc (deprecated in 0.9)'),
  'vllm:time_to_first_token_seconds_bucket': vllm(
    'bucket',
    'Histogram vllm:time_to_first_token_seconds, buckets 0.001 to 2560 s; prometheus_client exposes its cumulative _bucket counters',
    ['namespace', 'pod', 'model_name', 'engine', 'le'],
  ),
  kube_pod_status_phase: ksm('workload/pod', ['namespace', 'pod', 'phase']),
  kube_pod_container_resource_requests: ksm('workload/pod', ['namespace', 'pod', 'resource'], GPU_RESOURCE_NOTE),
  kube_node_spec_taint: ksm('cluster/node', ['node', 'key']),
  kube_node_status_allocatable: ksm('cluster/node', ['node', 'resource'], GPU_RESOURCE_NOTE),
} as const satisfies Record<string, KnownMetric>;

export type KnownMetricName = keyof typeof KNOWN_METRICS;

/** Whether `name` is in the table. */
export function isKnownMetric(name: string): name is KnownMetricName {
  return Object.prototype.hasOwnProperty.call(KNOWN_METRICS, name);
}
