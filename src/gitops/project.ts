import type { Construct } from 'constructs';
import { AppProject } from '../../imports/argoproj.io';
import type { EnvironmentConfig } from '../config/types';
import type { AppRef } from './app-ref';
import { ARGOCD_NAMESPACE, IN_CLUSTER, PROJECT, SYNC_WAVE } from './settings';

/**
 * Cluster-scoped kinds the platform may create, and nothing else: what our folders render plus
 * what the pinned charts install (CRDs, RBAC, webhooks, KEDA's metrics APIService, NFD rules).
 */
export const CLUSTER_KINDS: readonly { group: string; kind: string }[] = [
  { group: '', kind: 'Namespace' },
  { group: 'scheduling.k8s.io', kind: 'PriorityClass' },
  { group: 'storage.k8s.io', kind: 'StorageClass' },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
  { group: 'apiregistration.k8s.io', kind: 'APIService' },
  { group: 'karpenter.sh', kind: 'NodePool' },
  { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass' },
  { group: 'kyverno.io', kind: 'ClusterPolicy' },
  { group: 'external-secrets.io', kind: 'ClusterSecretStore' },
  { group: 'keda.sh', kind: 'ClusterTriggerAuthentication' },
  { group: 'nfd.k8s-sigs.io', kind: 'NodeFeatureRule' },
  { group: 'networking.internal.knative.dev', kind: 'ClusterDomainClaim' },
];

/**
 * Cluster-scoped kinds the DRA driver chart adds (kubernetes-sigs/dra-driver-nvidia-gpu
 * deployments/helm/dra-driver-nvidia-gpu/templates/deviceclass-gpu.yaml, validatingadmissionpolicy.yaml,
 * validatingadmissionpolicybinding.yaml @v0.4.1), only where the environment has a DRA path.
 */
export const DRA_CLUSTER_KINDS: readonly { group: string; kind: string }[] = [
  { group: 'resource.k8s.io', kind: 'DeviceClass' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicy' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicyBinding' },
];

/** Namespaces Applications may deploy into: ours, plus kube-system for chart-managed Services. */
export function projectNamespaces(env: EnvironmentConfig): string[] {
  return [...Object.keys(env.namespaces), 'kube-system'].sort();
}

/** Restricts sources to this repository and the pinned chart repositories. */
export function platformProject(scope: Construct, env: EnvironmentConfig, apps: readonly AppRef[]): void {
  const chartRepos = [...new Set(apps.flatMap((a) => (a.helm ? [a.helm.chart.repoURL] : [])))].sort();
  new AppProject(scope, 'project', {
    metadata: { name: PROJECT, namespace: ARGOCD_NAMESPACE, annotations: { [SYNC_WAVE]: '-1' } },
    spec: {
      description: `GPU inference platform (${env.name})`,
      sourceRepos: [env.gitops.repoUrl, ...chartRepos],
      destinations: projectNamespaces(env).map((namespace) => ({ server: IN_CLUSTER, namespace })),
      clusterResourceWhitelist: [...CLUSTER_KINDS, ...(env.dra ? DRA_CLUSTER_KINDS : [])].map((k) => ({ ...k })),
    },
  });
}
