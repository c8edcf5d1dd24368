/**
 * Prometheus, queried through the API server's service proxy (no port-forward): every rendered
 * PrometheusRule group is loaded (`GET /api/v1/rules`, data.groups[].name) and every expected
 * scrape pool's targets are up (`GET /api/v1/targets`, data.activeTargets[].scrapePool and
 * .health "up"/"down"/"unknown"), as documented in prometheus/prometheus docs/querying/api.md.
 */
import type { Expected, ExpectedScrape } from '../expected';
import { fail, pass, type CheckResult, type ClusterReader, type K8sObject } from '../types';

/** One active target as the targets API returns it. */
export interface Target {
  readonly scrapePool: string;
  readonly scrapeUrl?: string;
  readonly health: string;
  readonly lastError?: string;
}

const proxyPath = (e: Expected, path: string) => `kubectl get --raw /api/v1/namespaces/${e.prometheus.namespace}/services/${e.prometheus.service}:${e.prometheus.port}/proxy${path}`;

/** Groups of each rendered PrometheusRule missing from the loaded rule groups. */
export function rulesCheck(rule: K8sObject, loaded: ReadonlySet<string>, next: string): CheckResult {
  const groups: string[] = (rule.spec?.groups ?? []).map((g: { name: string }) => g.name);
  const missing = groups.filter((g) => !loaded.has(g));
  const subject = `${rule.metadata.namespace}/${rule.metadata.name}`;
  return missing.length ? fail('prometheus.rules-loaded', subject, `groups not loaded: ${missing.join(', ')}`, next) : pass('prometheus.rules-loaded', subject, `${groups.length} group(s) loaded`);
}

/** One scrape pool: targets present (unless it may be empty) and all up. */
export function targetsCheck(s: ExpectedScrape, targets: readonly Target[], next: string): CheckResult {
  const mine = targets.filter((t) => t.scrapePool === s.scrapePool);
  if (mine.length === 0) return s.mayBeEmpty ? pass('prometheus.targets-up', s.scrapePool, 'no targets (none running)') : fail('prometheus.targets-up', s.scrapePool, 'no targets: selector matches nothing or the monitor is not loaded', next);
  const down = mine.filter((t) => t.health !== 'up');
  return down.length
    ? fail('prometheus.targets-up', s.scrapePool, `${down.length}/${mine.length} down: ${down.map((t) => `${t.scrapeUrl ?? '?'} ${t.health}${t.lastError ? ` (${t.lastError})` : ''}`).join('; ')}`, next)
    : pass('prometheus.targets-up', s.scrapePool, `${mine.length} target(s) up`);
}

/** Rules and targets, two requests to Prometheus. */
export async function prometheusChecks(e: Expected, k: ClusterReader): Promise<CheckResult[]> {
  const { namespace, service, port } = e.prometheus;
  const rules = JSON.parse(await k.proxyGet(namespace, service, port, '/api/v1/rules'));
  const loaded = new Set<string>((rules.data?.groups ?? []).map((g: { name: string }) => g.name));
  const targets = JSON.parse(await k.proxyGet(namespace, service, port, '/api/v1/targets?state=active'));
  const active: Target[] = targets.data?.activeTargets ?? [];
  return [
    ...e.prometheusRules.map((r) => rulesCheck(r, loaded, proxyPath(e, '/api/v1/rules'))),
    ...e.scrapes.map((s) => targetsCheck(s, active, proxyPath(e, '/api/v1/targets?state=active'))),
  ];
}
