/**
 * The load of a scale test. Async workers: the trigger's query names a metric and its label
 * matchers (`sum(gpu_job_queue_depth{queue="embeddings"})`); the test pushes that series to the
 * Pushgateway with PUT and removes it with DELETE on `/metrics/job/<job>` (prometheus/pushgateway
 * README.md@v1.9.0, the chart's appVersion), through the API server's service proxy. HTTP
 * services: requests to the Knative Service until one succeeds.
 */
import type { EnvironmentConfig } from '../../config/types';
import { buildHelmReleases } from '../../charts/helm';
import { helmCharts } from '../../config/versions';

/** The Pushgateway grouping key of every series the scale test pushes. */
export const PUSH_JOB = 'gpu-inference-verify-scale-test';

/** The series a query reads: metric name and equality matchers, as exposition text. */
export function seriesOfQuery(query: string, value: number): string {
  // Grouping clauses name labels, not metrics: drop them before looking for the metric.
  const m = query.replace(/\b(by|without)\s*\([^)]*\)/g, ' ').match(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^}]*\})?/g)?.find((t) => !/^(sum|avg|max|min|count|rate|irate|increase|by|without)$/.test(t.replace(/\{.*$/, '').trim()));
  if (!m) throw new Error(`${query}: no metric name found to push`);
  const name = m.replace(/\{.*$/, '').trim();
  const labels = [...(m.match(/\{([^}]*)\}/)?.[1] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"([^"]*)"/g)].map(([, k, v]) => `${k}="${v}"`);
  return `${name}${labels.length ? `{${labels.join(',')}}` : ''} ${value}\n`;
}

/**
 * The Pushgateway release's Service: the chart names it after the release when the release name
 * contains the chart name (charts/prometheus-pushgateway/templates/_helpers.tpl@prometheus-pushgateway-2.14.0,
 * `prometheus-pushgateway.fullname`), on the chart's `service.port` 9091 (values.yaml@prometheus-pushgateway-2.14.0).
 */
export function pushgatewayService(env: EnvironmentConfig): { namespace: string; service: string; port: number } {
  const r = buildHelmReleases(env).find((x) => x.chart.chart === helmCharts.pushgateway.chart);
  if (!r) throw new Error('no prometheus-pushgateway release in this environment: an async scale test needs it');
  const service = r.releaseName.includes(r.chart.chart) ? r.releaseName : `${r.releaseName}-${r.chart.chart}`;
  return { namespace: r.namespace, service, port: 9091 };
}

export const pushPath = (): string => `/metrics/job/${PUSH_JOB}`;
