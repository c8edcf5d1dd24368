import type { EnvironmentConfig } from '../../config/types';
import { helmCharts } from '../../config/versions';
import { ARGOCD_NAMESPACE } from '../../gitops/settings';
import { containerResources, controllerPlacement, pdbIfReplicated, systemPlacement } from './placement';
import type { HelmRelease } from './release';

/**
 * Kyverno: the four controllers on the system nodes. The policies themselves (and their
 * failure action) are rendered by the kyverno-policies chart, not set here: the chart has no
 * global `validationFailureAction`.
 */
export function kyverno(env: EnvironmentConfig): HelmRelease {
  const k = env.addons.kyverno;
  const placement = controllerPlacement(env);
  const controller = (replicas: number) => ({ replicas, podDisruptionBudget: pdbIfReplicated(replicas), ...placement });
  return {
    app: 'kyverno',
    chart: helmCharts.kyverno,
    namespace: 'kyverno',
    releaseName: 'kyverno',
    values: {
      // Hook jobs (CRD migration, webhook and report cleanup) fall back to the global placement.
      global: systemPlacement(env),
      // Replaces the chart's namespace exclusion (only kube-system; `excludeKyvernoNamespace`
      // adds kyverno): namespaces whose pods bring the cluster back (EKS add-ons, Argo CD,
      // Karpenter's nodes) never wait on Kyverno, whatever a policy's failure policy.
      // kyverno/kyverno charts/kyverno/values.yaml config.webhooks@kyverno-chart-3.7.2.
      config: {
        webhooks: {
          namespaceSelector: {
            matchExpressions: [
              { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', ARGOCD_NAMESPACE, env.podIdentity.karpenter.namespace] },
            ],
          },
        },
      },
      admissionController: controller(k.admissionReplicas),
      backgroundController: controller(k.controllerReplicas),
      cleanupController: controller(k.controllerReplicas),
      reportsController: controller(k.controllerReplicas),
    },
  };
}

/**
 * External Secrets Operator. The controller runs under the service account of its Pod Identity
 * association (it reads AWS Secrets Manager); webhook and cert controller need no AWS access.
 */
export function externalSecrets(env: EnvironmentConfig): HelmRelease {
  const e = env.addons.externalSecrets;
  const placement = { ...controllerPlacement(env), resources: containerResources(e.resources) };
  return {
    app: 'external-secrets',
    chart: helmCharts.externalSecrets,
    namespace: env.podIdentity.externalSecrets.namespace,
    releaseName: 'external-secrets',
    values: {
      replicaCount: e.replicas,
      // Also with one replica: a rolling update briefly runs two controllers.
      leaderElect: true,
      serviceAccount: { name: env.podIdentity.externalSecrets.serviceAccount },
      podDisruptionBudget: pdbIfReplicated(e.replicas),
      ...placement,
      webhook: { replicaCount: e.webhookReplicas, podDisruptionBudget: pdbIfReplicated(e.webhookReplicas), ...placement },
      // One cert controller: it only rotates the webhook certificate.
      certController: placement,
    },
  };
}
