import type { EnvironmentConfig } from '../types';

/**
 * `autoRepair` of a managed GPU node group when the config leaves it out (schema/common.ts):
 * on, since a GPU node that goes bad otherwise keeps its pods until someone replaces it.
 */
export const AUTO_REPAIR_DEFAULT = true;

/** Whether EKS node auto repair is on for a managed GPU node group, the default applied. */
export const autoRepairOf = (group: { readonly autoRepair?: boolean }): boolean => group.autoRepair ?? AUTO_REPAIR_DEFAULT;

/** A managed GPU node group Terraform creates, with whether EKS repairs its nodes. */
export interface ManagedGpuGroupRepair {
  /** The group's key in terraform/eks.tf and dra.tf: `baseline-gpu`, `dra-gpu`. */
  readonly group: string;
  /** Where it is configured, e.g. `nodes.baselineGpuNodeGroup.autoRepair`. */
  readonly field: string;
  readonly autoRepair: boolean;
}

/**
 * The managed GPU node groups that exist in the environment: the baseline group unless its
 * desiredSize is 0 (terraform/eks.tf leaves such a group out), and the DRA group with a DRA path.
 */
export function managedGpuGroupRepair(env: EnvironmentConfig): ManagedGpuGroupRepair[] {
  const out: ManagedGpuGroupRepair[] = [];
  const baseline = env.nodes.baselineGpuNodeGroup;
  if (baseline.desiredSize > 0) out.push({ group: 'baseline-gpu', field: 'nodes.baselineGpuNodeGroup.autoRepair', autoRepair: autoRepairOf(baseline) });
  if (env.dra) out.push({ group: 'dra-gpu', field: 'dra.nodeGroup.autoRepair', autoRepair: autoRepairOf(env.dra.nodeGroup) });
  return out;
}
