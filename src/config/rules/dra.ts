/**
 * Guardrails of the DRA path: a workload that asks for DRA needs the environment's DRA node
 * group, driver and Cluster Autoscaler; its selectors must name attributes the pinned driver
 * publishes and be satisfiable by the node group's GPUs.
 */
import { deviceClassQuotaKey, draQuotaDemand, draWorkloads, usesDra } from '../derived/dra';
import { gpuNodeDaemonSetRequests } from '../derived/gpu-node-daemonsets';
import { fits } from '../derived/placement';
import { DRA_ARCHITECTURE_OF_GPU, DRA_DEVICE_CLASSES, DRA_GPU_ATTRIBUTES } from '../dra-driver';
import { instanceTypes, type InstanceType } from '../instances';
import type { EnvironmentConfig } from '../types';
import type { WorkloadConfig } from '../workload-types';
import type { Problems } from './collector';

type Selector = NonNullable<NonNullable<WorkloadConfig['dra']>['selectors']>[number];

/** Published attributes, for messages. */
const PUBLISHED = Object.keys(DRA_GPU_ATTRIBUTES).join(', ');

function checkSelector(s: Selector, gpu: InstanceType | undefined, p: Problems, at: string): void {
  const type = DRA_GPU_ATTRIBUTES[s.attribute];
  if (!p.check(type !== undefined, `${at}.attribute`, `"${s.attribute}" is not an attribute the pinned DRA driver publishes for a GPU (${PUBLISHED}); the claim would never be allocated`)) return;
  const op = 'equals' in s ? 'string' : 'version';
  if (!p.check(type === op, `${at}`, `"${s.attribute}" is a ${type} attribute: use ${type === 'string' ? 'equals' : 'atLeastVersion'}`)) return;
  if (s.attribute === 'architecture' && 'equals' in s && gpu?.gpuName) {
    const arch = DRA_ARCHITECTURE_OF_GPU[gpu.gpuName];
    p.check(arch === undefined || arch === s.equals, `${at}.equals`, `"${s.equals}" is not the architecture of the DRA node group's ${gpu.gpuName} GPUs (${arch}): no node could satisfy the claim`);
  }
}

/** The claim must fit one node of the DRA node group (count, GPU memory, CPU and memory). */
function checkFit(env: EnvironmentConfig, w: WorkloadConfig, it: InstanceType, p: Problems, at: string): void {
  const r = w.resources;
  p.check(
    fits(r, it, gpuNodeDaemonSetRequests(env)),
    `${at}.resources`,
    `${r.gpus} GPU(s) of ${r.vramMiB} MiB, ${r.cpu} vCPU and ${r.memoryGiB} GiB fit no node of the DRA node group (${it.name}: ${it.gpuCount}x${it.gpuMemoryMiB} MiB, ${it.vcpu} vCPU, ${it.memoryGiB} GiB before overhead): the claim would never be allocated`,
  );
}

function checkWorkload(env: EnvironmentConfig, w: WorkloadConfig, p: Problems, at: string): void {
  if (!usesDra(w)) {
    p.check(w.dra === undefined, `${at}.dra`, 'only a workload with gpuAllocation: "dra" takes a claim; remove it or set gpuAllocation');
    return;
  }
  // Knative 1.21 masks both fields out of its pod spec (knative/serving pkg/apis/serving/fieldmask.go@knative-v1.21.1, ResourceRequirementsMask keeps only limits and requests).
  p.check(w.kind === 'async', `${at}.gpuAllocation`, 'Knative Serving 1.21 does not pass resourceClaims to its pods; only an async workload may use DRA');
  const karpenter = Object.keys(w.nodeSelector ?? {}).filter((k) => k.startsWith('karpenter.'));
  p.check(karpenter.length === 0, `${at}.nodeSelector`, `${karpenter.join(', ')} selects Karpenter nodes, but Karpenter cannot provision for DRA claims (kubernetes-sigs/karpenter#1231); DRA workloads run on the DRA node group`);
  if (!p.check(w.dra !== undefined, `${at}.dra`, 'a DRA workload needs its claim: dra.deviceClassName (e.g. gpu.nvidia.com)')) return;
  p.check(DRA_DEVICE_CLASSES.includes(w.dra!.deviceClassName), `${at}.dra.deviceClassName`, `"${w.dra!.deviceClassName}" is not a DeviceClass the pinned DRA driver creates (${DRA_DEVICE_CLASSES.join(', ')})`);
  const it = env.dra ? instanceTypes[env.dra.nodeGroup.instanceType] : undefined;
  (w.dra!.selectors ?? []).forEach((s, i) => checkSelector(s, it, p, `${at}.dra.selectors[${i}]`));
  if (it) checkFit(env, w, it, p, at);
}

function checkPlatform(env: EnvironmentConfig, p: Problems, at: string): void {
  const dra = env.dra!;
  const it = instanceTypes[dra.nodeGroup.instanceType];
  p.check(it !== undefined && it.gpuCount > 0, `${at}.nodeGroup.instanceType`, `"${dra.nodeGroup.instanceType}" is not a GPU instance type of the catalogue`);
  p.check(dra.nodeGroup.minSize <= dra.nodeGroup.maxSize, `${at}.nodeGroup.minSize`, `${dra.nodeGroup.minSize} exceeds maxSize ${dra.nodeGroup.maxSize}`);
  // CA's AWS template node has no ResourceSlices (kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/aws_cloud_provider.go@cluster-autoscaler-1.35.0,
  // TemplateNodeInfo passes nil): a DRA pod fits only a template copied from a running node of the group.
  p.check(
    dra.nodeGroup.minSize >= 1,
    `${at}.nodeGroup.minSize`,
    'Cluster Autoscaler 1.35 on AWS cannot scale a DRA node group from zero (its template node has no ResourceSlices until a real node of the group was seen); keep at least 1 node',
  );
  p.check(Object.keys(dra.nodeLabels).length > 0, `${at}.nodeLabels`, 'DRA nodes need a label: the DRA driver is scheduled by it and the device plugin kept off by it');
  const clash = Object.entries(dra.nodeLabels).filter(([k, v]) => env.nodes.gpuNodeLabels[k] === v);
  p.check(clash.length === 0, `${at}.nodeLabels`, `${clash.map(([k, v]) => `${k}=${v}`).join(', ')} is also a label of every device-plugin GPU node; DRA nodes need a label of their own`);
}

/** The DRA node group at its ceiling must hold every DRA workload at max scale. */
function checkCapacity(env: EnvironmentConfig, p: Problems, at: string): void {
  const g = env.dra!.nodeGroup;
  const capacity = g.maxSize * (instanceTypes[g.instanceType]?.gpuCount ?? 0);
  const demand = Object.values(env.workloads.services).reduce((sum, w) => sum + (w.kind !== 'disaggregated' && usesDra(w) ? w.maxReplicas * w.resources.gpus : 0), 0);
  p.check(demand <= capacity, at, `the DRA node group gives at most ${capacity} GPUs but the DRA workloads claim ${demand} at max scale; scale-out would stop silently at ${capacity}`);
}

/** The namespace quota's GPU ceiling bounds the claimed devices too (one quota key per DeviceClass). */
function checkQuota(env: EnvironmentConfig, p: Problems, at: string): void {
  const ns = env.workloads.namespace;
  const gpus = env.namespaces[ns]?.quota?.gpus;
  if (gpus === undefined) return; // rules/workloads.ts asks for the quota
  for (const [deviceClass, need] of draQuotaDemand(env)) {
    p.check(
      gpus >= need,
      `${at}.namespaces.${ns}.quota.gpus`,
      `${gpus} is below the ${need} ${deviceClass} devices the DRA workloads claim at max scale during a rollout (${deviceClassQuotaKey(deviceClass)}); the quota would stall the rollout or cap scale-out`,
    );
  }
}

/** The DRA rules of one environment. */
export function checkDra(env: EnvironmentConfig, p: Problems, prefix: string): void {
  // Disaggregated roles run on Karpenter pools with the device plugin (rules/disaggregated.ts).
  for (const [name, w] of Object.entries(env.workloads.services)) if (w.kind !== 'disaggregated') checkWorkload(env, w, p, `${prefix}.workloads.services.${name}`);
  const users = draWorkloads(env);
  checkQuota(env, p, prefix);
  if (env.dra) {
    checkPlatform(env, p, `${prefix}.dra`);
    checkCapacity(env, p, `${prefix}.dra.nodeGroup.maxSize`);
  }
  else if (users.length > 0) {
    p.fail(`${prefix}.dra`, `${users.join(', ')} use${users.length === 1 ? 's' : ''} gpuAllocation "dra", but the environment has no DRA path (node group, DRA driver, Cluster Autoscaler); add dra or use the device plugin`);
  }
}
