import { Construct } from 'constructs';
import {
  NodePool as NodePoolResource,
  NodePoolSpecDisruptionBudgetsReasons as Reason,
  NodePoolSpecDisruptionConsolidationPolicy as ConsolidationPolicy,
  NodePoolSpecLimits,
  NodePoolSpecTemplateSpecRequirementsOperator as Op,
  NodePoolSpecTemplateSpecTaintsEffect as TaintEffect,
} from '../../../imports/karpenter.sh';

/** A taint on the pool's nodes. */
export interface NodePoolTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule' | 'NoExecute' | 'PreferNoSchedule';
}

/** A disruption budget. */
export interface NodePoolBudget {
  readonly nodes: string;
  readonly schedule?: string;
  readonly duration?: string;
  readonly reasons?: readonly ('Underutilized' | 'Empty' | 'Drifted')[];
}

/** Props of {@link NodePool}. */
export interface NodePoolProps {
  readonly name: string;
  /** Name of the EC2NodeClass the pool launches with. */
  readonly nodeClassName: string;
  readonly instanceTypes: readonly string[];
  readonly capacityTypes: readonly string[];
  /** Labels on every node of the pool. */
  readonly labels: Readonly<Record<string, string>>;
  /** @default no taints */
  readonly taints?: readonly NodePoolTaint[];
  /** @default no weight (lowest priority) */
  readonly weight?: number;
  readonly limits: { readonly cpu: number; readonly memoryGiB: number; readonly gpus?: number };
  readonly consolidationPolicy: 'WhenEmpty' | 'WhenEmptyOrUnderutilized';
  readonly consolidateAfter: string;
  readonly budgets: readonly NodePoolBudget[];
  readonly expireAfter: string;
  /** Drain bound after which pods are deleted despite PDBs. @default none (waits forever) */
  readonly terminationGracePeriod?: string;
}

const effects: Record<NodePoolTaint['effect'], TaintEffect> = {
  NoSchedule: TaintEffect.NO_SCHEDULE,
  NoExecute: TaintEffect.NO_EXECUTE,
  PreferNoSchedule: TaintEffect.PREFER_NO_SCHEDULE,
};

/** A Karpenter v1 NodePool limited to explicit instance types (known before launch). */
export class NodePool extends Construct {
  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, id);
    const limits: Record<string, NodePoolSpecLimits> = {
      cpu: NodePoolSpecLimits.fromString(String(props.limits.cpu)),
      memory: NodePoolSpecLimits.fromString(`${props.limits.memoryGiB}Gi`),
    };
    if (props.limits.gpus !== undefined) limits['nvidia.com/gpu'] = NodePoolSpecLimits.fromString(String(props.limits.gpus));
    new NodePoolResource(this, 'Resource', {
      metadata: { name: props.name },
      spec: {
        weight: props.weight,
        limits,
        disruption: {
          consolidationPolicy: props.consolidationPolicy === 'WhenEmpty' ? ConsolidationPolicy.WHEN_EMPTY : ConsolidationPolicy.WHEN_EMPTY_OR_UNDERUTILIZED,
          consolidateAfter: props.consolidateAfter,
          budgets: props.budgets.map((b) => ({
            nodes: b.nodes,
            schedule: b.schedule,
            duration: b.duration,
            reasons: b.reasons?.map((r) => Reason[r.toUpperCase() as keyof typeof Reason]),
          })),
        },
        template: {
          metadata: { labels: { ...props.labels } },
          spec: {
            nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: props.nodeClassName },
            expireAfter: props.expireAfter,
            terminationGracePeriod: props.terminationGracePeriod,
            requirements: [
              { key: 'kubernetes.io/os', operator: Op.IN, values: ['linux'] },
              { key: 'kubernetes.io/arch', operator: Op.IN, values: ['amd64'] },
              { key: 'karpenter.sh/capacity-type', operator: Op.IN, values: [...props.capacityTypes] },
              { key: 'node.kubernetes.io/instance-type', operator: Op.IN, values: [...props.instanceTypes] },
            ],
            taints: props.taints?.map((t) => ({ key: t.key, value: t.value, effect: effects[t.effect] })),
          },
        },
      },
    });
  }
}
