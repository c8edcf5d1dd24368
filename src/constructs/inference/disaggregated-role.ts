import { Construct } from 'constructs';
import * as k8s from '../k8s';
import { AsyncInference, type AsyncInferenceProps } from './async-inference';

/** Pod label the router reads a pod's role from (vllm-project/production-stack src/vllm_router/service_discovery.py@vllm-stack-0.1.12, `_get_model_label`: `pod.metadata.labels.get("model")`). */
export const ROUTER_MODEL_LABEL = 'model';
/** Pod label naming the disaggregated service: the router's `--k8s-label-selector` and the NetworkPolicies select it. */
export const DISAGGREGATED_LABEL = 'gpu-inference.io/disaggregated';
/** Pod label naming the role (`prefill`, `decode`, `router`), for NetworkPolicies. */
export const ROLE_LABEL = 'gpu-inference.io/role';
/** Pod label of both engines of a service (value: the service): the KV-transfer peers, which the router calls. */
export const KV_PEER_LABEL = 'gpu-inference.io/kv-transfer';

/** How the KV cache moves between the roles. */
export interface KvTransferProps {
  /** VLLM_NIXL_SIDE_CHANNEL_PORT. */
  readonly sideChannelPort: number;
  /** UCX_TCP_PORT_RANGE, first and last port. */
  readonly ucxPortFirst: number;
  readonly ucxPortLast: number;
}

/** Props of {@link DisaggregatedRole}. */
export interface DisaggregatedRoleProps extends Omit<AsyncInferenceProps, 'engine'> {
  /** The disaggregated service this role belongs to. */
  readonly service: string;
  readonly role: 'prefill' | 'decode';
  /** Value of the router's model label for this role (`--prefill-model-labels` / `--decode-model-labels`). */
  readonly routerLabel: string;
  /** `vllm serve <model>`. */
  readonly model: string;
  readonly tensorParallelSize: number;
  readonly kvTransfer: KvTransferProps;
}

/**
 * `--kv-transfer-config` (fields of KVTransferConfig, vllm-project/vllm vllm/config/kv_transfer.py@v0.33.0).
 * NixlConnector with `kv_role: kv_both` on both roles: in the orchestrated flow a request's
 * `kv_transfer_params` decide who sends and who reads. `kv_buffer_device: cpu` stages the KV
 * blocks in host memory (supported for CUDA: `_NIXL_SUPPORTED_DEVICE["cuda"] = ("cuda", "cpu")`,
 * vllm/distributed/kv_transfer/kv_connector/v1/nixl/utils.py@v0.33.0), so UCX moves them over plain
 * TCP: no GPUDirect RDMA, no cuda_ipc, hence no hostIPC/hostPID (the chart's `enablePD`
 * sets both, helm/templates/deployment-vllm-multi.yaml@vllm-stack-0.1.12). `kv_load_failure_policy`
 * is set explicitly (its default changed between releases): a failed KV read is recomputed on
 * the decode pod instead of failing the request.
 */
export const KV_TRANSFER_CONFIG = JSON.stringify({ kv_connector: 'NixlConnector', kv_role: 'kv_both', kv_buffer_device: 'cpu', kv_load_failure_policy: 'recompute' });

/** The engine's environment: where NIXL listens, and UCX restricted to TCP on named ports. */
export function engineEnv(kv: KvTransferProps): k8s.EnvVar[] {
  return [
    // vllm-project/vllm vllm/envs.py@v0.33.0: default "localhost", which a peer pod cannot reach; the pod IP is what the handshake advertises and binds.
    { name: 'VLLM_NIXL_SIDE_CHANNEL_HOST', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    // vllm-project/vllm vllm/envs.py@v0.33.0 (default 5600).
    { name: 'VLLM_NIXL_SIDE_CHANNEL_PORT', value: String(kv.sideChannelPort) },
    // openucx/ucx: transports UCX may use; TCP only (no shared memory across pods, no RDMA devices).
    { name: 'UCX_TLS', value: 'tcp' },
    // openucx/ucx src/uct/tcp/tcp_iface.c (TCP_PORT_RANGE, default 0 = any port): a fixed range NetworkPolicies can allow.
    { name: 'UCX_TCP_PORT_RANGE', value: `${kv.ucxPortFirst}-${kv.ucxPortLast}` },
  ];
}

/**
 * One phase of a disaggregated vLLM service: a KEDA-scaled GPU Deployment (an
 * {@link AsyncInference}) running `vllm serve` with the NixlConnector, labelled for the router's
 * pod discovery. No Service: the router addresses pods by IP, since the decode pod must read the
 * KV cache from exactly the prefill pod that computed it (`remote_host`).
 */
export class DisaggregatedRole extends Construct {
  constructor(scope: Construct, id: string, props: DisaggregatedRoleProps) {
    super(scope, id);
    const { service, role, routerLabel, model, tensorParallelSize, kvTransfer, ...rest } = props;
    new AsyncInference(this, 'Engine', {
      ...rest,
      engine: {
        command: ['vllm', 'serve'],
        args: [
          model,
          // vllm-project/vllm vllm/engine/arg_utils.py@v0.33.0 (EngineArgs): --port, --tensor-parallel-size, --kv-transfer-config.
          '--port',
          String(props.port),
          '--tensor-parallel-size',
          String(tensorParallelSize),
          '--kv-transfer-config',
          KV_TRANSFER_CONFIG,
        ],
        env: engineEnv(kvTransfer),
        // UCX's data ports are a range (UCX_TCP_PORT_RANGE), which a container port cannot name.
        ports: [{ name: 'nixl', containerPort: kvTransfer.sideChannelPort }],
        podLabels: { [ROUTER_MODEL_LABEL]: routerLabel, [DISAGGREGATED_LABEL]: service, [ROLE_LABEL]: role, [KV_PEER_LABEL]: service },
      },
    });
  }
}
