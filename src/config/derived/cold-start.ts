import { durationSeconds } from '../durations';
import { facts } from '../facts';
import type { EnvironmentConfig } from '../types';
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

/** Whether a KEDA trigger of the workload reads a metric pushed to the Pushgateway (source `queue`). */
export function readsPushedMetric(w: WorkloadConfig): boolean {
  // The report also renders unvalidated configs (field-coverage tests), where triggers may be absent.
  return w.kind === 'async' && (w.triggers ?? []).some((t) => t.source === 'queue');
}

/**
 * Worst-case seconds between a push to the Pushgateway and the sample KEDA's query reads: one
 * whole `addons.pushgateway.scrapeInterval` (pushed just after a scrape), rounded up to whole
 * seconds. 0 for a workload no pushed metric triggers; undefined when the interval does not
 * parse (validation refuses it: rules/addons.ts).
 *
 * vLLM-metric triggers (source `vllm`) get no scrape term although the inference PodMonitor sets
 * no interval either (Prometheus' 30 s default): their series exist only while pods run, so they
 * never wake a workload from zero, which is what this trigger lag models. On running pods they
 * drive scale-out, where the delay follows the load's ramp and the query windows (a TTFT rate
 * over minutes, derived/disaggregated.ts), not a fixed bound one scrape would give.
 */
export function pushScrapeSeconds(env: EnvironmentConfig, w: WorkloadConfig): number | undefined {
  if (!readsPushedMetric(w)) return 0;
  const s = durationSeconds(env.addons.pushgateway.scrapeInterval);
  return s === undefined ? undefined : Math.ceil(s);
}

/** The autoscaler's own share of the trigger lag: one KEDA polling interval (async) or the Knative activation (http). */
export function autoscalerLagSeconds(w: WorkloadConfig): number {
  return w.kind === 'async' ? w.pollingIntervalSeconds : facts.knativeActivation.value;
}

/**
 * Seconds before the autoscaler acts on the first job or request (worst case): the Pushgateway
 * scrape (pushed metrics only; an interval that does not parse counts 0 here, the report shows
 * it unparsed) + the autoscaler's lag.
 */
export function triggerLagSeconds(env: EnvironmentConfig, w: WorkloadConfig): number {
  return (pushScrapeSeconds(env, w) ?? 0) + autoscalerLagSeconds(w);
}

/** Phases of a worst-case scale-from-zero onto a new node. */
export interface ColdStartBudget {
  /** Pushgateway scrape + KEDA polling or Knative activation ({@link triggerLagSeconds}). */
  readonly triggerLag: number;
  readonly nodeReady: number;
  readonly pull: number;
  readonly modelLoad: number;
  readonly total: number;
}

/** Worst-case scale-from-zero: trigger lag + node launch + image pull + model load. */
export function coldStartBudget(env: EnvironmentConfig, w: WorkloadConfig, p2p: boolean): ColdStartBudget {
  const trigger = triggerLagSeconds(env, w);
  const nodeReady = facts.nodeReady.value;
  const pull = p2p ? p2pPullSeconds(w.coldStart.imageSizeMiB) : registryPullSeconds(w.coldStart.imageSizeMiB);
  const modelLoad = w.coldStart.modelLoadSeconds;
  return { triggerLag: trigger, nodeReady, pull, modelLoad, total: trigger + nodeReady + pull + modelLoad };
}
