/**
 * Platform guardrails and observability settings of one environment (Kyverno, External
 * Secrets, monitoring). Part of EnvironmentConfig as `platform`.
 */

/** Kyverno failure action. */
export type PolicyMode = 'Audit' | 'Enforce';

/** Network facts the NetworkPolicies need (they must agree with Terraform). */
export interface PlatformNetworkConfig {
  /**
   * VPC CIDR (Terraform `vpc_cidr`). Nodes, hostNetwork pods (Dragonfly client, node-exporter,
   * kubelet), the EKS control-plane ENIs (API server, webhook callers) and the interface VPC
   * endpoints all have addresses in it.
   */
  readonly vpcCidr: string;
  /**
   * Kubernetes Service CIDR: the `kubernetes` Service ClusterIP API clients dial. EKS picks
   * 172.20.0.0/16 when the VPC is in 10.0.0.0/8 and no `service_ipv4_cidr` is set.
   */
  readonly serviceCidr: string;
  /**
   * Source CIDRs allowed to reach the EKS API endpoint over the internet (Terraform
   * `endpoint_public_access_cidrs`); empty: the endpoint is private, reachable from the VPC
   * (and what is peered or VPN-connected to it) only. Production may not allow `0.0.0.0/0`.
   */
  readonly apiPublicCidrs: readonly string[];
  /** Days VPC flow logs stay in CloudWatch Logs (Terraform `flow_log_retention_days`). */
  readonly flowLogRetentionDays: number;
}

/** External Secrets Operator: where secrets come from (AWS Secrets Manager, via Pod Identity). */
export interface PlatformSecretsConfig {
  /**
   * Secrets Manager secret holding the Grafana admin login as JSON
   * `{"admin-user": ..., "admin-password": ...}`, relative to `<cluster name>/` (the prefix the
   * External Secrets IAM role may read), e.g. `grafana-admin`.
   */
  readonly grafanaAdmin: string;
  /**
   * Secrets Manager secret holding Dragonfly's credentials as JSON
   * `{"mysql-root-password", "mysql-password", "jwt-key"}`, relative to `<cluster name>/`.
   */
  readonly dragonfly: string;
  /** How often the operator re-reads a secret, e.g. `1h`. */
  readonly refreshInterval: string;
}

/** Thresholds of the scaling-lifecycle alerts (PrometheusRules). */
export interface PlatformAlertsConfig {
  /** A KEDA scaler metric (queue depth) above zero and not decreasing for this long fires QueueNotDraining, e.g. `15m`. */
  readonly queueNotDrainingFor: string;
  /** A GPU pod Pending this long fires GpuPodPendingTooLong; must exceed a GPU cold start (at least 5m). */
  readonly gpuPodPendingFor: string;
  /** Spot interruptions per hour, cluster-wide, above which SpotInterruptionsHigh fires. */
  readonly spotInterruptionsPerHour: number;
  /** Share (0-1] of a pool's GPU limit in use at which GpuNodePoolAtLimit fires. */
  readonly gpuPoolLimitRatio: number;
  /**
   * Where Alertmanager sends alerts: a Slack incoming webhook (Secrets Manager property
   * `webhook-url`) or a PagerDuty Events v2 integration (`routing-key`), read from the secret
   * `<cluster name>/<secret>`. Required where policies are enforced (production). @default none:
   * alerts are only visible in the Alertmanager and Prometheus UIs (the budget report says so)
   */
  readonly receiver?: { readonly kind: 'slack' | 'pagerduty'; readonly secret: string };
}

/** The GPU autoscaling Grafana dashboard. */
export interface PlatformDashboardConfig {
  /** Auto-refresh of the dashboard, e.g. `30s`. */
  readonly refresh: string;
}

export interface PlatformConfig {
  /** Failure action of every Kyverno rule: Audit in dev, Enforce in prod. */
  readonly policyMode: PolicyMode;
  /**
   * Namespaces of node agents that tolerate the GPU taint and select GPU nodes by NFD labels
   * without requesting a GPU (device plugin, GFD, NFD, DCGM exporter, Dragonfly client).
   * The GPU placement policies skip them; every other namespace is checked.
   */
  readonly gpuNodeAgentNamespaces: readonly string[];
  readonly network: PlatformNetworkConfig;
  readonly secrets: PlatformSecretsConfig;
  readonly alerts: PlatformAlertsConfig;
  readonly dashboard: PlatformDashboardConfig;
}
