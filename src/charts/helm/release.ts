import type { HelmChartPin } from '../../config/versions';

/**
 * A Helm chart installed by Argo CD from its official repository with values we render to
 * `dist/<env>/<app>/values.yaml` (platform-helm layer). One release = one Application.
 */
export interface HelmRelease {
  /** Application name and dist folder. */
  readonly app: string;
  readonly chart: HelmChartPin;
  /** Namespace the release is installed into. */
  readonly namespace: string;
  readonly releaseName: string;
  /** Values, every key of which exists in the pinned chart (test/charts/helm-values.test.ts). */
  readonly values: Readonly<Record<string, unknown>>;
}

/** A toleration for a taint, whatever its value. */
export function tolerate(taint: { readonly key: string; readonly effect: string }) {
  return { key: taint.key, operator: 'Exists', effect: taint.effect };
}

/**
 * Label the kube-prometheus-stack Prometheus selects ServiceMonitors, PodMonitors and
 * PrometheusRules by: `release: <release name>` (serviceMonitorSelectorNilUsesHelmValues).
 */
export const PROMETHEUS_RELEASE = 'kube-prometheus-stack';
export const PROMETHEUS_SELECTOR_LABELS = { release: PROMETHEUS_RELEASE } as const;
