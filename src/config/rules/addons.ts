import { PROM_DURATION } from '../durations';
import type { EnvironmentConfig } from '../types';
import type { Problems } from './collector';
import { checkDuration } from './platform';

/**
 * Add-on settings the schema cannot check: the Pushgateway scrape interval is a Prometheus
 * duration (the ServiceMonitor endpoint's `interval`) and a term of the cold-start budget.
 */
export function checkAddons(env: EnvironmentConfig, p: Problems, at: string): void {
  checkDuration(env.addons.pushgateway.scrapeInterval, PROM_DURATION, p, `${at}.addons.pushgateway.scrapeInterval`, '5s');
}
