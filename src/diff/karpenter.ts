/**
 * What Karpenter 1.9 does when a NodePool or EC2NodeClass changes: which changes make existing
 * nodes drift (and so get replaced), and how fast its disruption budgets let that happen.
 *
 * Sources, at the pinned tags (Karpenter 1.9.0: aws/karpenter-provider-aws v1.9.0 requires
 * sigs.k8s.io/karpenter v1.9.0):
 * - kubernetes-sigs/karpenter pkg/apis/v1/nodepool.go@v1.9.0: `NodePool.Hash()` hashes
 *   `spec.template` only, and `NodeClaimTemplateSpec.Requirements` is `hash:"ignore"`; so
 *   `spec.limits`, `spec.weight` and `spec.disruption` never cause drift.
 * - kubernetes-sigs/karpenter pkg/controllers/nodeclaim/disruption/drift.go@v1.9.0:
 *   `areStaticFieldsDrifted` (NodePool hash differs: every node of the pool) and
 *   `areRequirementsDrifted` (a node whose labels no longer satisfy the requirements).
 * - aws/karpenter-provider-aws pkg/apis/v1/ec2nodeclass.go@v1.9.0: `EC2NodeClass.Hash()`
 *   hashes `spec` except the `hash:"ignore"` fields subnetSelectorTerms,
 *   securityGroupSelectorTerms, capacityReservationSelectorTerms, ipPrefixCount,
 *   amiSelectorTerms and amiFamily (hashed as the family it resolves to).
 * - aws/karpenter-provider-aws pkg/cloudprovider/drift.go@v1.9.0: AMIDrift (a node's AMI is no
 *   longer among those the terms select), SubnetDrift, SecurityGroupDrift,
 *   CapacityReservationDrift, NodeClassDrift (the hash).
 * - kubernetes-sigs/karpenter pkg/apis/v1/nodepool.go@v1.9.0: `GetAllowedDisruptionsByReason`
 *   takes the smallest active budget whose `reasons` include the reason (or have none);
 *   `GetAllowedDisruptions` rounds a percentage up; the default budget is `nodes: 10%`.
 * - kubernetes-sigs/karpenter pkg/controllers/provisioning/scheduling/nodeclaimtemplate.go@v1.9.0:
 *   NodeClaims are owned by their NodePool (ownerReference), so deleting a pool deletes its nodes.
 */
import { instanceTypes } from '../config/instances';
import { limitAmounts, nodesWithin } from '../report/ceiling';
import type { FieldChange } from './fields';

const NODEPOOL_NOT_DRIFT = ['spec.limits', 'spec.weight', 'spec.disruption', 'spec.replicas'];
const REQUIREMENTS = 'spec.template.spec.requirements';

/** EC2NodeClass fields outside the hash, and what each does instead. */
const NODECLASS_DYNAMIC: Record<string, string> = {
  'spec.amiSelectorTerms': 'nodes not running an AMI the new terms select are replaced (AMIDrift; with a pinned alias: every node)',
  'spec.subnetSelectorTerms': 'nodes in a subnet the new terms no longer select are replaced (SubnetDrift)',
  'spec.securityGroupSelectorTerms': 'nodes whose security groups differ from the ones the new terms select are replaced (SecurityGroupDrift)',
  'spec.capacityReservationSelectorTerms': 'nodes in a capacity reservation no longer selected are replaced (CapacityReservationDrift)',
  'spec.ipPrefixCount': 'no drift (not hashed); new nodes only',
  'spec.amiFamily': 'no drift unless the family the AMI resolves to changes (hashed as resolved)',
};

const under = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

/** Kubernetes quantity -> number (cpu cores, memory GiB, counts). */
export function quantity(q: unknown, unit: 'count' | 'GiB' = 'count'): number | undefined {
  if (q === undefined || q === null) return undefined;
  const m = /^(\d+(?:\.\d+)?)(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/.exec(String(q));
  if (!m) return undefined;
  const n = Number(m[1]);
  const bytes: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  if (m[2] === 'm') return n / 1000;
  if (unit === 'GiB') return (n * (m[2] ? bytes[m[2]] : 1)) / 2 ** 30;
  return m[2] ? n * bytes[m[2]] : n;
}

interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

const requirementsOf = (pool: any): Requirement[] => pool?.spec?.template?.spec?.requirements ?? [];

/** The most nodes a pool can hold within its limits, over its allowed instance types in the catalogue. */
export function maxNodes(pool: any): number | undefined {
  const types = requirementsOf(pool).find((r) => r.key === 'node.kubernetes.io/instance-type' && r.operator === 'In')?.values ?? [];
  const known = types.map((t) => instanceTypes[t]).filter(Boolean);
  const l = pool?.spec?.limits ?? {};
  const cpu = quantity(l.cpu);
  const memoryGiB = quantity(l.memory, 'GiB');
  if (known.length === 0 || known.length !== types.length || cpu === undefined || memoryGiB === undefined) return undefined;
  const n = Math.max(...known.map((t) => nodesWithin(t, limitAmounts({ gpus: quantity(l['nvidia.com/gpu']), cpu, memoryGiB }))));
  return Number.isFinite(n) ? n : undefined;
}

interface Budget {
  readonly nodes: string;
  readonly schedule?: string;
  readonly duration?: string;
  readonly reasons?: readonly string[];
}

const allowed = (nodes: string, total: number): number => (nodes.endsWith('%') ? Math.ceil((Number(nodes.slice(0, -1)) * total) / 100) : Number(nodes));

/** How many of a pool's nodes Karpenter replaces at once for drift, in words. */
export function drainPace(pool: any): string {
  const budgets: Budget[] = pool?.spec?.disruption?.budgets ?? [{ nodes: '10%' }];
  const drift = budgets.filter((b) => !b.reasons || b.reasons.includes('Drifted'));
  const always = drift.filter((b) => !b.schedule);
  const scheduled = drift.filter((b) => b.schedule);
  const max = maxNodes(pool);
  const parts: string[] = [];
  if (always.length === 0) parts.push('no budget limits it (all nodes at once)');
  else if (always.some((b) => b.nodes === '0')) parts.push('never: a budget of 0 nodes blocks drift replacement');
  else {
    const limits = always.map((b) => (b.nodes.endsWith('%') ? `${b.nodes} of its nodes` : `${b.nodes} node${b.nodes === '1' ? '' : 's'}`));
    const at = max === undefined ? '' : ` (${Math.max(1, Math.min(...always.map((b) => allowed(b.nodes, max))))} of up to ${max} nodes within its limits)`;
    parts.push(`at most ${limits.join(' and ')} at a time${at}`);
  }
  for (const b of scheduled) {
    parts.push(b.nodes === '0' ? `none while \`${b.schedule}\` (for ${b.duration}) is active` : `at most ${b.nodes} while \`${b.schedule}\` (for ${b.duration}) is active`);
  }
  return parts.join('; ');
}

/** Which NodePool changes cause drift, and of which nodes. */
export function nodePoolDrift(before: any, after: any, fields: readonly FieldChange[]): { replaces: 'all' | 'some' | 'none'; why: string } {
  const statics = fields.filter((f) => under(f.path, 'spec.template') && !under(f.path, REQUIREMENTS)).map((f) => f.path);
  if (statics.length > 0) return { replaces: 'all', why: `NodePool hash changed: ${statics.slice(0, 3).join(', ')}${statics.length > 3 ? `, +${statics.length - 3} more` : ''}` };
  if (!fields.some((f) => under(f.path, REQUIREMENTS))) {
    const what = [...new Set(fields.map((f) => NODEPOOL_NOT_DRIFT.find((p) => under(f.path, p))).filter(Boolean))];
    return { replaces: 'none', why: what.length ? `${what.join(', ')} ${what.length === 1 ? 'is' : 'are'} not hashed` : 'no template change' };
  }
  // Requirements: nodes drift when their labels no longer satisfy the new requirements.
  const old = new Map(requirementsOf(before).map((r) => [r.key, r]));
  const now = new Map(requirementsOf(after).map((r) => [r.key, r]));
  const narrowed: string[] = [];
  for (const [key, r] of now) {
    const o = old.get(key);
    if (!o) narrowed.push(`new requirement ${key} ${r.operator} ${(r.values ?? []).join(', ')}`);
    else if (o.operator !== r.operator) narrowed.push(`${key} ${o.operator} -> ${r.operator}`);
    else if (r.operator === 'In') {
      const gone = (o.values ?? []).filter((v) => !(r.values ?? []).includes(v));
      if (gone.length) narrowed.push(`${key} no longer allows ${gone.join(', ')}`);
    } else if (r.operator === 'NotIn') {
      const added = (r.values ?? []).filter((v) => !(o.values ?? []).includes(v));
      if (added.length) narrowed.push(`${key} now excludes ${added.join(', ')}`);
    }
  }
  if (narrowed.length === 0) return { replaces: 'none', why: 'requirements only widened (requirements are not hashed; nodes that still satisfy them stay)' };
  return { replaces: 'some', why: `RequirementsDrifted: ${narrowed.join('; ')}` };
}

/** EC2NodeClass changes: hash drift, or the dynamic drift of each selector field. */
export function nodeClassDrift(fields: readonly FieldChange[]): { replaces: 'all' | 'some' | 'none'; why: string } {
  const dynamic = Object.keys(NODECLASS_DYNAMIC).filter((p) => fields.some((f) => under(f.path, p)));
  const statics = fields.filter((f) => under(f.path, 'spec') && !dynamic.some((p) => under(f.path, p))).map((f) => f.path);
  if (statics.length > 0) return { replaces: 'all', why: `EC2NodeClass hash changed (NodeClassDrift): ${statics.slice(0, 3).join(', ')}${statics.length > 3 ? `, +${statics.length - 3} more` : ''}` };
  if (dynamic.includes('spec.amiSelectorTerms')) return { replaces: 'all', why: NODECLASS_DYNAMIC['spec.amiSelectorTerms'] };
  const some = dynamic.filter((p) => !NODECLASS_DYNAMIC[p].startsWith('no drift'));
  if (some.length) return { replaces: 'some', why: some.map((p) => NODECLASS_DYNAMIC[p]).join('; ') };
  return { replaces: 'none', why: dynamic.length ? dynamic.map((p) => `${p.slice(5)}: ${NODECLASS_DYNAMIC[p]}`).join('; ') : 'no spec change' };
}
