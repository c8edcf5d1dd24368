/**
 * The DRA node group as Terraform input (`dra_node_group`, consumed by terraform/dra.tf), or
 * null when the environment has no DRA path.
 */
import { DRA_NODE_GROUP_TAG } from '../charts/helm/cluster-autoscaler';
import { autoRepairOf } from '../config/derived/node-repair';
import type { EnvironmentConfig, TaintConfig } from '../config/types';

/**
 * ASG tags Cluster Autoscaler reads (kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/aws_manager.go@cluster-autoscaler-1.35.0):
 * discovery (`--node-group-auto-discovery=asg:tag=...` matches tag keys), and the node
 * template's labels and taints (`k8s.io/cluster-autoscaler/node-template/label/<key>` = value,
 * `.../taint/<key>` = `<value>:<Kubernetes effect>`), which it needs to build a node before one runs.
 */
export function draAsgTags(labels: Readonly<Record<string, string>>, taints: readonly TaintConfig[]): Record<string, string> {
  return {
    [DRA_NODE_GROUP_TAG]: 'true',
    ...Object.fromEntries(Object.entries(labels).map(([k, v]) => [`k8s.io/cluster-autoscaler/node-template/label/${k}`, v])),
    ...Object.fromEntries(taints.map((t) => [`k8s.io/cluster-autoscaler/node-template/taint/${t.key}`, `${t.value}:${t.effect}`])),
  };
}

/** `dra_node_group` of the tfvars: taints in EKS form via `eksTaint`. */
export function draNodeGroupVars(env: EnvironmentConfig, eksTaint: (t: TaintConfig) => unknown): Record<string, unknown> | null {
  if (!env.dra) return null;
  const g = env.dra.nodeGroup;
  // GPU labels too, so node-level GPU DaemonSets (DCGM exporter) run there; the DRA label keeps the device plugin off.
  const labels = { ...env.nodes.gpuNodeLabels, ...env.dra.nodeLabels };
  const taints = [env.nodes.gpuTaint];
  return {
    instance_type: g.instanceType,
    min_size: g.minSize,
    max_size: g.maxSize,
    labels,
    taints: taints.map(eksTaint),
    root_volume_gib: g.rootVolumeGiB,
    auto_repair: autoRepairOf(g),
    asg_tags: draAsgTags(labels, taints),
    cluster_autoscaler: { namespace: env.dra.clusterAutoscaler.namespace, service_account: env.dra.clusterAutoscaler.serviceAccount },
  };
}
