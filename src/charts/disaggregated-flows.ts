import { disaggregatedServices, routerName } from '../config/derived/disaggregated';
import type { EnvironmentConfig } from '../config/types';
import { DISAGGREGATED_LABEL, KV_PEER_LABEL, ROLE_LABEL } from '../constructs/inference/disaggregated-role';
import { ROUTER_PORT } from '../constructs/inference/disaggregated-router';
import { ANY_NAMESPACE, cidr, ns, tcp, type Flow } from '../constructs/network/flows';

const API_SERVER_PORT = 443;

/**
 * What one disaggregated service needs beside Prometheus (the namespace-wide scrape of the `http`
 * port covers engines and router): clients to the router, the router to both engines, the
 * engines to each other for the KV transfer (NIXL handshake port and UCX's TCP data range), and
 * the router to the API server for its pod discovery. Nothing else reaches the engines.
 */
export function disaggregatedFlows(env: EnvironmentConfig): Flow[] {
  const wl = env.workloads.namespace;
  const { vpcCidr, serviceCidr } = env.platform.network;
  return disaggregatedServices(env).flatMap(([name, w]) => {
    const router = ns(wl, { [DISAGGREGATED_LABEL]: name, [ROLE_LABEL]: 'router' });
    const engines = ns(wl, { [KV_PEER_LABEL]: name });
    const kv = w.kvTransfer;
    return [
      { name: `${name}-clients`, from: [ANY_NAMESPACE], to: [router], ports: tcp(ROUTER_PORT), why: `in-cluster clients call the ${routerName(name)} router` },
      { name: `${name}-router-to-engines`, from: [router], to: [engines], ports: tcp(w.port), why: 'the router sends each request to a prefill pod, then to a decode pod (and lists their models)' },
      {
        name: `${name}-kv-transfer`,
        from: [engines],
        to: [engines],
        ports: [...tcp(kv.sideChannelPort), { port: kv.ucxPortFirst, endPort: kv.ucxPortLast }],
        why: 'NIXL handshake (VLLM_NIXL_SIDE_CHANNEL_PORT) and the KV cache over UCX TCP (UCX_TCP_PORT_RANGE) between prefill and decode pods',
      },
      { name: `${name}-router-apiserver`, from: [router], to: [cidr(vpcCidr), cidr(serviceCidr)], ports: tcp(API_SERVER_PORT), why: 'the router watches the engine pods (k8s pod-ip discovery)' },
    ];
  });
}
