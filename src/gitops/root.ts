import type { Construct } from 'constructs';
import * as k8s from '../constructs/k8s';
import { Application } from '../../imports/argoproj.io';
import type { EnvironmentConfig } from '../config/types';
import type { AppRef } from './app-ref';
import { ARGOCD_NAMESPACE, IN_CLUSTER, RETRY, SYNC_WAVE } from './settings';

/** Repository path of the folder the root app syncs. */
export const appsPath = (env: EnvironmentConfig) => `argocd/${env.name}/apps`;

/**
 * The app-of-apps, applied once by hand (`kubectl apply -f argocd/<env>/root-app.yaml`). It is
 * in the `default` project because it creates the platform's own AppProject.
 */
export function rootApplication(scope: Construct, env: EnvironmentConfig): void {
  new Application(scope, 'root', {
    metadata: { name: 'root', namespace: ARGOCD_NAMESPACE },
    spec: {
      project: 'default',
      source: { repoUrl: env.gitops.repoUrl, targetRevision: env.gitops.targetRevision, path: appsPath(env) },
      destination: { server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE },
      syncPolicy: { automated: { prune: true, selfHeal: true }, retry: RETRY },
    },
  });
}

/**
 * Repository entries for OCI Helm registries (Karpenter's public ECR): Argo CD needs
 * `enableOCI` and the host without the `oci://` scheme. Public: no credentials.
 */
export function ociRepositories(scope: Construct, apps: readonly AppRef[]): void {
  for (const app of apps.filter((a) => a.helm?.chart.oci)) {
    const chart = app.helm!.chart;
    new k8s.KubeSecret(scope, `repo-${app.name}`, {
      metadata: {
        name: `repo-${chart.chart}-oci`,
        namespace: ARGOCD_NAMESPACE,
        labels: { 'argocd.argoproj.io/secret-type': 'repository' },
        annotations: { [SYNC_WAVE]: '-1' },
      },
      stringData: { type: 'helm', name: chart.chart, url: chart.repoURL, enableOCI: 'true' },
    });
  }
}
