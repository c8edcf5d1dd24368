/**
 * Timing facts behind cold-start budgets, each marked measured (with where) or modelled
 * (an assumption stated here, to be replaced by a measurement of your own).
 */
export interface Fact {
  readonly value: number;
  readonly unit: string;
  readonly kind: 'measured' | 'modelled';
  readonly source: string;
}

/**
 * The benchmark of the article "Production-Ready GPU Inference Autoscaling on EKS with Karpenter,
 * KEDA, and Dragonfly" (companion repository https://github.com/Tazmainiandevil/eks-gpu-inference-autoscaling).
 */
const BENCHMARK = 'article benchmark (Production-Ready GPU Inference Autoscaling on EKS): EKS 1.35, g4dn.xlarge spot, eu-west-2, 130 MB stub image';

export const facts = {
  nodeReady: { value: 37, unit: 's', kind: 'measured', source: `${BENCHMARK}: queue push -> node Ready (EC2 launch, AL2023 boot, device plugin)` },
  registryPullSmallImage: { value: 47, unit: 's', kind: 'measured', source: `${BENCHMARK}: ECR pull of the 130 MB image on a cold node` },
  measuredImageMiB: { value: 124, unit: 'MiB', kind: 'measured', source: `${BENCHMARK}: image size (130 MB = 124 MiB)` },
  coldStartTotal: { value: 84, unit: 's', kind: 'measured', source: `${BENCHMARK}: queue push -> pods serving, cold` },
  warmStartTotal: { value: 7, unit: 's', kind: 'measured', source: `${BENCHMARK}: queue push -> pods serving, warm node and Dragonfly cache` },
  scaleToZeroMin: { value: 285, unit: 's', kind: 'measured', source: `${BENCHMARK}: scale-to-zero observed (cooldownPeriod 300)` },
  scaleToZeroMax: { value: 307, unit: 's', kind: 'measured', source: `${BENCHMARK}: scale-to-zero observed (cooldownPeriod 300)` },
  registryThroughput: { value: 60, unit: 'MiB/s', kind: 'modelled', source: 'assumed ECR pull throughput through VPC endpoints for large layers (containerd, 3 parallel layers)' },
  p2pThroughput: { value: 250, unit: 'MiB/s', kind: 'modelled', source: 'assumed Dragonfly peer throughput inside one AZ when a peer already holds the layers' },
  p2pOverhead: { value: 3, unit: 's', kind: 'modelled', source: 'assumed mirror resolve + scheduling overhead (the article: warm pull under 5 s)' },
  knativeActivation: { value: 2, unit: 's', kind: 'modelled', source: 'activator -> autoscaler poke; scale-from-zero decision is immediate, not windowed' },
} as const satisfies Record<string, Fact>;
