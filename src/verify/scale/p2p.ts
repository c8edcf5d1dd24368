/**
 * Whether a scale test's image pull went through the node's Dragonfly peer: the bytes the peer
 * on the pod's node downloaded, read from its metrics through the API server's pod proxy (no
 * port-forward). The node is new (launched for the test), so its peer's counters start at zero:
 * anything above zero once the pod is Ready came through P2P.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { K8sObject } from '../types';
import { apiRequest } from '../client';

/**
 * The per-node peer (the chart's client DaemonSet) as the pinned chart labels its pods: `app` is
 * the release's full name (release "dragonfly" contains the chart name, so "dragonfly") and
 * `component` the client's name (dragonflyoss/helm-charts charts/dragonfly/templates/client/client-daemonset.yaml,
 * templates/_helpers.tpl and values.yaml `client.name: client`@dragonfly-1.6.15).
 */
export const PEER_POD_SELECTOR = 'app=dragonfly,component=client';
/** `client.config.metrics.server.port` (dragonflyoss/helm-charts charts/dragonfly/values.yaml@dragonfly-1.6.15). */
export const PEER_METRICS_PORT = 4002;
/** Bytes the peer downloaded, by traffic type (dragonflyoss/client dragonfly-client-metric/src/lib.rs@v1.2.15). */
export const PEER_TRAFFIC_METRIC = 'dragonfly_client_download_traffic';

/** The pod proxy path of `pod:port` in `namespace` (kubernetes/api core/v1 PodProxyOptions). */
export const podProxyPath = (namespace: string, pod: string, port: number, path: string): string =>
  `/api/v1/namespaces/${namespace}/pods/${pod}:${port}/proxy${path.startsWith('/') ? path : `/${path}`}`;

/** The sum of every sample of `metric` in a Prometheus text exposition; undefined when it has none. */
export function sumOfMetric(text: string, metric: string): number | undefined {
  const sample = new RegExp(`^${metric}(?:\\{[^}]*\\})? ([0-9.eE+-]+|NaN)(?: \\d+)?$`);
  const values = text.split('\n').map((l) => sample.exec(l.trim())).filter((m): m is RegExpExecArray => m !== null).map((m) => Number(m[1]));
  return values.length ? values.filter((v) => !Number.isNaN(v)).reduce((a, b) => a + b, 0) : undefined;
}

/** The peer pod running on `node`, among the peer pods. */
export function peerOnNode(peers: readonly K8sObject[], node: string): K8sObject | undefined {
  return peers.find((p) => (p as { spec?: { nodeName?: string } }).spec?.nodeName === node);
}

/** What reading the peer needs: where the workload's pods and the peers run. */
export interface PeerSource {
  readonly kc: KubeConfig;
  readonly workloadNamespace: string;
  /** `key=value` selecting the workload's pods. */
  readonly workloadSelector: string;
  readonly peerNamespace: string;
}

const list = async (kc: KubeConfig, namespace: string, selector: string): Promise<K8sObject[]> =>
  (JSON.parse(await apiRequest(kc, 'GET', `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(selector)}`)) as { items: K8sObject[] }).items;

/** Bytes the Dragonfly peer on the node of the workload's first scheduled pod downloaded; undefined when unreadable. */
export async function peerBytes(s: PeerSource): Promise<number | undefined> {
  const pod = (await list(s.kc, s.workloadNamespace, s.workloadSelector)).find((p) => (p as { spec?: { nodeName?: string } }).spec?.nodeName);
  const node = (pod as { spec?: { nodeName?: string } } | undefined)?.spec?.nodeName;
  if (!node) return undefined;
  const peer = peerOnNode(await list(s.kc, s.peerNamespace, PEER_POD_SELECTOR), node);
  if (!peer) return undefined;
  const metrics = await apiRequest(s.kc, 'GET', podProxyPath(s.peerNamespace, peer.metadata.name, PEER_METRICS_PORT, '/metrics'));
  return sumOfMetric(metrics, PEER_TRAFFIC_METRIC);
}
