import { Construct } from 'constructs';
import * as k8s from '../k8s';
import { assertKnownMetrics } from './promql';

/** One query of a panel. */
export interface PanelQuery {
  readonly expr: string;
  /** Grafana legend, e.g. `{{nodepool}}`. */
  readonly legend: string;
}

/** A time-series panel. */
export interface Panel {
  readonly title: string;
  /** Grafana unit id, e.g. `percent`, `decmbytes`, `short`. */
  readonly unit: string;
  readonly queries: readonly PanelQuery[];
}

/** Props of {@link GrafanaDashboard}. */
export interface GrafanaDashboardProps {
  /** ConfigMap name; the dashboard file is `<name>.json`. */
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly title: string;
  /** Auto-refresh, e.g. `30s`. */
  readonly refresh: string;
  readonly panels: readonly Panel[];
  /** Label (and value) the Grafana sidecar loads dashboards by. */
  readonly sidecarLabel: Readonly<Record<string, string>>;
}

const PANEL_WIDTH = 12;
const PANEL_HEIGHT = 8;

/** Grafana dashboard JSON of time-series panels, two per row, on a Prometheus datasource variable. */
export function dashboardJson(props: Pick<GrafanaDashboardProps, 'uid' | 'title' | 'refresh' | 'panels'>): Record<string, unknown> {
  const datasource = { type: 'prometheus', uid: '${datasource}' };
  return {
    uid: props.uid,
    title: props.title,
    tags: ['gpu', 'autoscaling'],
    editable: false,
    schemaVersion: 39,
    refresh: props.refresh,
    time: { from: 'now-6h', to: 'now' },
    templating: { list: [{ name: 'datasource', type: 'datasource', query: 'prometheus', label: 'Prometheus' }] },
    panels: props.panels.map((p, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: p.title,
      datasource,
      gridPos: { h: PANEL_HEIGHT, w: PANEL_WIDTH, x: (i % 2) * PANEL_WIDTH, y: Math.floor(i / 2) * PANEL_HEIGHT },
      fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
      targets: p.queries.map((q, j) => ({ refId: String.fromCharCode(65 + j), datasource, expr: q.expr, legendFormat: q.legend })),
    })),
  };
}

/**
 * A Grafana dashboard as a ConfigMap the Grafana sidecar picks up (kube-prometheus-stack
 * 82.10.4: grafana.sidecar.dashboards.label `grafana_dashboard`, labelValue "1", searchNamespace ALL).
 */
export class GrafanaDashboard extends Construct {
  constructor(scope: Construct, id: string, props: GrafanaDashboardProps) {
    super(scope, id);
    for (const p of props.panels) for (const q of p.queries) assertKnownMetrics(q.expr, `dashboard ${props.uid} panel "${p.title}"`);
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.sidecarLabel } },
      data: { [`${props.name}.json`]: `${JSON.stringify(dashboardJson(props), null, 2)}\n` },
    });
  }
}
