import type { Alert } from './alert-rules';
import type { Panel } from './grafana-dashboard';

/** Props of the GPU autoscaling alerts and dashboard. */
export interface GpuAutoscalingProps {
  /** Namespace of the inference workloads (their ScaledObjects and pods). */
  readonly workloadNamespace: string;
  /**
   * Names of the queue (Prometheus) triggers of the ScaledObjects. KEDA 2.19 labels
   * `keda_scaler_*` series with the trigger's `name` when it has one (kedacore/keda
   * pkg/scaling/scale_handler.go@v2.19.0: `triggerName = scalerConfigs[i].TriggerName`), else
   * with the scaler's Go type (`prometheusScaler`). No queue alert when empty.
   */
  readonly queueTriggerNames: readonly string[];
  /** Key of the taint on GPU nodes. */
  readonly gpuTaintKey: string;
  /** Window in which a queue above zero must have decreased, e.g. `15m`. */
  readonly queueNotDrainingFor: string;
  /** How long a GPU pod may stay Pending, e.g. `10m`. */
  readonly gpuPodPendingFor: string;
  /** Spot interruptions per hour above which to alert. */
  readonly spotInterruptionsPerHour: number;
  /** Share (0-1] of a pool's GPU limit in use at which to alert. */
  readonly gpuPoolLimitRatio: number;
}

/**
 * kube-state-metrics exports extended resources with `.` and `/` replaced by `_`;
 * Karpenter keeps the resource name (lower-cased, `-` to `_`).
 */
const KSM_GPU = 'nvidia_com_gpu';
const KARPENTER_GPU = 'nvidia.com/gpu';

/** GPU pods Pending right now: 1 per pod, valued with its GPU count. */
const pendingGpuPods =
  'max by (namespace, pod) (kube_pod_status_phase{phase="Pending"} == 1)\n' +
  `  * on (namespace, pod) group_left () max by (namespace, pod) (kube_pod_container_resource_requests{resource="${KSM_GPU}"} > 0)`;

const poolGpus = (metric: string) => `max by (nodepool) (${metric}{resource_type="${KARPENTER_GPU}"})`;

/**
 * A label value as a literal inside a `=~` matcher: RE2 metacharacters escaped, and the
 * backslash doubled because the regex sits in a double-quoted PromQL string.
 */
const escapeRegex = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&');

/** Queue triggers only: a cron trigger reports a constant baseline all business day. */
function queueNotDraining(p: GpuAutoscalingProps): Alert[] {
  if (p.queueTriggerNames.length === 0) return [];
  const names = [...new Set(p.queueTriggerNames)].sort().map(escapeRegex).join('|');
  const scaler = `keda_scaler_metrics_value{namespace="${p.workloadNamespace}",scaler=~"${names}"}`;
  return [
    {
      alert: 'QueueNotDraining',
      // A gauge: min_over_time > 0 = never empty in the window; deriv >= 0 = not going down.
      expr: `min_over_time(${scaler}[${p.queueNotDrainingFor}]) > 0\nand deriv(${scaler}[${p.queueNotDrainingFor}]) >= 0`,
      for: '5m',
      severity: 'warning',
      summary: 'Inference queue is not draining',
      description: `{{ $labels.namespace }}/{{ $labels.scaledObject }} ({{ $labels.metric }}) stayed above zero without decreasing for ${p.queueNotDrainingFor}: workers are not scaling out or not consuming.`,
    },
  ];
}

/**
 * The scaling-lifecycle alerts. Every counter goes through rate()/increase() over a window and
 * every rule has a `for:`, so none fires forever after one event: each resolves once its
 * window no longer holds the event. Units: rates are per second and compared with 0 (any
 * sustained error); increase() over 1h is compared with a per-hour threshold; usage/limit is a
 * ratio compared with a ratio.
 */
export function gpuAutoscalingAlerts(p: GpuAutoscalingProps): Record<string, Alert[]> {
  return {
    'gpu-autoscaling': [
      ...queueNotDraining(p),
      {
        alert: 'GpuPodPendingTooLong',
        expr: pendingGpuPods,
        for: p.gpuPodPendingFor,
        severity: 'warning',
        summary: 'GPU pod Pending too long',
        description: `{{ $labels.namespace }}/{{ $labels.pod }} requests {{ $value }} GPU(s) and has been Pending for over ${p.gpuPodPendingFor} (no capacity, pool limit, quota or unsatisfiable placement).`,
      },
      {
        alert: 'NodeProvisioningFailing',
        expr: 'sum by (error) (rate(karpenter_cloudprovider_errors_total{method="Create"}[10m])) > 0',
        for: '15m',
        severity: 'warning',
        summary: 'Karpenter cannot launch nodes',
        description: 'Karpenter CloudProvider.Create has been failing ({{ $labels.error }}) for 15 minutes: {{ $value | humanize }} errors/s.',
      },
      {
        alert: 'KedaScalerErrors',
        expr: 'sum by (namespace, scaledObject, scaler) (rate(keda_scaler_detail_errors_total[5m])) > 0',
        for: '10m',
        severity: 'warning',
        summary: 'KEDA scaler failing',
        description: 'Scaler {{ $labels.scaler }} of {{ $labels.namespace }}/{{ $labels.scaledObject }} has failed for 10 minutes ({{ $value | humanize }} errors/s); the fallback replicas apply.',
      },
      {
        alert: 'KedaScaledObjectErrors',
        expr: 'sum by (namespace, scaledObject) (rate(keda_scaled_object_errors_total[5m])) > 0',
        for: '10m',
        severity: 'warning',
        summary: 'KEDA ScaledObject failing',
        description: '{{ $labels.namespace }}/{{ $labels.scaledObject }} has reported errors for 10 minutes ({{ $value | humanize }} errors/s).',
      },
      {
        alert: 'SpotInterruptionsHigh',
        expr: `sum(increase(karpenter_interruption_received_messages_total{message_type="spot_interrupted"}[1h])) > ${p.spotInterruptionsPerHour}`,
        for: '5m',
        severity: 'warning',
        summary: 'Many spot interruptions',
        description: `{{ $value | humanize }} spot interruption notices in the last hour (threshold ${p.spotInterruptionsPerHour}/h): consider more instance types or on-demand capacity.`,
      },
      {
        alert: 'GpuXidError',
        // DCGM_FI_DEV_XID_ERRORS holds the last XID and stays set: alert while it changed in the
        // last 15m, not while it is non-zero (that would fire until the exporter restarts).
        expr: 'DCGM_FI_DEV_XID_ERRORS > 0\nand changes(DCGM_FI_DEV_XID_ERRORS[15m]) > 0',
        for: '1m',
        severity: 'warning',
        summary: 'GPU reported an XID error',
        description: 'GPU {{ $labels.gpu }} on {{ $labels.Hostname }} reported XID {{ $value }} in the last 15 minutes; see the NVIDIA XID catalogue (48, 63, 64, 74, 79: drain the node and let Karpenter replace it).',
      },
      {
        alert: 'GpuNodeWithoutGpus',
        // A tainted GPU node whose device plugin does not advertise any GPU: pods cannot use it.
        expr: `max by (node) (kube_node_spec_taint{key="${p.gpuTaintKey}"})\nunless on (node) max by (node) (kube_node_status_allocatable{resource="${KSM_GPU}"} > 0)`,
        for: '10m',
        severity: 'warning',
        summary: 'GPU node advertises no GPUs',
        description: 'Node {{ $labels.node }} carries the GPU taint but has had no allocatable nvidia.com/gpu for 10 minutes (device plugin or driver not ready).',
      },
      {
        alert: 'GpuNodePoolAtLimit',
        expr: `${poolGpus('karpenter_nodepools_usage')}\n  / on (nodepool) ${poolGpus('karpenter_nodepools_limit')}\n>= ${p.gpuPoolLimitRatio}`,
        for: '10m',
        severity: 'warning',
        summary: 'GPU node pool at its GPU limit',
        description: `NodePool {{ $labels.nodepool }} uses {{ $value | humanizePercentage }} of its GPU limit (threshold ${p.gpuPoolLimitRatio * 100}%): scale-out stops at the limit.`,
      },
    ],
  };
}

/** Panels of the GPU autoscaling dashboard. */
export function gpuAutoscalingPanels(p: Pick<GpuAutoscalingProps, 'workloadNamespace'>): Panel[] {
  return [
    { title: 'GPU utilisation', unit: 'percent', queries: [{ expr: 'avg by (Hostname, gpu) (DCGM_FI_DEV_GPU_UTIL)', legend: '{{Hostname}} GPU {{gpu}}' }] },
    { title: 'GPU memory used', unit: 'decmbytes', queries: [{ expr: 'max by (Hostname, gpu) (DCGM_FI_DEV_FB_USED)', legend: '{{Hostname}} GPU {{gpu}}' }] },
    {
      title: 'GPUs per node pool vs limit',
      unit: 'short',
      queries: [
        { expr: poolGpus('karpenter_nodepools_usage'), legend: '{{nodepool}} in use' },
        { expr: poolGpus('karpenter_nodepools_limit'), legend: '{{nodepool}} limit' },
      ],
    },
    {
      title: 'Queue depth (KEDA metric value)',
      unit: 'short',
      queries: [
        { expr: `sum by (scaledObject, metric) (keda_scaler_metrics_value{namespace="${p.workloadNamespace}"})`, legend: '{{scaledObject}} {{metric}}' },
        { expr: `max by (scaledObject) (keda_scaler_active{namespace="${p.workloadNamespace}"})`, legend: '{{scaledObject}} active' },
      ],
    },
    { title: 'Pending GPU pods', unit: 'short', queries: [{ expr: `count(${pendingGpuPods}) or vector(0)`, legend: 'pending' }] },
    {
      title: 'Spot interruptions (per hour)',
      unit: 'short',
      queries: [{ expr: 'sum by (message_type) (increase(karpenter_interruption_received_messages_total[1h]))', legend: '{{message_type}}' }],
    },
    {
      title: 'Node launch errors (per second)',
      unit: 'short',
      queries: [{ expr: 'sum by (error) (rate(karpenter_cloudprovider_errors_total{method="Create"}[5m]))', legend: '{{error}}' }],
    },
    {
      title: 'KEDA scaler errors (per second)',
      unit: 'short',
      queries: [{ expr: 'sum by (scaledObject, scaler) (rate(keda_scaler_detail_errors_total[5m]))', legend: '{{scaledObject}} {{scaler}}' }],
    },
  ];
}
