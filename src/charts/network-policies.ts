import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { ANY_NAMESPACE, cidr, ns, tcp, udp, type Flow, type Peer } from '../constructs/network/flows';
import { NamespaceNetworkPolicies } from '../constructs/network/namespace-policies';
import { disaggregatedFlows } from './disaggregated-flows';
import { PlatformChart } from './platform-chart';

/**
 * Container ports of the pinned components. Sources: each pinned chart's default values.yaml
 * (`<chart>-<version>`) unless noted; upstream manifests where the chart only templates them.
 */
export const PORTS = {
  dns: 53,
  /** CoreDNS metrics, a target kube-prometheus-stack scrapes by default: coreDns.service.port (prometheus-community/helm-charts charts/kube-prometheus-stack/values.yaml@kube-prometheus-stack-82.10.4). */
  coreDnsMetrics: 9153,
  apiServer: 443,
  /** kyverno-3.7.2: admissionController.webhookServer.port and cleanupController.server.port. */
  kyvernoWebhook: 9443,
  /** kyverno-3.7.2: *.metricsService.port. */
  kyvernoMetrics: 8000,
  /** keda-2.19.0: webhooks.port ("" = 9443). */
  kedaWebhook: 9443,
  /** keda-2.19.0: service.portHttpsTarget (metrics API server behind the v1beta1.external.metrics APIService). */
  kedaMetricsApiServer: 6443,
  /** keda-2.19.0: prometheus.{operator,metricServer,webhooks}.port. */
  kedaMetrics: 8080,
  /** external-secrets-2.9.0: webhook.port. */
  externalSecretsWebhook: 10250,
  /** external-secrets-2.9.0: metrics.listen.port (controller, webhook, cert controller). */
  externalSecretsMetrics: 8080,
  /** knative serving webhook and knative-operator operator-webhook: WEBHOOK_PORT 8443 (knative/serving config/core/deployments/webhook.yaml, knative/operator chart). */
  knativeWebhook: 8443,
  /** Knative control plane and activator metrics (containerPort `metrics`). */
  knativeMetrics: 9090,
  /** Activator and queue-proxy: http1 8012, h2c 8013 (knative/serving activator.yaml, queue-proxy). */
  knativeHttp1: 8012,
  knativeH2c: 8013,
  /** queue-proxy admin (drain, readiness) and the autoscaler's scrape of http-autometric. */
  queueAdmin: 8022,
  queueAutoscalerMetrics: 9090,
  /** queue-proxy `http-usermetric`. */
  queueUserMetrics: 9091,
  /** prometheus-pushgateway service port (chart values `service.port`). */
  pushgateway: 9091,
  /** net-kourier-controller xDS (knative-extensions/net-kourier config/300-controller.yaml). */
  kourierXds: 18000,
  /** 3scale-kourier-gateway listeners (net-kourier config/300-gateway.yaml). */
  kourierExternalHttp: 8080,
  kourierInternalHttp: 8081,
  kourierExternalHttps: 8443,
  kourierInternalHttps: 8444,
  kourierHttpProbe: 8090,
  kourierHttpsProbe: 9443,
  kourierMetrics: 9000,
  /** kube-prometheus-stack-82.10.4: prometheusOperator.tls.internalPort (admission webhook). */
  prometheusOperatorWebhook: 10250,
  /** Prometheus server. */
  prometheus: 9090,
  /** kubelet (cAdvisor, /metrics) and node-exporter on node IPs. */
  kubelet: 10250,
  nodeExporter: 9100,
  /** karpenter-1.9.0: controller.metrics.port. Karpenter >= 1.1 runs no webhooks. */
  karpenterMetrics: 8080,
  /** opencost-2.5.14: opencost.exporter.apiPort (API and /metrics). */
  opencost: 9003,
  /** dcgm-exporter-4.8.2: service.port. */
  dcgmExporter: 9400,
  /** dragonfly-1.6.15: manager.restPort, manager.grpcPort, scheduler.containerPort. */
  dragonflyManagerRest: 8080,
  dragonflyManagerGrpc: 65003,
  dragonflyScheduler: 8002,
  /** dragonfly-1.6.15 (seed)client.config: upload.server.port 4000, proxy.server.port 4001, storage.server tcpPort 4005 / quicPort 4006 (UDP). */
  dragonflyPeerGrpc: 4000,
  dragonflyProxy: 4001,
  dragonflyPieceTcp: 4005,
  dragonflyPieceQuic: 4006,
  /** dragonfly-1.6.15: manager/scheduler metrics 8000, (seed)client.config.metrics.server.port 4002. */
  dragonflyMetrics: 8000,
  dragonflyClientMetrics: 4002,
  /** Bundled mysql and redis of the Dragonfly chart. */
  mysql: 3306,
  redis: 6379,
  https: 443,
} as const;

/** Link-local address of the EKS Pod Identity agent (a hostNetwork DaemonSet on every node). */
export const POD_IDENTITY_AGENT = '169.254.170.23/32';

const ANYWHERE = '0.0.0.0/0';

/**
 * The CoreDNS pods of the EKS add-on; kube-prometheus-stack's CoreDNS Service selects the same
 * label (templates/exporters/core-dns/service.yaml@kube-prometheus-stack-82.10.4).
 */
const COREDNS = ns('kube-system', { 'k8s-app': 'kube-dns' });

/**
 * The table of who talks to whom. Namespaces are platform facts (the Helm releases install
 * into them); ports are facts of the pinned charts (PORTS). Namespace granularity on purpose:
 * each namespace holds one component, and chart pod labels are not ours to rely on.
 */
export function platformFlows(env: EnvironmentConfig): Flow[] {
  const owned = Object.keys(env.namespaces).sort();
  const workloads = env.workloads.namespace;
  const platform = owned.filter((n) => n !== workloads);
  const { vpcCidr, serviceCidr } = env.platform.network;
  const vpc = cidr(vpcCidr);
  const all = (names: readonly string[]): Peer[] => names.map((n) => ns(n));
  const podIdentity = [...new Set(Object.values(env.podIdentity).map((b) => b.namespace))].filter((n) => owned.includes(n)).sort();

  return [
    {
      name: 'dns',
      from: all(owned),
      to: [COREDNS],
      ports: [...udp(PORTS.dns), ...tcp(PORTS.dns)],
      why: 'name resolution through CoreDNS',
    },
    {
      name: 'prometheus-scrape-coredns',
      from: [ns('monitoring')],
      to: [COREDNS],
      ports: tcp(PORTS.coreDnsMetrics),
      why: 'Prometheus scrapes CoreDNS metrics (kube-prometheus-stack enables that target; blocked, TargetDown fires forever)',
    },
    ...platform.map((n) => ({
      name: 'same-namespace',
      from: [ns(n)],
      to: [ns(n)],
      // Dragonfly lists its ports (P2P control and data plane, bundled mysql/redis); the other
      // namespaces each hold one component whose pods talk to each other on chart-internal ports.
      ports:
        n === 'dragonfly'
          ? [
              ...tcp(PORTS.dragonflyManagerRest, PORTS.dragonflyManagerGrpc, PORTS.dragonflyScheduler, PORTS.dragonflyPeerGrpc, PORTS.dragonflyProxy),
              ...tcp(PORTS.dragonflyPieceTcp),
              ...udp(PORTS.dragonflyPieceQuic),
              ...tcp(PORTS.mysql, PORTS.redis),
            ]
          : undefined,
      why: 'pods of one platform component talk to each other',
    })),
    {
      name: 'kube-apiserver',
      // Dragonfly never calls the API.
      from: all(platform.filter((n) => n !== 'dragonfly')),
      // The private API endpoint ENIs are in the VPC; clients dial the `kubernetes` Service
      // ClusterIP, which the agent may see before or after DNAT, so both ranges are allowed.
      to: [vpc, cidr(serviceCidr)],
      ports: tcp(PORTS.apiServer),
      why: 'controllers watch and update the Kubernetes API',
    },
    ...perNamespace(owned, 'apiserver-webhooks', [vpc], WEBHOOK_PORTS, 'admission/conversion webhooks and the KEDA external metrics API, called by the API server from its ENIs in the VPC'),
    ...perNamespace(owned, 'prometheus-scrape', [ns('monitoring')], { ...METRICS_PORTS, [workloads]: WORKLOAD_METRICS_PORTS }, 'Prometheus scrapes metrics endpoints'),
    {
      name: 'prometheus-scrape-nodes',
      from: [ns('monitoring')],
      to: [vpc],
      ports: tcp(PORTS.kubelet, PORTS.nodeExporter, PORTS.dragonflyClientMetrics),
      why: 'Prometheus scrapes kubelet/cAdvisor, node-exporter and the Dragonfly client on node IPs (host network)',
    },
    {
      name: 'prometheus-queries',
      from: all(['keda', 'opencost'].filter((n) => owned.includes(n))),
      to: [ns('monitoring')],
      ports: tcp(PORTS.prometheus),
      why: 'KEDA triggers and OpenCost query Prometheus',
    },
    // Under the Knative Operator the Kourier gateway runs in knative-serving too; only the data
    // path (activator, gateway) and the autoscaler's scrape may reach inference pods.
    ...(['activator', '3scale-kourier-gateway'] as const).map((app) => ({
      name: `${app === 'activator' ? 'activator' : 'kourier-gateway'}-to-workloads`,
      from: [ns('knative-serving', { app })],
      to: [ns(workloads)],
      ports: tcp(PORTS.knativeHttp1, PORTS.knativeH2c, PORTS.queueAdmin),
      why: `the ${app === 'activator' ? 'activator (scale from zero, buffering)' : 'Kourier gateway (warm revisions)'} proxies requests to queue-proxy`,
    })),
    {
      name: 'autoscaler-to-workloads',
      from: [ns('knative-serving', { app: 'autoscaler' })],
      to: [ns(workloads)],
      ports: tcp(PORTS.queueAutoscalerMetrics),
      why: 'the Knative autoscaler scrapes queue-proxy concurrency',
    },
    {
      name: 'pushgateway-push',
      from: [ns(workloads)],
      to: [ns('monitoring', { 'app.kubernetes.io/name': 'prometheus-pushgateway' })],
      ports: tcp(PORTS.pushgateway),
      why: 'queue producers and workers push queue depth (the KEDA trigger metric, which must exist at zero replicas) to the Pushgateway',
    },
    {
      name: 'gateway-clients',
      from: [cidr(ANYWHERE), ANY_NAMESPACE],
      to: [ns('knative-serving', { app: '3scale-kourier-gateway' })],
      ports: tcp(PORTS.kourierExternalHttp, PORTS.kourierInternalHttp, PORTS.kourierExternalHttps, PORTS.kourierInternalHttps),
      why: 'inference clients: through the load balancer (client IPs preserved) and in-cluster callers, to the Kourier gateway only',
    },
    {
      name: 'dragonfly-from-nodes',
      from: [vpc],
      to: [ns('dragonfly')],
      ports: [
        ...tcp(PORTS.dragonflyManagerRest, PORTS.dragonflyManagerGrpc, PORTS.dragonflyScheduler, PORTS.dragonflyPeerGrpc, PORTS.dragonflyProxy, PORTS.dragonflyPieceTcp),
        ...udp(PORTS.dragonflyPieceQuic),
      ],
      why: 'the per-node Dragonfly client runs on the host network (node IPs, not subject to pod policies) and calls the manager, scheduler and seed peers',
    },
    {
      name: 'dragonfly-to-nodes',
      from: [ns('dragonfly')],
      to: [vpc],
      ports: [...tcp(PORTS.dragonflyPeerGrpc, PORTS.dragonflyPieceTcp), ...udp(PORTS.dragonflyPieceQuic)],
      why: 'seed peers exchange pieces with the per-node clients on node IPs',
    },
    {
      name: 'aws-apis',
      // AWS APIs (EC2, SQS, pricing, ECR, S3, Secrets Manager, STS) resolve to VPC endpoint
      // ENIs or public AWS ranges that change; only the port is pinned.
      from: all(['karpenter', 'external-secrets', 'dragonfly', 'opencost'].filter((n) => owned.includes(n))),
      to: [cidr(ANYWHERE)],
      ports: tcp(PORTS.https),
      why: 'AWS APIs: Karpenter (EC2, SQS, SSM, pricing), External Secrets (Secrets Manager), Dragonfly (ECR/S3 and upstream registries), OpenCost (pricing)',
    },
    {
      name: 'pod-identity-agent',
      from: all(podIdentity),
      to: [cidr(POD_IDENTITY_AGENT)],
      ports: tcp(80),
      why: 'EKS Pod Identity: the SDK fetches credentials from the node-local agent',
    },
    ...disaggregatedFlows(env),
    {
      name: 'https-egress',
      from: all(['monitoring', 'knative-serving', workloads].filter((n) => owned.includes(n))),
      to: [cidr(ANYWHERE)],
      ports: tcp(PORTS.https),
      why: 'Alertmanager receivers and Grafana (monitoring), registry tag resolution (knative-serving), model and queue endpoints (workloads)',
    },
  ];
}

/** Ports the API server calls, by namespace. Karpenter >= 1.1 runs no webhooks. */
const WEBHOOK_PORTS: Readonly<Record<string, readonly number[]>> = {
  kyverno: [PORTS.kyvernoWebhook],
  keda: [PORTS.kedaWebhook, PORTS.kedaMetricsApiServer],
  'external-secrets': [PORTS.externalSecretsWebhook],
  'knative-serving': [PORTS.knativeWebhook],
  'knative-operator': [PORTS.knativeWebhook],
  monitoring: [PORTS.prometheusOperatorWebhook],
};

/** Metrics ports Prometheus (namespace monitoring) scrapes, by namespace. */
const METRICS_PORTS: Readonly<Record<string, readonly (number | string)[]>> = {
  karpenter: [PORTS.karpenterMetrics],
  keda: [PORTS.kedaMetrics],
  'knative-operator': [PORTS.knativeMetrics],
  'knative-serving': [PORTS.knativeMetrics, PORTS.kourierMetrics],
  kyverno: [PORTS.kyvernoMetrics],
  'external-secrets': [PORTS.externalSecretsMetrics],
  opencost: [PORTS.opencost],
  'gpu-operator': [PORTS.dcgmExporter],
  dragonfly: [PORTS.dragonflyMetrics, PORTS.dragonflyClientMetrics],
};

/**
 * Workload containers by port name (the inference PodMonitor's endpoints: `metrics`, `http` of
 * Deployments, `user-port` as Knative renames the user container's port) and queue-proxy's
 * user metrics.
 */
const WORKLOAD_METRICS_PORTS = ['metrics', 'http', 'user-port', PORTS.queueUserMetrics] as const;

/** One flow per owned namespace of `ports`, from `from`, all named `name`. */
function perNamespace(owned: readonly string[], name: string, from: Peer[], ports: Readonly<Record<string, readonly (number | string)[]>>, why: string): Flow[] {
  return owned.filter((n) => ports[n] !== undefined).map((n) => ({ name, from, to: [ns(n)], ports: tcp(...ports[n]), why }));
}

/**
 * Default-deny in every namespace the platform owns, plus the allows of the flow table
 * (first wave). Enforced on EKS only with the VPC CNI network-policy agent, which Terraform
 * enables (`enableNetworkPolicy` on the vpc-cni add-on).
 */
export class NetworkPoliciesChart extends PlatformChart {
  readonly layer = 'security-infra' as const;

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, 'network-policies');
    const flows = platformFlows(env);
    for (const namespace of Object.keys(env.namespaces).sort()) {
      new NamespaceNetworkPolicies(this, namespace, { namespace, flows });
    }
  }
}
