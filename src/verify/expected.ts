/**
 * What a cluster running one environment must contain, derived from its config and its rendered
 * output (`renderEnvironment`), so verify can never drift from what synth wrote: no name here is
 * typed by hand.
 */
import { loadAll } from 'js-yaml';
import { buildHelmReleases } from '../charts/helm';
import { mirroredRegistries } from '../charts/karpenter-nodes';
import { GPU_RESOURCE } from '../constructs/kyverno/guardrails';
import { helmCharts } from '../config/versions';
import type { EnvironmentConfig } from '../config/types';
import type { RenderedFiles } from '../synth/render';
import type { K8sObject } from './types';

/** An Argo CD Application the environment's ApplicationSets (or the root) create. */
export interface ExpectedApp {
  readonly name: string;
  readonly namespace: string;
}

/** A Helm release: its workloads are found by the chart's standard instance label. */
export interface ExpectedRelease {
  readonly app: string;
  readonly chart: string;
  readonly releaseName: string;
  readonly namespace: string;
}

/** A GPU pool: nodes it launches must carry its taints and template labels. */
export interface ExpectedGpuPool {
  readonly name: string;
  readonly taints: readonly { key: string; value?: string; effect: string }[];
  readonly labels: Readonly<Record<string, string>>;
}

/** A Prometheus scrape pool that must have targets, all up (or may be empty, when per node). */
export interface ExpectedScrape {
  readonly scrapePool: string;
  /** Per-node or per-pod exporters have no targets while GPU workloads are at zero. */
  readonly mayBeEmpty: boolean;
}

/** Everything the checks compare the cluster against. */
export interface Expected {
  readonly env: string;
  readonly clusterName: string;
  readonly applications: readonly ExpectedApp[];
  readonly releases: readonly ExpectedRelease[];
  /** Deployments, DaemonSets and StatefulSets rendered into dist/. */
  readonly workloads: readonly K8sObject[];
  readonly knativeServing: readonly K8sObject[];
  readonly nodePools: readonly K8sObject[];
  readonly nodeClasses: readonly K8sObject[];
  readonly gpuPools: readonly ExpectedGpuPool[];
  readonly gpuResource: string;
  readonly scaledObjects: readonly K8sObject[];
  readonly knativeServices: readonly K8sObject[];
  readonly policies: readonly K8sObject[];
  readonly externalSecrets: readonly K8sObject[];
  readonly prometheusRules: readonly K8sObject[];
  readonly scrapes: readonly ExpectedScrape[];
  /** Prometheus' Service, from `workloads.prometheusUrl`. */
  readonly prometheus: { readonly namespace: string; readonly service: string; readonly port: number };
  /** What `--node-debug` compares: the mirrored registries, the local endpoint, where its Pod runs. */
  readonly registryMirror: { readonly endpoint: string; readonly registries: readonly string[]; readonly debugNamespace: string };
}

/** Every YAML document in the rendered manifests (Helm values files are values, not objects). */
export function renderedObjects(files: RenderedFiles): K8sObject[] {
  const out: K8sObject[] = [];
  for (const [file, text] of files) {
    if (!/\.ya?ml$/.test(file) || file.endsWith('/values.yaml') || file.endsWith('argo-cd-values.yaml')) continue;
    for (const doc of loadAll(text)) if (doc && typeof doc === 'object' && 'kind' in doc) out.push(doc as K8sObject);
  }
  return out;
}

/** `http://<svc>.<ns>.svc[.cluster.local]:<port>` -> its parts. */
export function serviceOfUrl(url: string): { namespace: string; service: string; port: number } {
  const u = new URL(url);
  const [service, namespace] = u.hostname.split('.');
  if (!service || !namespace) throw new Error(`${url}: not an in-cluster Service URL (<service>.<namespace>.svc)`);
  return { namespace, service, port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)) };
}

/** Applications: the root Application plus one per element of each ApplicationSet's list generator. */
function applications(objects: readonly K8sObject[]): ExpectedApp[] {
  const apps: ExpectedApp[] = [];
  for (const o of objects) {
    if (o.kind === 'Application') apps.push({ name: o.metadata.name, namespace: o.metadata.namespace ?? 'argocd' });
    if (o.kind !== 'ApplicationSet') continue;
    for (const g of o.spec?.generators ?? []) {
      for (const e of g.list?.elements ?? []) apps.push({ name: e.name, namespace: o.metadata.namespace ?? 'argocd' });
    }
  }
  return apps;
}

/**
 * Scrape pools the Prometheus Operator creates: `serviceMonitor/<ns>/<name>/<endpoint index>`
 * (prometheus-operator/prometheus-operator pkg/prometheus/promcfg.go, job_name), likewise
 * `podMonitor/...`. DCGM's ServiceMonitor comes from its chart, named after the release.
 */
function scrapes(objects: readonly K8sObject[], releases: readonly ExpectedRelease[]): ExpectedScrape[] {
  const out: ExpectedScrape[] = [];
  for (const o of objects) {
    if (o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor') {
      const prefix = o.kind === 'ServiceMonitor' ? 'serviceMonitor' : 'podMonitor';
      const endpoints: unknown[] = o.spec?.endpoints ?? o.spec?.podMetricsEndpoints ?? [];
      // A PodMonitor of inference pods has no targets while they are at zero.
      endpoints.forEach((_, i) => out.push({ scrapePool: `${prefix}/${o.metadata.namespace}/${o.metadata.name}/${i}`, mayBeEmpty: o.kind === 'PodMonitor' }));
    }
  }
  for (const r of releases.filter((x) => x.chart === helmCharts.dcgmExporter.chart)) {
    out.push({ scrapePool: `serviceMonitor/${r.namespace}/${r.releaseName}/0`, mayBeEmpty: true });
  }
  return out;
}

/**
 * The debug Pod mounts a host path, which Pod Security admits only where `privileged` is
 * enforced: Dragonfly's namespace is (its dfdaemon mounts host paths), and the GPU-toleration
 * Kyverno rule excludes it.
 */
function debugNamespace(releases: readonly ExpectedRelease[]): string {
  const dragonfly = releases.find((r) => r.chart === helmCharts.dragonfly.chart);
  if (!dragonfly) throw new Error('no Dragonfly release rendered: --node-debug has no privileged namespace to run in');
  return dragonfly.namespace;
}

const ofKind = (objects: readonly K8sObject[], ...kinds: string[]) => objects.filter((o) => kinds.includes(o.kind));

/** The expectations of one environment from its config and rendered files. */
export function expectedFor(env: EnvironmentConfig, files: RenderedFiles): Expected {
  const objects = renderedObjects(files);
  const releases = buildHelmReleases(env).map((r) => ({ app: r.app, chart: r.chart.chart, releaseName: r.releaseName, namespace: r.namespace }));
  const nodePools = ofKind(objects, 'NodePool');
  return {
    env: env.name,
    clusterName: env.cluster.name,
    applications: applications(objects),
    releases,
    workloads: ofKind(objects, 'Deployment', 'DaemonSet', 'StatefulSet'),
    knativeServing: ofKind(objects, 'KnativeServing'),
    nodePools,
    nodeClasses: ofKind(objects, 'EC2NodeClass'),
    gpuPools: nodePools
      .filter((p) => env.nodes.pools[p.metadata.name]?.gpu)
      .map((p) => ({ name: p.metadata.name, taints: p.spec?.template?.spec?.taints ?? [], labels: p.spec?.template?.metadata?.labels ?? {} })),
    gpuResource: GPU_RESOURCE,
    scaledObjects: ofKind(objects, 'ScaledObject'),
    knativeServices: objects.filter((o) => o.kind === 'Service' && o.apiVersion.startsWith('serving.knative.dev/')),
    policies: ofKind(objects, 'ClusterPolicy', 'Policy'),
    externalSecrets: ofKind(objects, 'ExternalSecret'),
    prometheusRules: ofKind(objects, 'PrometheusRule'),
    scrapes: scrapes(objects, releases),
    prometheus: serviceOfUrl(env.workloads.prometheusUrl),
    registryMirror: { endpoint: env.nodes.registryMirror.endpoint, registries: mirroredRegistries(env), debugNamespace: debugNamespace(releases) },
  };
}
