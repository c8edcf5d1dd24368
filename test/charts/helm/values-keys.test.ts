import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinKey, type KeyShape } from '../../../scripts/chart-keys';
import { buildHelmReleases } from '../../../src/charts/helm';
import { environments } from '../../../src/config/environments';
import { ROOT } from '../../support/rendered';

/**
 * Free-form maps and lists we set below a chart key whose default is empty: the chart passes
 * them through to a Kubernetes field (so their inner keys are Kubernetes', not the chart's).
 * Every entry says which field it feeds; anything else must exist in the pinned chart values.
 */
const FREE_FORM: Record<string, Record<string, string>> = {
  'nvidia-device-plugin': {
    tolerations: 'pod tolerations (core/v1 Toleration list)',
    affinity: 'pod affinity (core/v1 Affinity), default has NFD terms we replace',
    'nfd.worker.tolerations': 'NFD worker DaemonSet tolerations (core/v1 Toleration list)',
  },
  'dcgm-exporter': {
    tolerations: 'pod tolerations (core/v1 Toleration list)',
    nodeSelector: 'pod nodeSelector (map of labels)',
    'serviceMonitor.additionalLabels': 'ServiceMonitor metadata.labels (map)',
  },
  'knative-operator': {
    'knative_operator.knative_operator.tolerations': 'operator pod tolerations (core/v1 Toleration list)',
    'knative_operator.knative_operator.affinity': 'operator pod affinity (core/v1 Affinity)',
    'knative_operator.operator_webhook.tolerations': 'webhook pod tolerations (core/v1 Toleration list)',
  },
  dragonfly: {
    'manager.nodeSelector': 'pod nodeSelector (map of labels)',
    'manager.tolerations': 'pod tolerations (core/v1 Toleration list)',
    'scheduler.nodeSelector': 'pod nodeSelector (map of labels)',
    'scheduler.tolerations': 'pod tolerations (core/v1 Toleration list)',
    'seedClient.nodeSelector': 'pod nodeSelector (map of labels)',
    'seedClient.tolerations': 'pod tolerations (core/v1 Toleration list)',
    'client.tolerations': 'pod tolerations (core/v1 Toleration list)',
  },
};

/** Every path we set, down to leaves; stops at free-form prefixes. */
function valuePaths(v: unknown, prefix: string, freeForm: Record<string, string>, out: string[]): void {
  if (prefix && (freeForm[prefix] !== undefined || v === null || typeof v !== 'object' || (Array.isArray(v) && v.length === 0))) {
    out.push(prefix);
    return;
  }
  if (Array.isArray(v)) v.forEach((item) => valuePaths(item, `${prefix}[]`, freeForm, out));
  else for (const [k, child] of Object.entries(v as object)) valuePaths(child, joinKey(prefix, k), freeForm, out);
}

function chartKeys(chart: string, version: string): Record<string, KeyShape> {
  const file = path.join(ROOT, 'imports/chart-values', `${chart}-${version}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')).keys;
}

/** Problems of one release's values against its chart's key paths. */
export function unknownKeys(values: object, keys: Record<string, KeyShape>, freeForm: Record<string, string>): string[] {
  const paths: string[] = [];
  valuePaths(values, '', freeForm, paths);
  return paths.flatMap((p) => {
    if (!(p in keys)) return [`${p}: not a key of the pinned chart`];
    if (freeForm[p] !== undefined && !['empty-map', 'list', 'null', 'map'].includes(keys[p])) return [`${p}: allowed as free-form but the chart default is a ${keys[p]}`];
    return [];
  });
}

describe('Helm values keys exist in the pinned charts', () => {
  for (const env of Object.values(environments)) {
    for (const release of buildHelmReleases(env)) {
      it(`${env.name}/${release.app}`, () => {
        const keys = chartKeys(release.chart.chart, release.chart.version);
        expect(unknownKeys(release.values, keys, FREE_FORM[release.app] ?? {})).toEqual([]);
      });
    }
  }

  it('catches keys the chart does not have (Karpenter replicaCount, Kyverno validationFailureAction)', () => {
    expect(unknownKeys({ replicaCount: 2, replicas: 2 }, chartKeys('karpenter', '1.9.0'), {})).toEqual(['replicaCount: not a key of the pinned chart']);
    expect(unknownKeys({ config: { validationFailureAction: 'Enforce' } }, chartKeys('kyverno', '3.7.2'), {})).toEqual([
      'config.validationFailureAction: not a key of the pinned chart',
    ]);
    expect(unknownKeys({ opencost: { exporter: { clusterId: 'x', defaultClusterId: 'x' } } }, chartKeys('opencost', '2.5.14'), {})).toEqual([
      'opencost.exporter.clusterId: not a key of the pinned chart',
    ]);
  });

  it('catches a free-form allowance on a key the chart does not have', () => {
    expect(unknownKeys({ podLabelz: { a: 'b' } }, chartKeys('dcgm-exporter', '4.8.2'), { podLabelz: 'typo' })).toEqual(['podLabelz: not a key of the pinned chart']);
  });
});
