/**
 * EKS node auto repair of the managed GPU node groups (`nodes.baselineGpuNodeGroup.autoRepair`,
 * `dra.nodeGroup.autoRepair`), from config through the generated tfvars to the module input
 * `node_repair_config` in terraform/, and what the budget report says about it. Fixtures only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTO_REPAIR_DEFAULT } from '../../src/config/derived/node-repair';
import { validateEnvironment } from '../../src/config/validate';
import { budgetMarkdown } from '../../src/report';
import { terraformVars } from '../../src/terraform/tfvars';
import { draFixture } from '../fixtures/dra';
import { fixtureEnvironment } from '../fixtures/environment';
import { type TfFiles, blocks, loadTerraform, locals } from './hcl';

let tf: TfFiles;
beforeAll(async () => {
  tf = await loadTerraform();
});

/** The fixture with a running baseline GPU group (the plain fixture has none) and a DRA path. */
const withGroups = (patch: (d: any) => void = () => undefined) =>
  draFixture((d) => {
    Object.assign(d.nodes.baselineGpuNodeGroup, { desiredSize: 1, minSize: 1, maxSize: 1 });
    patch(d);
  });

const vars = (env: ReturnType<typeof withGroups>) => terraformVars(env) as any;

describe('EKS node auto repair of the managed GPU node groups', () => {
  it('reaches the generated tfvars of both groups as configured', () => {
    const on = vars(withGroups((d) => ((d.nodes.baselineGpuNodeGroup.autoRepair = true), (d.dra.nodeGroup.autoRepair = true))));
    expect([on.baseline_gpu_node_group.auto_repair, on.dra_node_group.auto_repair]).toEqual([true, true]);
    const off = vars(withGroups((d) => ((d.nodes.baselineGpuNodeGroup.autoRepair = false), (d.dra.nodeGroup.autoRepair = false))));
    expect([off.baseline_gpu_node_group.auto_repair, off.dra_node_group.auto_repair]).toEqual([false, false]);
    // Each group its own switch.
    const mixed = vars(withGroups((d) => ((d.nodes.baselineGpuNodeGroup.autoRepair = false), (d.dra.nodeGroup.autoRepair = true))));
    expect([mixed.baseline_gpu_node_group.auto_repair, mixed.dra_node_group.auto_repair]).toEqual([false, true]);
  });

  it('is on when the config leaves it out (the schema default), and valid either way', () => {
    expect(AUTO_REPAIR_DEFAULT).toBe(true);
    const unset = withGroups((d) => {
      delete d.nodes.baselineGpuNodeGroup.autoRepair;
      delete d.dra.nodeGroup.autoRepair;
    });
    expect(validateEnvironment(unset)).toEqual([]);
    expect([vars(unset).baseline_gpu_node_group.auto_repair, vars(unset).dra_node_group.auto_repair]).toEqual([true, true]);
    // Present as false even while the baseline group is left out (desiredSize 0): every variable is always generated.
    const none = terraformVars(fixtureEnvironment((d) => (d.nodes.baselineGpuNodeGroup.autoRepair = false))) as any;
    expect(none.baseline_gpu_node_group.auto_repair).toBe(false);
    expect(none.system_node_group).not.toHaveProperty('auto_repair');
  });

  it('refuses a non-boolean on either group and the switch on the system group, naming the path', () => {
    const bad = withGroups((d) => {
      d.nodes.baselineGpuNodeGroup.autoRepair = 'yes';
      d.dra.nodeGroup.autoRepair = 1;
      d.nodes.systemNodeGroup.autoRepair = true;
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.nodes.systemNodeGroup.autoRepair', message: 'unknown key "autoRepair": remove it (known keys: instanceType, desiredSize, minSize, maxSize, labels, taints, rootVolumeGiB)' },
      { path: 'fixture.nodes.baselineGpuNodeGroup.autoRepair', message: '"yes" must be a boolean' },
      { path: 'fixture.dra.nodeGroup.autoRepair', message: '1 must be a boolean' },
    ]);
  });

  it('Terraform passes it to both groups as the module input node_repair_config, and to no other group', () => {
    const groups = locals(tf).node_groups;
    expect(groups['baseline-gpu'].node_repair_config).toEqual({ enabled: '${var.baseline_gpu_node_group.auto_repair}' });
    expect(groups.system.node_repair_config).toBeUndefined();
    // dra_node_groups is one conditional expression: the parser keeps it as text.
    const dra = String(locals(tf).dra_node_groups);
    expect(dra).toMatch(/\bnode_repair_config\s*=\s*\{\s*enabled\s*=\s*var\.dra_node_group\.auto_repair\s*\}/);
    expect(dra.match(/node_repair_config\s*=/g)).toHaveLength(1);
    // Both groups reach the module through the one merged map.
    expect(blocks(tf, 'module').eks.eks_managed_node_groups).toContain('merge(local.node_groups, local.dra_node_groups)');
    // Declared as bool on both variables, which the generated tfvars must set.
    const v = blocks(tf, 'variable');
    expect(v.baseline_gpu_node_group.type).toMatch(/\bauto_repair\s*=\s*bool\b/);
    expect(v.dra_node_group.type).toMatch(/\bauto_repair\s*=\s*bool\b/);
    expect(v.system_node_group.type).not.toMatch(/auto_repair/);
  });

  it('the budget report says which managed group EKS repairs and which it does not', () => {
    const mixed = budgetMarkdown(withGroups((d) => ((d.nodes.baselineGpuNodeGroup.autoRepair = true), (d.dra.nodeGroup.autoRepair = false))));
    expect(mixed).toContain(
      "Managed node group `baseline-gpu` is not Karpenter's: EKS node auto repair (`nodes.baselineGpuNodeGroup.autoRepair`) replaces or reboots a node whose " +
        '`AcceleratedHardwareReady` stays False for **10 minutes**, unless the group has more than 5 nodes and more than 20% of them are unhealthy.',
    );
    expect(mixed).toContain(
      "Managed node group `dra-gpu` is not Karpenter's and its EKS node auto repair is off (`dra.nodeGroup.autoRepair`): a node whose GPU fails keeps its pods until someone replaces it.",
    );
    // No baseline nodes (desiredSize 0) and no DRA path: no managed GPU group to speak of.
    expect(budgetMarkdown(fixtureEnvironment())).not.toContain('Managed node group');
  });
});
