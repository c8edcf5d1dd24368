import { Construct } from 'constructs';
import * as k8s from '../k8s';
import { restrictedContainerSecurity, restrictedPodSecurity } from '../pod-security';
import { DISAGGREGATED_LABEL, ROLE_LABEL } from './disaggregated-role';
import { WORKLOAD_LABEL } from './gpu-pod';
import { WorkloadPdb } from './pdb';

/** Props of {@link DisaggregatedRouter}. */
export interface DisaggregatedRouterProps {
  /** Object names (Deployment, Service, ServiceAccount, Role); the workload label. */
  readonly name: string;
  readonly namespace: string;
  /** The disaggregated service whose pods it routes to. */
  readonly service: string;
  /** The production-stack router image, pinned. */
  readonly image: string;
  readonly replicas: number;
  readonly cpu: number;
  readonly memoryGiB: number;
  /** The vLLM port of the engine pods (`--k8s-port`). */
  readonly enginePort: number;
  /** Router label values of the prefill and decode pods. */
  readonly prefillLabel: string;
  readonly decodeLabel: string;
  readonly priorityClassName: string;
  readonly runAsUser: number;
}

/**
 * Router port: the parser's default (`--port`, default 8001,
 * vllm-project/production-stack src/vllm_router/parsers/parser.py@vllm-stack-0.1.12), set explicitly.
 */
export const ROUTER_PORT = 8001;

/**
 * Arguments of `vllm-router` (the image's entrypoint, docker/Dockerfile@vllm-stack-0.1.12), every
 * flag from src/vllm_router/parsers/parser.py@vllm-stack-0.1.12. `disaggregated_prefill_orchestrated`,
 * not `disaggregated_prefill`: the latter keeps one prefill and one decode client session
 * (service_discovery.py `initialize_client_sessions`, one endpoint each, no load balancing across
 * replicas) and moves KV through LMCache, while the orchestrated router round-robins over every
 * ready prefill and decode pod and speaks vLLM's native `kv_transfer_params`, which the
 * NixlConnector implements (src/vllm_router/services/request_service/request.py
 * `route_orchestrated_disaggregated_request`). `pod-ip` discovery: the router must hand the decode
 * pod the address of the exact prefill pod (`remote_host`).
 */
export function routerArgs(props: DisaggregatedRouterProps): string[] {
  return [
    '--host=0.0.0.0',
    `--port=${ROUTER_PORT}`,
    '--service-discovery=k8s',
    '--k8s-service-discovery-type=pod-ip',
    `--k8s-namespace=${props.namespace}`,
    `--k8s-port=${props.enginePort}`,
    `--k8s-label-selector=${DISAGGREGATED_LABEL}=${props.service}`,
    '--routing-logic=disaggregated_prefill_orchestrated',
    `--prefill-model-labels=${props.prefillLabel}`,
    `--decode-model-labels=${props.decodeLabel}`,
  ];
}

/**
 * The production-stack router of one disaggregated service: a CPU Deployment on the non-GPU
 * nodes, its Service, and read access to the namespace's pods (K8sPodIPServiceDiscovery lists and
 * watches pods and reads each one, service_discovery.py@vllm-stack-0.1.12), nothing more.
 */
export class DisaggregatedRouter extends Construct {
  constructor(scope: Construct, id: string, props: DisaggregatedRouterProps) {
    super(scope, id);
    const meta = { name: props.name, namespace: props.namespace };
    const labels = { 'app.kubernetes.io/name': props.name, [WORKLOAD_LABEL]: props.name, [DISAGGREGATED_LABEL]: props.service, [ROLE_LABEL]: 'router' };
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: meta });
    new k8s.KubeRole(this, 'Role', { metadata: meta, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }] });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: meta,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.name },
      subjects: [{ kind: 'ServiceAccount', name: props.name, namespace: props.namespace }],
    });
    const amount = { cpu: k8s.Quantity.fromString(String(props.cpu)), memory: k8s.Quantity.fromString(`${props.memoryGiB}Gi`) };
    const probe = { httpGet: { path: '/health', port: k8s.IntOrString.fromString('http') }, periodSeconds: 10 };
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { ...meta, labels },
      spec: {
        replicas: props.replicas,
        selector: { matchLabels: { [WORKLOAD_LABEL]: props.name } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: props.name,
            priorityClassName: props.priorityClassName,
            securityContext: { ...restrictedPodSecurity(), runAsUser: props.runAsUser, runAsGroup: props.runAsUser, fsGroup: props.runAsUser },
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } }],
            containers: [
              {
                name: 'router',
                image: props.image,
                args: routerArgs(props),
                ports: [{ name: 'http', containerPort: ROUTER_PORT }],
                resources: { requests: amount, limits: amount },
                securityContext: { ...restrictedContainerSecurity(), readOnlyRootFilesystem: true },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
                // main_router.py@vllm-stack-0.1.12: GET /health.
                readinessProbe: probe,
                livenessProbe: { ...probe, failureThreshold: 3 },
              },
            ],
          },
        },
      },
    });
    new k8s.KubeService(this, 'Service', {
      metadata: { ...meta, labels },
      spec: { selector: { [WORKLOAD_LABEL]: props.name }, ports: [{ name: 'http', port: 80, targetPort: k8s.IntOrString.fromString('http') }] },
    });
    new WorkloadPdb(this, 'Pdb', { name: props.name, namespace: props.namespace, matchLabels: { [WORKLOAD_LABEL]: props.name } });
  }
}
