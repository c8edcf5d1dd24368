import type { AsyncWorkloadConfig } from '../workload-types';

/**
 * What brings an async workload back from zero replicas: a trigger that exists at zero
 * (`queue`), or its cron schedule when the workload accepts that work waits for it
 * (`schedule`); undefined when nothing does.
 */
export function wakeUp(w: AsyncWorkloadConfig): 'queue' | 'schedule' | undefined {
  // The report also renders unvalidated configs (field-coverage tests), where triggers may be absent.
  if ((w.triggers ?? []).some((t) => t.source === 'queue')) return 'queue';
  return w.cron?.jobsMayWaitForSchedule ? 'schedule' : undefined;
}
