import type { InstanceType } from '../instances';
import { EVICTION_HARD_MEMORY_MIB, kubeReservedCpu, kubeReservedMemoryMiB } from './node-overhead';

/** CPU (cores) and memory (MiB) of pods or nodes. */
export interface Resources {
  readonly cpu: number;
  readonly memoryMiB: number;
}

/** A pod that runs on the system node group, with its requests. */
export interface SystemPod {
  /** `<release or add-on>/<component>`, for the error message. */
  readonly name: string;
  readonly requests: Resources;
  /** Pods on the system nodes, or `per-node` for a DaemonSet that runs on each of them. */
  readonly replicas: number | 'per-node';
}

const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G)?$/;
const MIB_PER: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024, k: 1000 / 1048576, M: 1e6 / 1048576, G: 1e9 / 1048576 };

/** A Kubernetes CPU quantity in cores (`250m` -> 0.25). */
export function cpuCores(q: string | number | undefined): number {
  const m = CPU.exec(String(q ?? 0));
  if (!m) throw new Error(`not a CPU quantity: ${q}`);
  return Number(m[1]) / (m[2] ? 1000 : 1);
}

/** A Kubernetes memory quantity in MiB (`1Gi` -> 1024; plain numbers are bytes). */
export function memoryMiB(q: string | number | undefined): number {
  const m = MEMORY.exec(String(q ?? 0));
  if (!m) throw new Error(`not a memory quantity: ${q}`);
  return m[2] ? Number(m[1]) * MIB_PER[m[2]] : Number(m[1]) / 1048576;
}

/** What the scheduler may place on one node of this type: capacity minus kube-reserved and the eviction threshold. */
export function eksAllocatable(it: InstanceType): Resources {
  return { cpu: it.vcpu - kubeReservedCpu(it.vcpu), memoryMiB: it.memoryGiB * 1024 - kubeReservedMemoryMiB(it.maxPods) - EVICTION_HARD_MEMORY_MIB };
}

const add = (a: Resources, b: Resources, times = 1): Resources => ({ cpu: a.cpu + b.cpu * times, memoryMiB: a.memoryMiB + b.memoryMiB * times });
const ZERO: Resources = { cpu: 0, memoryMiB: 0 };

/** Requests of the DaemonSets on each system node, and of every other system pod together. */
export function systemDemand(pods: readonly SystemPod[]): { readonly perNode: Resources; readonly pods: Resources } {
  return {
    perNode: pods.filter((p) => p.replicas === 'per-node').reduce((s, p) => add(s, p.requests), ZERO),
    pods: pods.reduce((s, p) => (p.replicas === 'per-node' ? s : add(s, p.requests, p.replicas)), ZERO),
  };
}
