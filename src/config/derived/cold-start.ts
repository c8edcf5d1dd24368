import { facts } from '../facts';
import type { WorkloadConfig } from '../workload-types';

/** Seconds an image pull takes on a cold node straight from the registry (no P2P cache). */
export function registryPullSeconds(imageSizeMiB: number): number {
  const extra = Math.max(0, imageSizeMiB - facts.measuredImageMiB.value) / facts.registryThroughput.value;
  return Math.ceil(facts.registryPullSmallImage.value + extra);
}

/** Seconds a pull takes when a Dragonfly peer already holds the layers. */
export function p2pPullSeconds(imageSizeMiB: number): number {
  return Math.ceil(facts.p2pOverhead.value + imageSizeMiB / facts.p2pThroughput.value);
}

/** Seconds before the autoscaler acts on the first request/job (worst case). */
export function triggerLagSeconds(w: WorkloadConfig): number {
  return w.kind === 'async' ? w.pollingIntervalSeconds : facts.knativeActivation.value;
}

/** Phases of a worst-case scale-from-zero onto a new node. */
export interface ColdStartBudget {
  readonly triggerLag: number;
  readonly nodeReady: number;
  readonly pull: number;
  readonly modelLoad: number;
  readonly total: number;
}

/** Worst-case scale-from-zero: trigger lag + node launch + image pull + model load. */
export function coldStartBudget(w: WorkloadConfig, p2p: boolean): ColdStartBudget {
  const triggerLag = triggerLagSeconds(w);
  const nodeReady = facts.nodeReady.value;
  const pull = p2p ? p2pPullSeconds(w.coldStart.imageSizeMiB) : registryPullSeconds(w.coldStart.imageSizeMiB);
  const modelLoad = w.coldStart.modelLoadSeconds;
  return { triggerLag, nodeReady, pull, modelLoad, total: triggerLag + nodeReady + pull + modelLoad };
}
