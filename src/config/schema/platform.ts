/**
 * Platform guardrails and observability settings of one environment (Kyverno, External
 * Secrets, monitoring). Part of the environment as `platform`.
 */
import { z } from 'zod';
import { k8sName, positiveInt, says, strict, text } from './common';

const notAShare = says((v) => `${v} must be a share of the pool's GPU limit in (0, 1], e.g. 0.9`);

const notAnHourlyCount = says((v) => `${v} must be a whole number of interruptions per hour, at least 1`);

/** Kyverno failure action. */
export const policyMode = z.enum(['Audit', 'Enforce']);

/** Network facts the NetworkPolicies need (they must agree with Terraform). */
export const platformNetwork = strict({
  /**
   * VPC CIDR (Terraform `vpc_cidr`). Nodes, hostNetwork pods (Dragonfly client, node-exporter,
   * kubelet), the EKS control-plane ENIs (API server, webhook callers) and the interface VPC
   * endpoints all have addresses in it.
   */
  vpcCidr: text,
  /**
   * Kubernetes Service CIDR: the `kubernetes` Service ClusterIP API clients dial. EKS picks
   * 172.20.0.0/16 when the VPC is in 10.0.0.0/8 and no `service_ipv4_cidr` is set.
   */
  serviceCidr: text,
  /**
   * Source CIDRs allowed to reach the EKS API endpoint over the internet (Terraform
   * `endpoint_public_access_cidrs`); empty: the endpoint is private, reachable from the VPC
   * (and what is peered or VPN-connected to it) only. Production may not allow `0.0.0.0/0`.
   */
  apiPublicCidrs: z.array(text),
  /** Days VPC flow logs stay in CloudWatch Logs (Terraform `flow_log_retention_days`). */
  flowLogRetentionDays: positiveInt,
  /**
   * Environments whose VPC CIDR may overlap this one's. Overlapping VPCs can never be peered or
   * share a transit gateway, so an overlap is refused unless both environments list each other.
   */
  sharesVpcCidrWith: z.array(k8sName),
  /** The three availability zones of the region the VPC spans (Terraform `azs`). */
  availabilityZones: z.array(text).length(3, 'list exactly three availability zones of the region'),
  /** One NAT gateway per AZ (losing an AZ does not cut the others' egress), or one shared. */
  natGatewayPerAz: z.boolean(),
  /**
   * Interface endpoints for Karpenter's AWS APIs (ec2, sqs, ssm, eks); only needed in private
   * subnets without a NAT route (Terraform `enable_karpenter_vpc_endpoints`).
   */
  karpenterVpcEndpoints: z.boolean(),
});

/** External Secrets Operator: where secrets come from (AWS Secrets Manager, via Pod Identity). */
export const platformSecrets = strict({
  /**
   * Secrets Manager secret holding the Grafana admin login as JSON
   * `{"admin-user": ..., "admin-password": ...}`, relative to `<cluster name>/` (the prefix the
   * External Secrets IAM role may read), e.g. `grafana-admin`.
   */
  grafanaAdmin: text,
  /**
   * Secrets Manager secret holding Dragonfly's credentials as JSON
   * `{"mysql-root-password", "mysql-password", "jwt-key"}`, relative to `<cluster name>/`.
   */
  dragonfly: text,
  /** How often the operator re-reads a secret, e.g. `1h`. */
  refreshInterval: text,
});

/** Thresholds of the scaling-lifecycle alerts (PrometheusRules). */
export const platformAlerts = strict({
  /** A KEDA scaler metric (queue depth) above zero and not decreasing for this long fires QueueNotDraining, e.g. `15m`. */
  queueNotDrainingFor: text,
  /** A GPU pod Pending this long fires GpuPodPendingTooLong; must exceed a GPU cold start (at least 5m). */
  gpuPodPendingFor: text,
  /** Spot interruptions per hour, cluster-wide, above which SpotInterruptionsHigh fires. */
  spotInterruptionsPerHour: z.int(notAnHourlyCount).min(1, notAnHourlyCount),
  /** Share (0-1] of a pool's GPU limit in use at which GpuNodePoolAtLimit fires. */
  gpuPoolLimitRatio: z.number().gt(0, notAShare).max(1, notAShare),
  /**
   * Where Alertmanager sends alerts: a Slack incoming webhook (Secrets Manager property
   * `webhook-url`) or a PagerDuty Events v2 integration (`routing-key`), read from the secret
   * `<cluster name>/<secret>`. Required where policies are enforced (production). @default none:
   * alerts are only visible in the Alertmanager and Prometheus UIs (the budget report says so)
   */
  receiver: strict({ kind: z.enum(['slack', 'pagerduty']), secret: text }).optional(),
});

/** The GPU autoscaling Grafana dashboard. */
export const platformDashboard = strict({
  /** Auto-refresh of the dashboard, e.g. `30s`. */
  refresh: text,
});

export const platform = strict({
  /** Failure action of every Kyverno rule: Audit in dev, Enforce in prod. */
  policyMode,
  /**
   * Namespaces of node agents that tolerate the GPU taint and select GPU nodes by NFD labels
   * without requesting a GPU (device plugin, GFD, NFD, DCGM exporter, Dragonfly client).
   * The GPU placement policies skip them; every other namespace is checked.
   */
  gpuNodeAgentNamespaces: z.array(k8sName),
  network: platformNetwork,
  secrets: platformSecrets,
  alerts: platformAlerts,
  dashboard: platformDashboard,
});
