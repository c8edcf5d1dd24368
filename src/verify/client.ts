/**
 * The ClusterReader over `@kubernetes/client-node`: lists through KubernetesObjectApi (any kind,
 * by apiVersion and kind, discovering the resource name), raw requests (service proxy,
 * Pushgateway) through Node's http(s) with the kubeconfig's TLS and credentials applied
 * (`KubeConfig.applyToHTTPSOptions`, which also runs exec credential plugins such as
 * `aws eks get-token`). The generated proxy method URL-encodes the slashes of its path, so raw
 * requests keep paths and query strings as written.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import type { ContextInfo } from './context';
import type { ClusterReader, K8sObject } from './types';

/** The kubeconfig of the default loading rules (KUBECONFIG, ~/.kube/config), at `context` if given. */
export function loadKubeConfig(context?: string, file?: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (file) kc.loadFromFile(file);
    else kc.loadFromDefault();
  } catch (e) {
    throw new Error(`could not read the kubeconfig (KUBECONFIG or ~/.kube/config): ${(e as Error).message}`);
  }
  if (context) kc.setCurrentContext(context);
  if (!kc.getCurrentCluster()) throw new Error(`no cluster for context "${kc.getCurrentContext()}": run aws eks update-kubeconfig, or pass --context`);
  return kc;
}

/** Names and server of the kubeconfig's current context. */
export function contextInfo(kc: KubeConfig): ContextInfo {
  const context = kc.getCurrentContext();
  const cluster = kc.getCurrentCluster();
  const ctx = kc.getContextObject(context);
  return { context, cluster: ctx?.cluster ?? cluster?.name ?? '', server: cluster?.server ?? '' };
}

/** One HTTP request to the API server; resolves the body, rejects on a non-2xx status. */
export async function apiRequest(kc: KubeConfig, method: string, path: string, body?: string, contentType = 'text/plain'): Promise<string> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('the kubeconfig context has no cluster server');
  const url = new URL(path, server);
  const opts: https.RequestOptions = { method, headers: body === undefined ? {} : { 'Content-Type': contentType } };
  await kc.applyToHTTPSOptions(opts);
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, opts, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300 ? resolve(text) : reject(new Error(`${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 200)}`))));
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The service proxy path of `service:port` in `namespace` (kubernetes/api core/v1 ServiceProxyOptions). */
export const serviceProxyPath = (namespace: string, service: string, port: number, path: string): string =>
  `/api/v1/namespaces/${namespace}/services/${service}:${port}/proxy${path.startsWith('/') ? path : `/${path}`}`;

/** A ClusterReader on a kubeconfig. */
export function clusterReader(kc: KubeConfig): ClusterReader {
  const objects = KubernetesObjectApi.makeApiClient(kc);
  return {
    async list(apiVersion, kind, namespace, labelSelector) {
      const res = await objects.list(apiVersion, kind, namespace, undefined, undefined, undefined, undefined, labelSelector);
      // List items omit apiVersion and kind: put them back so checks can name what they read.
      return (res.items as unknown as K8sObject[]).map((o) => ({ ...o, apiVersion, kind }));
    },
    proxyGet: (namespace, service, port, path) => apiRequest(kc, 'GET', serviceProxyPath(namespace, service, port, path)),
  };
}
