/**
 * A tiny API-shaped HTTP server on loopback for the verify tests: discovery for the kinds it
 * holds, list (with labelSelector equality terms), and GET through a Service proxy path. The
 * real client talks HTTP to it, so the tests cover the adapter too.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import type { K8sObject } from '../../src/verify/types';

const CLUSTER_SCOPED = new Set(['Node', 'NodePool', 'EC2NodeClass', 'ClusterPolicy']);
const plural = (kind: string) => `${kind.toLowerCase()}s`;

export interface FakeApi {
  readonly kubeconfig: KubeConfig;
  readonly requests: string[];
  /** Objects by apiVersion and kind. */
  put(...objects: K8sObject[]): void;
  /** Serves a kind with no objects yet (the client caches discovery per apiVersion). */
  serve(apiVersion: string, kind: string): void;
  /** Body of GET on a proxy path `/api/v1/namespaces/<ns>/services/<svc>:<port>/proxy<path>`. */
  proxy: Map<string, string>;
  close(): Promise<void>;
}

const matches = (o: K8sObject, selector: string | null) =>
  !selector || selector.split(',').every((term) => { const [k, v] = term.split('='); return o.metadata.labels?.[k] === v; });

export async function startFakeApi(): Promise<FakeApi> {
  const store = new Map<string, K8sObject[]>();
  const proxy = new Map<string, string>();
  const requests: string[] = [];
  const send = (res: http.ServerResponse, code: number, body: unknown) => { res.writeHead(code, { 'Content-Type': 'application/json' }); res.end(typeof body === 'string' ? body : JSON.stringify(body)); };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (url.pathname.includes('/proxy/')) return proxy.has(url.pathname + url.search) ? send(res, 200, proxy.get(url.pathname + url.search)!) : send(res, 503, 'no endpoints');
    for (const [key, objects] of store) {
      const [apiVersion, kind] = key.split('|');
      const base = apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`;
      if (url.pathname === base) return send(res, 200, { kind: 'APIResourceList', groupVersion: apiVersion, resources: [...store.keys()].filter((k) => k.startsWith(`${apiVersion}|`)).map((k) => { const kd = k.split('|')[1]; return { name: plural(kd), kind: kd, namespaced: !CLUSTER_SCOPED.has(kd), verbs: ['list'] }; }) });
      const m = url.pathname.match(new RegExp(`^${base.replace(/\./g, '\\.')}(?:/namespaces/([^/]+))?/${plural(kind)}$`));
      if (m) return send(res, 200, { apiVersion, kind: `${kind}List`, metadata: {}, items: objects.filter((o) => (!m[1] || o.metadata.namespace === m[1]) && matches(o, url.searchParams.get('labelSelector'))) });
    }
    send(res, 404, { kind: 'Status', code: 404, message: `${url.pathname} not found` });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fixture-cluster', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'fixture', cluster: 'fixture-cluster', user: 'u' }],
    currentContext: 'fixture',
  });
  return {
    kubeconfig: kc,
    requests,
    proxy,
    serve(apiVersion, kind) {
      if (!store.has(`${apiVersion}|${kind}`)) store.set(`${apiVersion}|${kind}`, []);
    },
    put(...objects) {
      for (const o of objects) {
        const key = `${o.apiVersion}|${o.kind}`;
        const list = (store.get(key) ?? []).filter((x) => !(x.metadata.name === o.metadata.name && x.metadata.namespace === o.metadata.namespace));
        store.set(key, [...list, o]);
      }
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
