import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { BOTTLEROCKET_NODE_LABEL } from '../../src/charts/karpenter-nodes';
import type { EnvironmentConfig } from '../../src/config/types';
import { budgetReport } from '../../src/report';
import { budgetMarkdown } from '../../src/report/markdown';
import { renderEnvironment } from '../../src/synth/render';
import { fixtureEnvironment } from '../fixtures/environment';
import { bottlerocketFixture, reservedFixture } from '../fixtures/gpu-nodes';
import { docsOf } from '../support/rendered';
import { valuesOf } from './helm/releases';

/** One render per config object: the tests below ask each for several documents. */
const renders = new WeakMap<EnvironmentConfig, ReturnType<typeof docsOf>>();
const doc = (env: EnvironmentConfig, kind: string, name: string) => {
  if (!renders.has(env)) renders.set(env, docsOf(renderEnvironment(env)));
  return renders.get(env)!.find((d) => d.doc.kind === kind && d.doc.metadata.name === name)!.doc;
};

type Expr = { key: string; operator: string; values?: string[] };
/** Whether node labels satisfy required node affinity (terms ORed, expressions ANDed), as the scheduler decides. */
const schedulable = (affinity: any, labels: Record<string, string>): boolean =>
  affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.some((t: { matchExpressions: Expr[] }) =>
    t.matchExpressions.every((e) => (e.operator === 'In' ? e.values!.includes(labels[e.key]) : e.operator === 'NotIn' ? !e.values!.includes(labels[e.key]) : false)),
  );

describe('Bottlerocket GPU pools', () => {
  const env = bottlerocketFixture();
  const gpuLabels = env.nodes.gpuNodeLabels;

  it('labels every node of a Bottlerocket pool, and only those', () => {
    expect(doc(env, 'NodePool', 'gpu').spec.template.metadata.labels).toEqual({ ...gpuLabels, 'gpu-inference.io/pool': 'gpu', [BOTTLEROCKET_NODE_LABEL.key]: 'bottlerocket' });
    expect(doc(env, 'NodePool', 'a10g').spec.template.metadata.labels).toEqual({ ...gpuLabels, 'gpu-inference.io/pool': 'a10g' });
  });

  it('runs GFD alone on Bottlerocket GPU nodes (no second device plugin, no second NFD), and only where a pool needs it', () => {
    const gfd = valuesOf(env, 'nvidia-gfd-bottlerocket');
    expect([gfd.devicePlugin.enabled, gfd.gfd.enabled, gfd.nfd.enabled]).toEqual([false, true, false]);
    expect(schedulable(gfd.affinity, doc(env, 'NodePool', 'gpu').spec.template.metadata.labels)).toBe(true);
    expect(schedulable(gfd.affinity, doc(env, 'NodePool', 'a10g').spec.template.metadata.labels)).toBe(false);
    expect(gfd.tolerations).toEqual([{ key: env.nodes.gpuTaint.key, operator: 'Exists', effect: env.nodes.gpuTaint.effect }]);
    expect(() => valuesOf(fixtureEnvironment(), 'nvidia-gfd-bottlerocket')).toThrow();
  });

  it('keeps the device plugin (and the GFD of its release, which shares its affinity) off Bottlerocket GPU nodes, on AL2023 and NFD-found GPU nodes', () => {
    const affinity = valuesOf(env, 'nvidia-device-plugin').affinity;
    const bottlerocketNode = { ...doc(env, 'NodePool', 'gpu').spec.template.metadata.labels, 'feature.node.kubernetes.io/pci-10de.present': 'true' };
    expect(schedulable(affinity, bottlerocketNode)).toBe(false);
    expect(schedulable(affinity, doc(env, 'NodePool', 'a10g').spec.template.metadata.labels)).toBe(true);
    expect(schedulable(affinity, { 'feature.node.kubernetes.io/pci-10de.present': 'true' })).toBe(true);
  });

  it('runs DCGM exporter on Bottlerocket GPU nodes like on AL2023 ones', () => {
    const selector = valuesOf(env, 'dcgm-exporter').nodeSelector;
    for (const pool of ['gpu', 'a10g']) {
      const labels = doc(env, 'NodePool', pool).spec.template.metadata.labels;
      expect(Object.entries(selector).every(([k, v]) => labels[k] === v), pool).toBe(true);
    }
  });

  it('points AL2023 and Bottlerocket nodes at the same Dragonfly endpoint, with the registry itself as fallback', () => {
    const registry = env.cluster.registryHost;
    const endpoint = env.nodes.registryMirror.endpoint;
    const al2023 = doc(env, 'EC2NodeClass', 'al2023').spec.userData as string;
    const hosts = parseToml(al2023.split(`cat > /etc/containerd/certs.d/${registry}/hosts.toml <<'HOSTS_TOML'\n`)[1].split('\nHOSTS_TOML')[0]) as any;
    const bottlerocket = parseToml(doc(env, 'EC2NodeClass', 'bottlerocket').spec.userData) as any;
    const [mirror] = bottlerocket.settings['container-registry'].mirrors;
    // AL2023: the peer as the only host, the registry as `server` (tried when the host fails).
    expect([Object.keys(hosts.host), hosts.server]).toEqual([[endpoint], `https://${registry}`]);
    // Bottlerocket: the same peer first, then the same registry.
    expect(mirror).toEqual({ registry, endpoint: [endpoint, `https://${registry}`] });
  });
});

describe('capacity reservations', () => {
  const env = reservedFixture((d) => d.nodes.nodeClasses.reserved.capacityReservations.push({ tags: { team: 'ml' }, instanceType: 'g5.2xlarge', instances: 1 }));

  it('selects the reservations by id or by tags, and lets the weighted pool launch into them', () => {
    expect(doc(env, 'EC2NodeClass', 'reserved').spec.capacityReservationSelectorTerms).toEqual([{ id: 'cr-0123456789abcdef0' }, { tags: { team: 'ml' } }]);
    expect(doc(env, 'EC2NodeClass', 'al2023').spec.capacityReservationSelectorTerms).toBeUndefined();
    const pool = doc(env, 'NodePool', 'steady').spec;
    expect(pool.weight).toBe(50);
    expect(pool.template.spec.requirements.find((r: any) => r.key === 'karpenter.sh/capacity-type').values).toEqual(['reserved', 'on-demand']);
  });

  it('counts reservations as always paid: idle cost, always-on cost and the GPU spend ceiling', () => {
    // g5.xlarge $1.006/h x 2 + g5.2xlarge $1.212/h x 1 (catalogue on-demand prices).
    const paid = 2 * 1.006 + 1.212;
    const without = budgetReport(reservedFixture((d) => delete d.nodes.nodeClasses.reserved.capacityReservations));
    const r = budgetReport(env);
    expect(r.alwaysOn.reservations.map((c) => [c.name, c.instances, c.usdPerHour])).toEqual([
      ['cr-0123456789abcdef0', 2, 2 * 1.006],
      ['team=ml', 1, 1.212],
    ]);
    expect(r.alwaysOn.usdPerHour - without.alwaysOn.usdPerHour).toBeCloseTo(paid, 10);
    expect(r.idle.usdPerHour - without.idle.usdPerHour).toBeCloseTo(paid, 10);
    expect(r.gpuSpendCeilingUsdPerHour - without.gpuSpendCeilingUsdPerHour).toBeCloseTo(paid, 10);
    expect(budgetMarkdown(env)).toContain('| capacity reservation cr-0123456789abcdef0 | 2 | g5.xlarge | $1.0060 | $2.0120 |');
  });
});

describe('node repair', () => {
  const variants = new Map<string, EnvironmentConfig>();
  const repair = (enabled: boolean, maxRepairsPerPoolPerDay = 3) => {
    const key = `${enabled}/${maxRepairsPerPoolPerDay}`;
    if (!variants.has(key)) variants.set(key, bottlerocketFixture((d) => (d.nodes.repair = { enabled, maxRepairsPerPoolPerDay })));
    return variants.get(key)!;
  };
  const rules = (env: EnvironmentConfig) => doc(env, 'PrometheusRule', 'gpu-autoscaling').spec.groups.find((g: any) => g.name === 'node-repair');

  it('turns on Karpenter\'s NodeRepair gate from config and keeps ReservedCapacity on', () => {
    expect(valuesOf(repair(true), 'karpenter').settings.featureGates).toEqual({ nodeRepair: true, reservedCapacity: true });
    expect(valuesOf(repair(false), 'karpenter').settings.featureGates).toEqual({ nodeRepair: false, reservedCapacity: true });
  });

  it('alerts on every repair and on a pool repairing more often than the configured threshold, only with repair on', () => {
    const group = rules(repair(true, 4));
    expect(group.rules.map((r: any) => [r.alert, r.expr])).toEqual([
      ['NodeRepaired', 'sum by (nodepool, condition) (increase(karpenter_nodeclaims_unhealthy_disrupted_total[1h])) > 0'],
      ['NodePoolRepairingTooOften', 'sum by (nodepool) (increase(karpenter_nodeclaims_unhealthy_disrupted_total[24h])) > 4'],
    ]);
    expect(rules(repair(false))).toBeUndefined();
  });

  it('says in the budget report how long a broken GPU holds a workload', () => {
    expect(budgetMarkdown(repair(true))).toContain('stays False for **10 minutes**');
    expect(budgetMarkdown(repair(false))).toContain('Node repair is off (`nodes.repair.enabled`)');
  });
});
