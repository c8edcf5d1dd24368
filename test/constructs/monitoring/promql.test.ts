import { describe, expect, it } from 'vitest';
import { KNOWN_METRICS } from '../../../src/constructs/monitoring/known-metrics';
import { assertKnownMetrics, metricNames } from '../../../src/constructs/monitoring/promql';

describe('metricNames', () => {
  it('finds the selected metrics and skips functions, aggregations, grouping labels, matchers and keywords', () => {
    expect(
      metricNames(
        'sum by (namespace, pod) (rate(foo_total{job="a", x=~"b|c"}[5m])) / on (pod) group_left (node) bar > 0 and changes(baz[15m] offset 1h) > 0 unless vector(0)',
      ),
    ).toEqual(['bar', 'baz', 'foo_total']);
    expect(metricNames('max by (nodepool) (karpenter_nodepools_usage{resource_type="nvidia.com/gpu"}) >= 0.9')).toEqual(['karpenter_nodepools_usage']);
    expect(metricNames('DCGM_FI_DEV_XID_ERRORS > 0')).toEqual(['DCGM_FI_DEV_XID_ERRORS']);
  });

  it('refuses metrics missing from the table, e.g. the removed keda_scaler_errors_total', () => {
    expect(() => assertKnownMetrics('rate(keda_scaler_errors_total[5m]) > 0', 'alert X')).toThrow(
      'alert X: unknown metric keda_scaler_errors_total; add it with its source to src/constructs/monitoring/known-metrics.ts after checking the pinned version',
    );
    expect(() => assertKnownMetrics('rate(keda_scaler_detail_errors_total[5m]) > 0', 'alert X')).not.toThrow();
  });

  it('cites a source for every known metric, and counters end in _total', () => {
    for (const [name, m] of Object.entries(KNOWN_METRICS)) {
      expect(m.source, name).toMatch(/\//);
      if (m.type === 'counter') expect(name).toMatch(/_total$/);
    }
  });
});
