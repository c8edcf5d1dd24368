/**
 * Renders an environment's Helm releases the way Argo CD does (`helm template` with the
 * release name, namespace, values file, CRDs included, and the cluster's Kubernetes and API
 * versions), from the element list of the `platform-helm` ApplicationSet, so what is rendered
 * is exactly what Argo CD would install.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { platformVersions } from '../../config/versions';
import { argoOrder, loadYamlFile, type K8sObject } from './plan';
import { goTool } from './toolchain';

/** One `platform-helm` list element (src/gitops/application-sets.ts). */
export interface HelmElement {
  readonly name: string;
  readonly chart: string;
  readonly repoURL: string;
  readonly version: string;
  readonly releaseName: string;
  readonly namespace: string;
  readonly valuesFile: string;
}

export function helmElements(root: string, env: string): HelmElement[] {
  const dir = path.join(root, 'argocd', env, 'apps');
  const sets = fs.readdirSync(dir).filter((f) => f.startsWith('applicationset.')).flatMap((f) => loadYamlFile(path.join(dir, f)));
  return argoOrder(sets).flatMap((s) =>
    (s.spec as { generators: { list?: { elements: Record<string, string>[] } }[] }).generators.flatMap((g) => g.list?.elements ?? []),
  ).filter((e): e is Record<string, string> & HelmElement => !!e.chart);
}

/** `group/version` and `group/version/Kind` of every API the pinned CRDs serve (`.Capabilities.APIVersions`). */
export function apiVersions(root: string): string[] {
  const served = JSON.parse(fs.readFileSync(path.join(root, 'imports', 'served-apis.json'), 'utf8')) as Record<string, string[]>;
  return Object.entries(served).flatMap(([gv, kinds]) => [gv, ...kinds.map((k) => `${gv}/${k}`)]);
}

/** Chart reference and repository flags; OCI repositories are written without a scheme. */
function chartRef(e: HelmElement, localChart?: string): string[] {
  if (localChart) return [localChart];
  if (!/^https?:\/\//.test(e.repoURL)) return [`oci://${e.repoURL}/${e.chart}`, '--version', e.version];
  return [e.chart, '--repo', e.repoURL, '--version', e.version];
}

export interface TemplateOptions {
  readonly root: string;
  /** A local chart directory to use instead of the repository (tests, air-gapped mirrors). */
  readonly localChart?: string;
}

/** `helm template` of one release; the objects in the order Helm prints them. */
export function helmTemplate(e: HelmElement, o: TemplateOptions): K8sObject[] {
  const values = path.join(o.root, e.valuesFile.replace(/^\$values\//, ''));
  const args = [
    'template', e.releaseName, ...chartRef(e, o.localChart),
    '--namespace', e.namespace,
    '--values', values,
    '--include-crds',
    '--kube-version', `${platformVersions.kubernetes}.0`,
    ...apiVersions(o.root).flatMap((v) => ['--api-versions', v]),
  ];
  const out = execFileSync(goTool('helm'), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 });
  return (yaml.loadAll(out) as (K8sObject | null)[]).filter((d): d is K8sObject => !!d?.kind);
}
