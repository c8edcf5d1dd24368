/**
 * The scale test's driver on a real cluster: merged watches (client-node `Watch`) translated
 * into stage events, the load (Pushgateway push or HTTP requests through the service proxy),
 * and cleanup. Objects that existed before the run (a GPU node already up) do not count as
 * stages of this run.
 */
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { EnvironmentConfig } from '../../config/types';
import type { WorkloadConfig } from '../../config/workload-types';
import { apiRequest, serviceProxyPath } from '../client';
import type { K8sObject } from '../types';
import type { StageEvent } from './clock';
import { initialTranslateState, translate, type Subject, type WatchType } from './events';
import { pushgatewayService, pushPath, seriesOfQuery } from './load';
import { peerBytes } from './p2p';
import type { ScaleDriver } from './run';

/** Watch paths and query parameters for one workload. */
function watches(ns: string, s: Subject, async: boolean): [string, Record<string, string>][] {
  return [
    ...(async ? [[`/apis/keda.sh/v1alpha1/namespaces/${ns}/scaledobjects`, {}] as [string, Record<string, string>]] : []),
    [`/apis/apps/v1/namespaces/${ns}/deployments`, {}],
    [`/api/v1/namespaces/${ns}/pods`, { labelSelector: `${s.podLabel[0]}=${s.podLabel[1]}` }],
    [`/api/v1/namespaces/${ns}/events`, { fieldSelector: 'reason=Pulled' }],
    ['/apis/karpenter.sh/v1/nodeclaims', {}],
    ['/api/v1/nodes', {}],
  ];
}

/** Created before the run (minus a second of clock skew): not this run's node or pod. */
const before = (o: K8sObject, start: number) => o.metadata.creationTimestamp !== undefined && Date.parse(o.metadata.creationTimestamp) < start - 1000;

/** Options of {@link clusterDriver}. */
export interface DriverOptions {
  readonly kc: KubeConfig;
  readonly env: EnvironmentConfig;
  readonly name: string;
  readonly workload: WorkloadConfig;
  readonly subject: Subject;
  readonly log: (line: string) => void;
}

/** Sends requests to an HTTP service's latest revision until one succeeds. */
async function firstResponse(o: DriverOptions, signal: AbortSignal, emit: (e: StageEvent) => void): Promise<void> {
  const ns = o.env.workloads.namespace;
  const w = o.workload as Extract<WorkloadConfig, { kind: 'http' }>;
  while (!signal.aborted) {
    try {
      const ksvc = JSON.parse(await apiRequest(o.kc, 'GET', `/apis/serving.knative.dev/v1/namespaces/${ns}/services/${o.name}`));
      const rev: string | undefined = ksvc.status?.latestCreatedRevisionName;
      // The revision's public Service (named after its ServerlessService, port 80: knative/serving
      // pkg/reconciler/serverlessservice/resources/services.go@knative-v1.21.1) routes through the activator at zero.
      if (rev) {
        await apiRequest(o.kc, 'GET', serviceProxyPath(ns, rev, 80, w.readinessPath));
        emit({ stage: 'first-response', at: Date.now() });
        return;
      }
    } catch {
      // Not serving yet: the activator holds or refuses the request until a pod is Ready.
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** A ScaleDriver on the cluster of `kc`, which also reads what the node's Dragonfly peer served. */
export function clusterDriver(o: DriverOptions): ScaleDriver & { readonly p2pBytes: () => number | undefined } {
  const start = Date.now();
  const requests = new AbortController();
  const pg = o.workload.kind === 'async' ? pushgatewayService(o.env) : undefined;
  const pushUrl = pg && serviceProxyPath(pg.namespace, pg.service, pg.port, pushPath());
  let extra: ((e: StageEvent) => void) | undefined;
  let p2p: number | undefined;
  return {
    now: () => Date.now(),
    p2pBytes: () => p2p,
    async *events(signal) {
      const queue: StageEvent[] = [];
      let wake: (() => void) | undefined;
      const push = (e: StageEvent) => { queue.push(e); wake?.(); };
      extra = push;
      let st = initialTranslateState();
      const stops = await Promise.all(watches(o.env.workloads.namespace, o.subject, o.workload.kind === 'async').map(([path, q]) =>
        new Watch(o.kc).watch(path, q, (type, obj: K8sObject) => {
          if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') return;
          if (type !== 'DELETED' && before(obj, start) && obj.kind !== 'ScaledObject' && obj.kind !== 'Deployment') return;
          const kind = obj.kind ?? (path.endsWith('/events') ? 'Event' : '');
          const r = translate(st, type as WatchType, { ...obj, kind }, Date.now(), o.subject);
          st = r.state;
          r.events.forEach(push);
        }, (err) => err && o.log(`watch ${path} ended: ${err}`))));
      try {
        while (!signal.aborted) {
          if (queue.length) yield queue.shift()!;
          else await new Promise<void>((r) => { wake = r; signal.addEventListener('abort', () => r(), { once: true }); });
        }
      } finally {
        stops.forEach((c) => c.abort());
      }
    },
    async applyLoad() {
      if (o.workload.kind === 'async') {
        const t = o.workload.triggers.find((x) => x.source === 'queue') ?? o.workload.triggers[0];
        if (!t) throw new Error(`${o.name} has no Prometheus trigger to push a metric for`);
        await apiRequest(o.kc, 'PUT', pushUrl!, seriesOfQuery(t.query, t.threshold), 'text/plain; version=0.0.4');
        o.log(`pushed ${seriesOfQuery(t.query, t.threshold).trim()} to the Pushgateway (job ${pushPath()})`);
      } else {
        void firstResponse(o, requests.signal, (e) => extra?.(e));
      }
    },
    async removeLoad() {
      // While the pod and its node still exist: scale to zero removes both.
      p2p = await peerBytes({
        kc: o.kc,
        workloadNamespace: o.env.workloads.namespace,
        workloadSelector: `${o.subject.podLabel[0]}=${o.subject.podLabel[1]}`,
        peerNamespace: 'dragonfly',
      }).catch((e) => {
        o.log(`could not read the Dragonfly peer's metrics: ${e}`);
        return undefined;
      });
      requests.abort();
      if (pushUrl) await apiRequest(o.kc, 'DELETE', pushUrl);
    },
    async cleanup() {
      requests.abort();
      // The DELETE is idempotent: run it again so a push is never left behind.
      if (pushUrl) await apiRequest(o.kc, 'DELETE', pushUrl).catch((e) => o.log(`could not delete the pushed metric: ${e}; run: kubectl delete --raw ${pushUrl}`));
    },
  };
}
