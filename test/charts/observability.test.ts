import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { fixtureEnvironment } from '../fixtures/environment';
import { durationSeconds } from '../../src/config/durations';
import { KNOWN_METRICS, isKnownMetric } from '../../src/constructs/monitoring/known-metrics';
import { metricNames } from '../../src/constructs/monitoring/promql';
import { renderEnvironment } from '../../src/synth/render';
import { docsOf, rendered, withOverride } from '../support/rendered';

/** Any registered environment: the assertions compare the output with its own config. */
const first = fixtureEnvironment();
const docs = (env = first) => docsOf(rendered(env)).map((d) => d.doc);
const ofKind = (kind: string, env = first) => docs(env).filter((d) => d.kind === kind);
const rules = (env = first) => ofKind('PrometheusRule', env).flatMap((r) => r.spec.groups.flatMap((g: any) => g.rules));
const rule = (alert: string, env = first) => rules(env).find((r: any) => r.alert === alert);
const dashboard = (env = first) => {
  const cm = ofKind('ConfigMap', env).find((c) => c.metadata.name === 'gpu-autoscaling-dashboard')!;
  return { cm, json: JSON.parse(Object.values(cm.data)[0] as string) };
};
const COUNTERS = Object.entries(KNOWN_METRICS).filter(([, m]) => m.type === 'counter').map(([n]) => n);

describe('observability chart', () => {
  it('labels every monitor and rule with the label the Prometheus instance selects', () => {
    for (const kind of ['ServiceMonitor', 'PodMonitor', 'PrometheusRule']) {
      for (const d of ofKind(kind)) expect(d.metadata.labels.release, `${kind} ${d.metadata.name}`).toBe('kube-prometheus-stack');
    }
  });

  it('scrapes Karpenter, KEDA, Dragonfly, OpenCost and the inference pods, and leaves DCGM to its chart', () => {
    const monitors = Object.fromEntries([...ofKind('ServiceMonitor'), ...ofKind('PodMonitor')].map((m) => [m.metadata.name, m.spec]));
    expect(Object.keys(monitors).sort()).toEqual(['dragonfly', 'inference-workloads', 'karpenter', 'keda-operator', 'opencost']);
    expect(monitors.karpenter).toMatchObject({ namespaceSelector: { matchNames: ['karpenter'] }, endpoints: [{ port: 'http-metrics' }] });
    expect(monitors['keda-operator']).toMatchObject({ namespaceSelector: { matchNames: ['keda'] }, endpoints: [{ port: 'metrics', honorLabels: true }] });
    expect(monitors['inference-workloads']).toMatchObject({
      namespaceSelector: { matchNames: ['inference'] },
      selector: { matchExpressions: [{ key: 'gpu-inference.io/workload', operator: 'Exists' }] },
    });
    expect(monitors['inference-workloads'].podMetricsEndpoints.map((e: any) => e.port)).toContain('metrics');
  });

  it('alerts only on metrics of the known-metrics table', () => {
    const exprs = [...rules().map((r: any) => r.expr), ...dashboard().json.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr))];
    expect(exprs.length).toBeGreaterThan(10);
    for (const expr of exprs) {
      const names = metricNames(expr);
      expect(names.length, expr).toBeGreaterThan(0);
      expect(names.filter((n) => !isKnownMetric(n)), expr).toEqual([]);
    }
  });

  it('covers the scaling lifecycle', () => {
    expect(rules().map((r: any) => r.alert).sort()).toEqual([
      'GpuNodePoolAtLimit',
      'GpuNodeWithoutGpus',
      'GpuPodPendingTooLong',
      'GpuXidError',
      'KedaScaledObjectErrors',
      'KedaScalerErrors',
      'NodePoolRepairingTooOften',
      'NodeProvisioningFailing',
      'NodeRepaired',
      'QueueNotDraining',
      'SpotInterruptionsHigh',
    ]);
  });

  it('gives every rule a for:, a severity and sane windows; counters only through rate() or increase()', () => {
    for (const env of Object.values(environments)) {
      for (const r of rules(env)) {
        expect(durationSeconds(r.for), `${r.alert} for`).toBeGreaterThanOrEqual(60);
        expect(['warning', 'critical']).toContain(r.labels.severity);
        expect(r.annotations.summary && r.annotations.description, r.alert).toBeTruthy();
        for (const [, window] of r.expr.matchAll(/\[(\w+)\]/g)) expect(durationSeconds(window), `${r.alert} [${window}]`).toBeGreaterThanOrEqual(300);
        for (const counter of COUNTERS.filter((c) => r.expr.includes(c))) {
          const uses = [...r.expr.matchAll(new RegExp(`(\\w*)\\(${counter}\\b`, 'g'))].map((m) => m[1]);
          expect(uses.length, `${r.alert}: ${counter} used bare`).toBe(r.expr.split(counter).length - 1);
          for (const fn of uses) expect(['rate', 'increase'], `${r.alert}: ${fn}(${counter})`).toContain(fn);
        }
      }
    }
  });

  it('never alerts on the XID gauge being non-zero alone (it keeps the last XID forever)', () => {
    expect(rule('GpuXidError').expr).toMatch(/changes\(DCGM_FI_DEV_XID_ERRORS\[\w+\]\) > 0/);
  });

  it('takes thresholds from config, in consistent units', () => {
    expect(rule('GpuPodPendingTooLong').for).toBe(first.platform.alerts.gpuPodPendingFor);
    expect(rule('SpotInterruptionsHigh').expr).toMatch(/increase\([^)]*\[1h\]\)\) > 3$/);
    expect(rule('GpuNodePoolAtLimit').expr).toMatch(/>= 0\.9$/);
    expect(rule('GpuNodePoolAtLimit').expr).toContain('resource_type="nvidia.com/gpu"');
    expect(rule('GpuPodPendingTooLong').expr).toContain('resource="nvidia_com_gpu"');
    const env = withOverride(first, (d) => {
      d.platform.alerts.gpuPodPendingFor = '20m';
      d.platform.alerts.gpuPoolLimitRatio = 1;
    });
    const changed = docsOf(renderEnvironment(env)).flatMap((d) => (d.doc.kind === 'PrometheusRule' ? d.doc.spec.groups[0].rules : []));
    expect(changed.find((r: any) => r.alert === 'GpuPodPendingTooLong').for).toBe('20m');
    expect(changed.find((r: any) => r.alert === 'GpuNodePoolAtLimit').expr).toMatch(/>= 1$/);
  });

  it('ships the GPU autoscaling dashboard as a ConfigMap the Grafana sidecar loads', () => {
    const { cm, json } = dashboard();
    expect(cm.metadata.namespace).toBe('monitoring');
    expect(cm.metadata.labels.grafana_dashboard).toBe('1');
    expect(json.refresh).toBe(first.platform.dashboard.refresh);
    expect(json.panels.map((p: any) => p.title)).toEqual(
      expect.arrayContaining(['GPU utilisation', 'GPUs per node pool vs limit', 'Queue depth (KEDA metric value)', 'Pending GPU pods', 'Spot interruptions (per hour)']),
    );
    expect(new Set(json.panels.map((p: any) => p.id)).size).toBe(json.panels.length);
  });
});
