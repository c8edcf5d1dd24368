import { Construct } from 'constructs';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../../imports/monitoring.coreos.com';
import { assertKnownMetrics } from './promql';

/** One alert. */
export interface Alert {
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold before it fires (required: no alert fires on one sample). */
  readonly for: string;
  readonly severity: 'warning' | 'critical';
  readonly summary: string;
  readonly description: string;
}

/** Props of {@link AlertRules}. */
export interface AlertRulesProps {
  readonly name: string;
  readonly namespace: string;
  /** Labels the Prometheus instance selects rules by (`release: kube-prometheus-stack`). */
  readonly prometheusLabels: Readonly<Record<string, string>>;
  /** Rule groups by name. */
  readonly groups: Readonly<Record<string, readonly Alert[]>>;
}

/** A PrometheusRule whose expressions use only metrics of KNOWN_METRICS. */
export class AlertRules extends Construct {
  constructor(scope: Construct, id: string, props: AlertRulesProps) {
    super(scope, id);
    for (const alerts of Object.values(props.groups)) for (const a of alerts) assertKnownMetrics(a.expr, `alert ${a.alert}`);
    new PrometheusRule(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.prometheusLabels } },
      spec: {
        groups: Object.entries(props.groups).map(([name, alerts]) => ({
          name,
          rules: alerts.map((a) => ({
            alert: a.alert,
            expr: PrometheusRuleSpecGroupsRulesExpr.fromString(a.expr),
            for: a.for,
            labels: { severity: a.severity },
            annotations: { summary: a.summary, description: a.description },
          })),
        })),
      },
    });
  }
}
