import { durationSeconds, GO_DURATION, PROM_DURATION } from '../durations';
import type { EnvironmentConfig } from '../types';
import type { Problems } from './collector';

/** Grafana dashboard refresh (`30s`, `1m`). */
const GRAFANA_REFRESH = /^\d+(s|m|h|d)$/;
/** Characters a Secrets Manager secret name may use. */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]+$/;

/** A GPU cold start (node launch, image pull, model load) takes minutes; alerts must outlast it. */
const MIN_PENDING_SECONDS = 300;

interface Cidr {
  readonly base: number;
  readonly prefix: number;
}

/** Parses an IPv4 CIDR in canonical form (host bits zero), or undefined. */
export function parseCidr(s: string): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(s);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) return undefined;
  return { base, prefix };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const aEnd = a.base + 2 ** (32 - a.prefix);
  const bEnd = b.base + 2 ** (32 - b.prefix);
  return a.base < bEnd && b.base < aEnd;
}

function checkNetwork(env: EnvironmentConfig, p: Problems, at: string): void {
  const { vpcCidr, serviceCidr } = env.platform.network;
  const vpc = parseCidr(vpcCidr);
  const svc = parseCidr(serviceCidr);
  const vpcOk =
    p.check(vpc !== undefined, `${at}.vpcCidr`, `"${vpcCidr}" is not an IPv4 CIDR like 10.10.0.0/16`) &&
    p.check(vpc!.prefix >= 16 && vpc!.prefix <= 28, `${at}.vpcCidr`, `/${vpc!.prefix} is not a VPC size: AWS VPCs are /16 to /28 (must equal Terraform vpc_cidr)`);
  const svcOk =
    p.check(svc !== undefined, `${at}.serviceCidr`, `"${serviceCidr}" is not an IPv4 CIDR like 172.20.0.0/16`) &&
    p.check(svc!.prefix >= 12 && svc!.prefix <= 24, `${at}.serviceCidr`, `/${svc!.prefix} is not an EKS Service CIDR size (/12 to /24)`);
  if (vpcOk && svcOk) {
    p.check(!overlaps(vpc!, svc!), `${at}.serviceCidr`, `${serviceCidr} overlaps network.vpcCidr ${vpcCidr}; EKS needs a Service CIDR outside the VPC`);
  }
  checkApiAccess(env, p, at);
  env.platform.network.availabilityZones.forEach((az, i) =>
    p.check(az.startsWith(env.cluster.region) && az.length > env.cluster.region.length, `${at}.availabilityZones[${i}]`, `"${az}" is not an availability zone of ${env.cluster.region} (e.g. ${env.cluster.region}a)`),
  );
  p.check(
    FLOW_LOG_RETENTION_DAYS.includes(env.platform.network.flowLogRetentionDays),
    `${at}.flowLogRetentionDays`,
    `${env.platform.network.flowLogRetentionDays} is not a CloudWatch Logs retention; use one of ${FLOW_LOG_RETENTION_DAYS.join(', ')}`,
  );
}

/**
 * Retention periods CloudWatch Logs accepts (AWS CloudWatch Logs API reference, PutRetentionPolicy
 * `retentionInDays`), as the VPC module's `flow_log_cloudwatch_log_group_retention_in_days` takes.
 */
const FLOW_LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

function checkApiAccess(env: EnvironmentConfig, p: Problems, at: string): void {
  env.platform.network.apiPublicCidrs.forEach((c, i) => {
    const path = `${at}.apiPublicCidrs[${i}]`;
    const cidr = parseCidr(c);
    if (!p.check(cidr !== undefined, path, `"${c}" is not an IPv4 CIDR like 198.51.100.0/24`)) return;
    p.check(
      env.platform.policyMode !== 'Enforce' || cidr!.prefix > 0,
      path,
      `${c} opens the Kubernetes API to the whole internet; where platform.policyMode is Enforce (production) list your VPN or office ranges, or none for a private endpoint`,
    );
  });
}

/** A positive duration in the component's syntax (GO_DURATION or PROM_DURATION); false when refused. */
export function checkDuration(value: string, pattern: RegExp, p: Problems, path: string, example: string): boolean {
  return p.check(pattern.test(value) && durationSeconds(value)! > 0, path, `"${value}" is not a duration like ${example}`);
}

function checkAlerts(env: EnvironmentConfig, p: Problems, at: string): void {
  const a = env.platform.alerts;
  if (checkDuration(a.gpuPodPendingFor, PROM_DURATION, p, `${at}.gpuPodPendingFor`, '10m')) {
    p.check(
      durationSeconds(a.gpuPodPendingFor)! >= MIN_PENDING_SECONDS,
      `${at}.gpuPodPendingFor`,
      `${a.gpuPodPendingFor} is shorter than a GPU cold start (node launch, image pull, model load): every scale-from-zero would page; use at least 5m`,
    );
  }
  if (checkDuration(a.queueNotDrainingFor, PROM_DURATION, p, `${at}.queueNotDrainingFor`, '15m')) {
    p.check(
      durationSeconds(a.queueNotDrainingFor)! >= MIN_PENDING_SECONDS,
      `${at}.queueNotDrainingFor`,
      `${a.queueNotDrainingFor} is shorter than a scale-out from zero (KEDA polling, node launch, model load): every burst would page; use at least 5m`,
    );
  }
  checkReceiver(env, p, `${at}.receiver`);
}

/** Production (policies enforced) alerts must reach someone; the secret name follows the other secrets' rule. */
function checkReceiver(env: EnvironmentConfig, p: Problems, at: string): void {
  const r = env.platform.alerts.receiver;
  if (!r) {
    p.check(env.platform.policyMode !== 'Enforce', at, 'alerts go nowhere: set a slack or pagerduty receiver where platform.policyMode is Enforce (production)');
    return;
  }
  p.check(
    SECRET_NAME.test(r.secret) && !r.secret.startsWith('/'),
    `${at}.secret`,
    `"${r.secret}" must be a Secrets Manager secret name below "${env.cluster.name}/" (letters, digits and /_+=.@-, no leading /)`,
  );
}

/** Kyverno exemptions, secrets, network facts, alert thresholds and the dashboard. */
export function checkPlatform(env: EnvironmentConfig, p: Problems, at: string): void {
  const platform = env.platform;
  const path = `${at}.platform`;
  platform.gpuNodeAgentNamespaces.forEach((ns, i) => {
    const nsPath = `${path}.gpuNodeAgentNamespaces[${i}]`;
    if (!p.check(env.namespaces[ns] !== undefined, nsPath, `"${ns}" is not a namespace in namespaces; exempt only namespaces the platform owns`)) return;
    p.check(
      ns !== env.workloads.namespace,
      nsPath,
      `"${ns}" runs the inference workloads; exempting it switches the GPU placement policies off for them`,
    );
  });
  checkNetwork(env, p, `${path}.network`);
  p.check(
    SECRET_NAME.test(platform.secrets.grafanaAdmin) && !platform.secrets.grafanaAdmin.startsWith('/'),
    `${path}.secrets.grafanaAdmin`,
    `"${platform.secrets.grafanaAdmin}" must be a Secrets Manager secret name below "${env.cluster.name}/" (letters, digits and /_+=.@-, no leading /)`,
  );
  checkDuration(platform.secrets.refreshInterval, GO_DURATION, p, `${path}.secrets.refreshInterval`, '1h');
  checkAlerts(env, p, `${path}.alerts`);
  p.check(GRAFANA_REFRESH.test(platform.dashboard.refresh), `${path}.dashboard.refresh`, `"${platform.dashboard.refresh}" is not a Grafana refresh interval like 30s or 1m`);
}
