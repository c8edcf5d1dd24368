import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { validateEnvironment } from '../../src/config/validate';
import type { EnvironmentConfig } from '../../src/config/types';
import { alertmanagerConfigTemplate } from '../../src/constructs/monitoring/alertmanager-config';
import { renderEnvironment } from '../../src/synth/render';
import { fixtureEnvironment } from '../fixtures/environment';
import { withOverride } from '../support/rendered';

/** The fixture environment with its alert receiver and policy mode set by the test. */
const fixture = (mode: 'Audit' | 'Enforce', receiver?: object): EnvironmentConfig =>
  withOverride(fixtureEnvironment(), (d) => {
    d.platform.policyMode = mode;
    if (receiver) d.platform.alerts.receiver = receiver;
    else delete d.platform.alerts.receiver;
  });
const receiverProblems = (env: EnvironmentConfig) => validateEnvironment(env).filter((p) => p.path.startsWith(`${env.name}.platform.alerts.receiver`));

/** The template as External Secrets would fill it (`{{ index . "key" | toJson }}` -> the JSON string). */
const filled = (template: string, value: string) => load(template.replace(/\{\{ index \. "[a-z-]+" \| toJson \}\}/g, JSON.stringify(value))) as any;

describe('alert receiver', () => {
  it('refuses production without a receiver, and allows it elsewhere', () => {
    expect(receiverProblems(fixture('Enforce'))).toEqual([
      { path: `${fixture('Enforce').name}.platform.alerts.receiver`, message: 'alerts go nowhere: set a slack or pagerduty receiver where platform.policyMode is Enforce (production)' },
    ]);
    expect(receiverProblems(fixture('Audit'))).toEqual([]);
  });

  it('renders the Alertmanager config from Secrets Manager and points the Alertmanager at it', () => {
    const env = fixture('Audit', { kind: 'slack', secret: 'alerts-slack' });
    const files = renderEnvironment(env);
    const es = load(files.get(`dist/${env.name}/external-secrets-config/externalsecret.monitoring.alertmanager-config.yaml`)!) as any;
    expect(es.spec.data).toEqual([{ secretKey: 'webhook-url', remoteRef: { key: `${env.cluster.name}/alerts-slack`, property: 'webhook-url' } }]);
    const config = filled(es.spec.target.template.data['alertmanager.yaml'], 'https://hooks.slack.test/T0/B0/x');
    expect(config.receivers[1]).toEqual({ name: 'platform', slack_configs: [{ api_url: 'https://hooks.slack.test/T0/B0/x', send_resolved: true }] });
    expect(config.route.receiver).toBe('platform');
    const values = load(files.get(`dist/${env.name}/kube-prometheus-stack/values.yaml`)!) as any;
    expect(values.alertmanager.alertmanagerSpec).toMatchObject({ useExistingSecret: true, configSecret: 'alertmanager-config' });
  });

  it('routes PagerDuty by routing key and silences the Watchdog', () => {
    const config = filled(alertmanagerConfigTemplate('pagerduty'), 'R0UT1NG');
    expect(config.receivers).toEqual([{ name: 'null' }, { name: 'platform', pagerduty_configs: [{ routing_key: 'R0UT1NG', send_resolved: true }] }]);
    expect(config.route.routes).toEqual([{ receiver: 'null', matchers: ['alertname = "Watchdog"'] }]);
  });

  it('says in the budget report when alerts reach nobody', () => {
    const env = fixture('Audit');
    expect(renderEnvironment(env).get(`dist/${env.name}/budget.md`)).toContain('- alerts: no receiver (platform.alerts.receiver): alerts fire only in the Alertmanager and Prometheus UIs, nobody is notified');
  });
});
