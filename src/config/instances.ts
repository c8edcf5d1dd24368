/**
 * Instance catalogue: facts about the EC2 instance types the platform may use.
 *
 * Hardware facts (vCPU, memory, GPU count, GPU name, VRAM per GPU in MiB) are as EC2
 * DescribeInstanceTypes reports them; VRAM is per GPU, the unit of Karpenter's
 * `karpenter.k8s.aws/instance-gpu-memory` label. Prices are on-demand Linux list prices in
 * the catalogue's price region (see `pricing`); they are inputs to the budget report, not bills.
 */

/** One EC2 instance type. */
export interface InstanceType {
  readonly name: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  /** Number of GPUs (0 for CPU instances). */
  readonly gpuCount: number;
  /** GPU model as EC2 names it (`T4`, `A10G`, `L4`), or undefined for CPU instances. */
  readonly gpuName?: string;
  /** Memory of one GPU in MiB (0 for CPU instances). */
  readonly gpuMemoryMiB: number;
  /** On-demand USD per hour in `pricing.region`. */
  readonly onDemandUsdPerHour: number;
  /**
   * Pods the kubelet allows with the VPC CNI (ENIs x (IPv4 addresses per ENI - 1) + 2), as the
   * EKS AMI lists them (awslabs/amazon-eks-ami nodeadm/internal/kubelet/eni-max-pods.txt@v20250715);
   * kube-reserved memory grows with it.
   */
  readonly maxPods: number;
}

/** Where the prices come from. */
export const pricing = {
  region: 'us-east-1',
  source: 'https://aws.amazon.com/ec2/pricing/on-demand/ (Linux, on-demand list price)',
  retrieved: '2025-01-15',
} as const;

/**
 * What the always-on AWS layer costs besides nodes, in the same region: NAT gateway per hour
 * (https://aws.amazon.com/vpc/pricing/), EKS control plane per cluster-hour
 * (https://aws.amazon.com/eks/pricing/, standard support), interface VPC endpoint per AZ-hour
 * (https://aws.amazon.com/privatelink/pricing/). Data processing is not included.
 */
export const networkPrices = {
  natGatewayUsdPerHour: 0.045,
  eksControlPlaneUsdPerHour: 0.1,
  interfaceEndpointUsdPerAzHour: 0.01,
} as const;

const gpu = (name: string, vcpu: number, memoryGiB: number, gpuCount: number, gpuName: string, gpuMemoryMiB: number, onDemandUsdPerHour: number, maxPods: number): InstanceType =>
  ({ name, vcpu, memoryGiB, gpuCount, gpuName, gpuMemoryMiB, onDemandUsdPerHour, maxPods });
const cpu = (name: string, vcpu: number, memoryGiB: number, onDemandUsdPerHour: number, maxPods: number): InstanceType =>
  ({ name, vcpu, memoryGiB, gpuCount: 0, gpuMemoryMiB: 0, onDemandUsdPerHour, maxPods });

const catalogue: readonly InstanceType[] = [
  // NVIDIA T4, 16 GiB
  gpu('g4dn.xlarge', 4, 16, 1, 'T4', 16384, 0.526, 29),
  gpu('g4dn.2xlarge', 8, 32, 1, 'T4', 16384, 0.752, 29),
  gpu('g4dn.4xlarge', 16, 64, 1, 'T4', 16384, 1.204, 29),
  gpu('g4dn.8xlarge', 32, 128, 1, 'T4', 16384, 2.176, 58),
  gpu('g4dn.12xlarge', 48, 192, 4, 'T4', 16384, 3.912, 234),
  // NVIDIA A10G, 24 GiB
  gpu('g5.xlarge', 4, 16, 1, 'A10G', 24576, 1.006, 58),
  gpu('g5.2xlarge', 8, 32, 1, 'A10G', 24576, 1.212, 58),
  gpu('g5.4xlarge', 16, 64, 1, 'A10G', 24576, 1.624, 234),
  gpu('g5.8xlarge', 32, 128, 1, 'A10G', 24576, 2.448, 234),
  gpu('g5.12xlarge', 48, 192, 4, 'A10G', 24576, 5.672, 737),
  gpu('g5.48xlarge', 192, 768, 8, 'A10G', 24576, 16.288, 345),
  // NVIDIA L4, 24 GB (EC2 reports 22888 MiB usable)
  gpu('g6.xlarge', 4, 16, 1, 'L4', 22888, 0.8048, 58),
  gpu('g6.2xlarge', 8, 32, 1, 'L4', 22888, 0.9776, 58),
  gpu('g6.12xlarge', 48, 192, 4, 'L4', 22888, 4.6016, 234),
  // CPU
  cpu('t3.medium', 2, 4, 0.0416, 17),
  cpu('t3.large', 2, 8, 0.0832, 35),
  cpu('m6i.large', 2, 8, 0.096, 29),
  cpu('m6i.xlarge', 4, 16, 0.192, 58),
  cpu('m6i.2xlarge', 8, 32, 0.384, 58),
  cpu('m7i.large', 2, 8, 0.1008, 29),
  cpu('m7i.xlarge', 4, 16, 0.2016, 58),
  cpu('c6i.xlarge', 4, 8, 0.17, 58),
  cpu('c6i.2xlarge', 8, 16, 0.34, 58),
];

/** The catalogue by instance type name. */
export const instanceTypes: Readonly<Record<string, InstanceType>> = Object.freeze(
  Object.fromEntries(catalogue.map((i) => [i.name, Object.freeze(i)])),
);
