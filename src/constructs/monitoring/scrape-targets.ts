import { Construct } from 'constructs';
import { PodMonitor, ServiceMonitor } from '../../../imports/monitoring.coreos.com';

/** A label selector: exact labels, and optionally `key In [values]` / `key Exists`. */
export interface TargetSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: 'In' | 'Exists'; readonly values?: readonly string[] }[];
}

/** Props of {@link ScrapeTarget}. */
export interface ScrapeProps {
  /** ServiceMonitor (scrape a Service's endpoints) or PodMonitor (scrape pods directly). */
  readonly kind: 'service' | 'pod';
  readonly name: string;
  /** Namespace of the monitor object (where Prometheus discovers it). */
  readonly namespace: string;
  /** Namespace of the scraped Services or Pods. */
  readonly targetNamespace: string;
  readonly selector: TargetSelector;
  /** Named ports serving `/metrics`; a target without one of them is simply not scraped on it. */
  readonly ports: readonly string[];
  /** Labels the Prometheus instance selects monitors by (`release: kube-prometheus-stack`). */
  readonly prometheusLabels: Readonly<Record<string, string>>;
  /**
   * Keep the target's own `namespace` label (KEDA labels its metrics with the ScaledObject's
   * namespace; without this Prometheus renames it to `exported_namespace`). @default false
   */
  readonly honorLabels?: boolean;
}

function selector(s: TargetSelector) {
  return {
    ...(s.matchLabels ? { matchLabels: { ...s.matchLabels } } : {}),
    ...(s.matchExpressions ? { matchExpressions: s.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, ...(e.values ? { values: [...e.values] } : {}) })) } : {}),
  };
}

function endpoints(props: ScrapeProps) {
  return props.ports.map((port) => ({ port, path: '/metrics', ...(props.honorLabels ? { honorLabels: true } : {}) }));
}

/**
 * A ServiceMonitor (`kind: 'service'`) or PodMonitor (`kind: 'pod'`) carrying the label the
 * Prometheus instance selects.
 */
export class ScrapeTarget extends Construct {
  constructor(scope: Construct, id: string, props: ScrapeProps) {
    super(scope, id);
    const metadata = { name: props.name, namespace: props.namespace, labels: { ...props.prometheusLabels } };
    const common = { namespaceSelector: { matchNames: [props.targetNamespace] }, selector: selector(props.selector) };
    if (props.kind === 'service') new ServiceMonitor(this, 'Resource', { metadata, spec: { ...common, endpoints: endpoints(props) } });
    else new PodMonitor(this, 'Resource', { metadata, spec: { ...common, podMetricsEndpoints: endpoints(props) } });
  }
}
