/**
 * The Alertmanager configuration file, as an External Secrets template (engine v2): the receiver's
 * webhook URL or routing key stays in AWS Secrets Manager and is filled in on the cluster. The
 * prometheus-operator reads the key `alertmanager.yaml` of the Alertmanager's `configSecret`.
 */

/** Where alerts go: a Slack incoming webhook or a PagerDuty Events API v2 integration. */
export type ReceiverKind = 'slack' | 'pagerduty';

/** The Secrets Manager property each kind needs. */
export const RECEIVER_SECRET_KEY: Record<ReceiverKind, string> = { slack: 'webhook-url', pagerduty: 'routing-key' };

/** The Secret key the operator reads (prometheus-operator Alertmanager `spec.configSecret`). */
export const ALERTMANAGER_CONFIG_KEY = 'alertmanager.yaml';

/** Alertmanager receiver configs (prometheus/alertmanager docs/configuration.md: slack_config, pagerduty_config). */
const RECEIVER: Record<ReceiverKind, string> = {
  slack: `    slack_configs:\n      - send_resolved: true\n        api_url: {{ index . "${RECEIVER_SECRET_KEY.slack}" | toJson }}`,
  pagerduty: `    pagerduty_configs:\n      - send_resolved: true\n        routing_key: {{ index . "${RECEIVER_SECRET_KEY.pagerduty}" | toJson }}`,
};

/**
 * Everything to the one receiver, grouped per alert and namespace; kube-prometheus-stack's
 * always-firing `Watchdog` (a dead-man's switch for an external monitor) goes nowhere.
 */
export function alertmanagerConfigTemplate(kind: ReceiverKind): string {
  return [
    'route:',
    '  receiver: platform',
    '  group_by: [alertname, namespace]',
    '  group_wait: 30s',
    '  group_interval: 5m',
    '  repeat_interval: 4h',
    '  routes:',
    '    - receiver: "null"',
    '      matchers: [alertname = "Watchdog"]',
    'receivers:',
    '  - name: "null"',
    '  - name: platform',
    RECEIVER[kind],
    '',
  ].join('\n');
}
