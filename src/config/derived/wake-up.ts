import type { AsyncWorkloadConfig } from '../workload-types';
import { readsPushedMetric } from './cold-start';

/**
 * What brings an async workload back from zero replicas: a trigger that exists at zero
 * (`queue`), or its cron schedule when the workload accepts that work waits for it
 * (`schedule`); undefined when nothing does.
 */
export function wakeUp(w: AsyncWorkloadConfig): 'queue' | 'schedule' | undefined {
  if (readsPushedMetric(w)) return 'queue';
  return w.cron?.jobsMayWaitForSchedule ? 'schedule' : undefined;
}
