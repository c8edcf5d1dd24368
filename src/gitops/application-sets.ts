import type { Construct } from 'constructs';
import { ApplicationSet } from '../../imports/argoproj.io';
import { LAYERS, type Layer } from '../charts/platform-chart';
import type { EnvironmentConfig } from '../config/types';
import type { AppRef } from './app-ref';
import { ARGOCD_NAMESPACE, CONTROLLER_OWNED_FIELDS, IN_CLUSTER, PROJECT, RETRY, SYNC_WAVE } from './settings';

const LAYER_LABEL = 'gpu-inference.io/layer';

function syncPolicy(helm: boolean) {
  return {
    automated: { prune: true, selfHeal: true },
    retry: RETRY,
    syncOptions: [
      // CRs whose CRDs another Application installs: no dry-run failure, retry until they exist.
      'SkipDryRunOnMissingResource=true',
      'RespectIgnoreDifferences=true',
      'PruneLast=true',
      // Chart CRDs (Kyverno, prometheus-operator, KEDA) exceed the 256 KiB client-side annotation.
      ...(helm ? ['ServerSideApply=true'] : []),
    ],
  };
}

/** List elements for one layer, in a stable order. */
function elements(apps: readonly AppRef[]) {
  return apps.map((a) =>
    a.helm
      ? {
          name: a.name,
          repoURL: a.helm.chart.repoURL,
          chart: a.helm.chart.chart,
          version: a.helm.chart.version,
          releaseName: a.helm.releaseName,
          namespace: a.helm.namespace,
          valuesFile: `$values/${a.path}/values.yaml`,
        }
      : { name: a.name, path: a.path },
  );
}

/** The ApplicationSet of one layer; its sync wave orders it after the previous layers. */
export function layerApplicationSet(scope: Construct, env: EnvironmentConfig, layer: Layer, apps: readonly AppRef[]): void {
  const helm = layer === 'platform-helm';
  const git = { repoUrl: env.gitops.repoUrl, targetRevision: env.gitops.targetRevision };
  new ApplicationSet(scope, layer, {
    metadata: { name: layer, namespace: ARGOCD_NAMESPACE, annotations: { [SYNC_WAVE]: String(LAYERS.indexOf(layer)) } },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ list: { elements: elements(apps) } }],
      // Deleting an ApplicationSet must not cascade-delete the platform.
      syncPolicy: { preserveResourcesOnDeletion: true },
      template: {
        metadata: { name: '{{.name}}', namespace: ARGOCD_NAMESPACE, labels: { [LAYER_LABEL]: layer } },
        spec: {
          project: PROJECT,
          ...(helm
            ? {
                sources: [
                  {
                    repoUrl: '{{.repoURL}}',
                    chart: '{{.chart}}',
                    targetRevision: '{{.version}}',
                    helm: { releaseName: '{{.releaseName}}', valueFiles: ['{{.valuesFile}}'] },
                  },
                  { ...git, ref: 'values' },
                ],
                destination: { server: IN_CLUSTER, namespace: '{{.namespace}}' },
              }
            : { source: { ...git, path: '{{.path}}' }, destination: { server: IN_CLUSTER } }),
          syncPolicy: syncPolicy(helm),
          ignoreDifferences: CONTROLLER_OWNED_FIELDS.map((f) => ({ ...f, jqPathExpressions: [...f.jqPathExpressions] })),
        },
      },
    },
  });
}
