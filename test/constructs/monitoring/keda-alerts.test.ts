import { describe, expect, it } from 'vitest';
import { environments } from '../../../src/config/environments';
import { gpuAutoscalingAlerts } from '../../../src/constructs/monitoring/gpu-autoscaling';
import { deadKedaSelectors, kedaSeries } from '../../support/keda-series';
import { docsOf, rendered } from '../../support/rendered';

const scaledObject = (name: string, triggers: object[]) => ({ kind: 'ScaledObject', metadata: { name, namespace: 'inference' }, spec: { triggers } });
const props = {
  workloadNamespace: 'inference',
  gpuTaintKey: 'nvidia.com/gpu',
  queueNotDrainingFor: '15m',
  gpuPodPendingFor: '10m',
  spotInterruptionsPerHour: 3,
  gpuPoolLimitRatio: 0.9,
};
const exprs = (names: string[]) => gpuAutoscalingAlerts({ ...props, queueTriggerNames: names })['gpu-autoscaling'].map((a) => a.expr);

describe('alerts on KEDA metrics select series the ScaledObjects produce', () => {
  const series = kedaSeries([scaledObject('worker', [{ type: 'prometheus', name: 'queue.depth' }, { type: 'cron', name: 'business-hours' }]), scaledObject('legacy', [{ type: 'prometheus' }])]);

  it('labels series by trigger name, or by scaler type for unnamed triggers', () => {
    expect(series.map((s) => s.scaler)).toEqual(['queue.depth', 'business-hours', 'prometheusScaler']);
  });

  it('catches a selector no series has (the KEDA 2.19 label of a named trigger is its name)', () => {
    expect(deadKedaSelectors('keda_scaler_metrics_value{namespace="inference",scaler="prometheusScaler"}', series.slice(0, 2))).toEqual([
      'keda_scaler_metrics_value{namespace="inference",scaler="prometheusScaler"}',
    ]);
  });

  it('QueueNotDraining selects exactly the queue triggers, never the cron baseline', () => {
    const queue = exprs(['queue.depth']).filter((e) => e.includes('min_over_time'));
    expect(queue).toHaveLength(1);
    expect(deadKedaSelectors(queue[0], series)).toEqual([]);
    expect(deadKedaSelectors(queue[0], series.filter((s) => s.scaler === 'business-hours'))).toHaveLength(2);
  });

  it('renders no queue alert without queue triggers', () => {
    expect(exprs([]).some((e) => e.includes('min_over_time'))).toBe(false);
  });

  it.each(Object.keys(environments))('%s: every keda_* selector of every rendered alert matches a rendered ScaledObject trigger', (name) => {
    const docs = docsOf(rendered(environments[name])).map((d) => d.doc);
    const live = kedaSeries(docs);
    const alertExprs = docs.filter((d) => d.kind === 'PrometheusRule').flatMap((d) => d.spec.groups.flatMap((g: { rules: { expr: string }[] }) => g.rules.map((r) => r.expr)));
    expect(alertExprs.flatMap((e: string) => deadKedaSelectors(e, live))).toEqual([]);
  });
});
