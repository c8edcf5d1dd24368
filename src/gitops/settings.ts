/** Argo CD conventions shared by the root app, the project and the ApplicationSets. */
export const ARGOCD_NAMESPACE = 'argocd';
export const IN_CLUSTER = 'https://kubernetes.default.svc';
export const PROJECT = 'gpu-platform';
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/**
 * Automated sync retries forever with backoff: on an empty cluster, CRs wait for CRDs and
 * webhooks that other Applications install, and a retry is what makes them converge.
 */
export const RETRY = { limit: -1, backoff: { duration: '30s', factor: 2, maxDuration: '5m' } } as const;

/**
 * Fields controllers own and rewrite (webhook and APIService CA bundles, CRD conversion
 * webhooks injected by cert controllers): ignored, and not re-applied on sync, so self-heal
 * never fights the controller.
 */
export const CONTROLLER_OWNED_FIELDS = [
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
  { group: 'apiregistration.k8s.io', kind: 'APIService', jqPathExpressions: ['.spec.caBundle'] },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', jqPathExpressions: ['.spec.conversion.webhook.clientConfig.caBundle'] },
];
