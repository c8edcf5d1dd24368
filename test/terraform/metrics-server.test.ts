/**
 * metrics-server, the EKS community add-on behind metrics.k8s.io (the Knative Operator's CPU
 * HPAs read it): installed by terraform/eks.tf like the other add-ons, pinned to the system nodes
 * through the generated tfvars `system_pod_placement`, counted by the system capacity check, and
 * reachable (node security group rules; no NetworkPolicy or Kyverno webhook in kube-system).
 * terraform/ is read as data (hcl.ts); every config is a fixture.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { systemPlacement } from '../../src/charts/helm/placement';
import { systemNodePods } from '../../src/charts/helm/system-pods';
import { systemDemand } from '../../src/config/derived/system-capacity';
import { eksAddonPods } from '../../src/config/eks-addons';
import type { EnvironmentConfig } from '../../src/config/types';
import { terraformVars } from '../../src/terraform/tfvars';
import { tolerates, valuesOf } from '../charts/helm/releases';
import { fixtureEnvironment } from '../fixtures/environment';
import { docsOf, rendered } from '../support/rendered';
import { type Json, type TfFiles, blocks, loadTerraform } from './hcl';

let tf: TfFiles;
beforeAll(async () => {
  tf = await loadTerraform();
});

const ADDON = 'metrics-server';
const NAMESPACE = 'kube-system'; // "Community add-ons", Amazon EKS User Guide: the add-on's namespace

const addons = (): Record<string, Json> => blocks(tf, 'module').eks.addons;

/**
 * The JSON EKS receives as an add-on's configuration values for one environment: the add-on's
 * `jsonencode({ key = var.a.b ... })`, each value looked up in that environment's tfvars. Any
 * other expression is an error, so a changed configuration never passes by accident.
 */
function addonConfiguration(addon: Json, tfvars: Json): Record<string, unknown> {
  const body = /^\$\{jsonencode\(\{([\s\S]*)\}\)\}$/.exec(String(addon.configuration_values ?? ''));
  if (!body) throw new Error(`configuration_values is not jsonencode({ ... }): ${JSON.stringify(addon.configuration_values)}`);
  const lines = body[1].split('\n').map((l) => l.trim()).filter(Boolean);
  return Object.fromEntries(
    lines.map((line) => {
      const m = /^([A-Za-z]+)\s*=\s*var\.([A-Za-z0-9_.]+)$/.exec(line);
      if (!m) throw new Error(`cannot evaluate "${line}" from tfvars alone`);
      const value = m[2].split('.').reduce<Json>((v, k) => v?.[k], tfvars);
      if (value === undefined) throw new Error(`var.${m[2]} is not in tfvars`);
      return [m[1], value];
    }),
  );
}

/** The fixture with a system node group of two taints (one NoExecute) and labels of its own. */
const twoTaints = fixtureEnvironment((d) => {
  d.nodes.systemNodeGroup.labels = { 'example.com/pool': 'system', 'example.com/tier': 'control' };
  d.nodes.systemNodeGroup.taints = [
    { key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' },
    { key: 'example.com/dedicated', value: 'system', effect: 'NoExecute' },
  ];
});

describe('metrics-server EKS add-on (terraform/eks.tf)', () => {
  it('is installed under its EKS name, after the node groups, versioned like every other add-on', () => {
    const ms = addons()[ADDON];
    expect(ms, `module.eks.addons["${ADDON}"]`).toBeDefined();
    expect(ms.name).toBeUndefined(); // the map key is the EKS add-on name
    expect(ms.before_compute).toBeUndefined(); // its pods need nodes: created after the node groups
    // No add-on pins a version or turns most_recent off: the module resolves the most recent one
    // for the cluster's Kubernetes version (terraform-aws-eks main.tf, variables.tf@v21.15.1).
    for (const [name, a] of Object.entries(addons())) {
      expect([a.addon_version, a.most_recent], name).toEqual([undefined, undefined]);
    }
  });

  it('gets exactly the system nodes’ nodeSelector and tolerations, from the generated tfvars', () => {
    expect(Object.keys(addonConfiguration(addons()[ADDON], terraformVars(twoTaints)))).toEqual(['nodeSelector', 'tolerations']);
    expect(addonConfiguration(addons()[ADDON], terraformVars(twoTaints))).toEqual(systemPlacement(twoTaints));
    expect(blocks(tf, 'variable').system_pod_placement.type).toMatch(
      /^\$\{object\(\{\s*node_selector\s*=\s*map\(string\)\s*tolerations\s*=\s*list\(object\(\{ key = string, operator = string, effect = string \}\)\)\s*\}\)\}$/,
    );
  });

  it('tfvars system_pod_placement follows nodes.systemNodeGroup, in Kubernetes form (not the node group API’s)', () => {
    const vars = terraformVars(twoTaints) as Json;
    expect(vars.system_pod_placement).toEqual({
      node_selector: { 'example.com/pool': 'system', 'example.com/tier': 'control' },
      tolerations: [
        { key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'example.com/dedicated', operator: 'Exists', effect: 'NoExecute' },
      ],
    });
    // The node group itself gets the EKS API's effect names; the pods Kubernetes' own.
    expect(vars.system_node_group.taints.map((t: Json) => t.effect)).toEqual(['NO_SCHEDULE', 'NO_EXECUTE']);
    // The same placement as every platform controller chart (Kyverno's hook jobs take it whole).
    expect(vars.system_pod_placement.tolerations).toEqual(valuesOf(twoTaints, 'kyverno').global.tolerations);
    for (const taint of twoTaints.nodes.systemNodeGroup.taints) expect(tolerates(vars.system_pod_placement.tolerations, taint), taint.key).toBe(true);
  });

  it('is counted on the system nodes: two replicas of the chart’s 100m / 200Mi', () => {
    const pod = systemNodePods(twoTaints).find((p) => p.name === `eks/${ADDON}`);
    expect(pod).toEqual({ name: `eks/${ADDON}`, requests: { cpu: 0.1, memoryMiB: 200 }, replicas: 2, source: expect.stringContaining('metrics-server-helm-chart-3.13.1') });
    const without = (env: EnvironmentConfig) => systemNodePods(env).filter((p) => p !== pod);
    const [all, rest] = [systemDemand(systemNodePods(twoTaints)).pods, systemDemand(without(twoTaints)).pods];
    expect([all.cpu - rest.cpu, all.memoryMiB - rest.memoryMiB].map((x) => Number(x.toFixed(6)))).toEqual([0.2, 400]);
    expect(eksAddonPods.filter((p) => p.name === `eks/${ADDON}`)).toHaveLength(1);
  });

  it('the API server reaches it on 10251 and it reaches the kubelets: the module’s node security group rules stay on', () => {
    const eks = blocks(tf, 'module').eks;
    // ingress_cluster_10251_webhook is one of the recommended rules (node_groups.tf@v21.15.1),
    // created while these keep their defaults (true, variables.tf@v21.15.1).
    expect(eks.node_security_group_enable_recommended_rules).toBeUndefined();
    expect(eks.create_node_security_group).toBeUndefined();
    // Kubelets on 10250 from pod IPs on nodes of the same security group.
    expect(eks.node_security_group_additional_rules.ingress_self_all).toMatchObject({ type: 'ingress', protocol: '-1', self: true });
  });

  it('nothing rendered stands between the API server and it: no NetworkPolicy in kube-system, Kyverno’s webhooks skip it', () => {
    const policies = docsOf(rendered(twoTaints)).filter((d) => d.doc.kind === 'NetworkPolicy');
    expect(policies.length).toBeGreaterThan(0);
    expect(policies.filter((d) => d.doc.metadata.namespace === NAMESPACE).map((d) => d.file)).toEqual([]);
    const [skip] = valuesOf(twoTaints, 'kyverno').config.webhooks.namespaceSelector.matchExpressions;
    expect(skip).toMatchObject({ key: 'kubernetes.io/metadata.name', operator: 'NotIn' });
    expect(skip.values).toContain(NAMESPACE);
  });
});
