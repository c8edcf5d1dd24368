import type { ConfigOf } from './schema/common';
import type * as s from './schema/workloads';

/**
 * Inference workloads declared per environment, inferred from the schema (schema/workloads.ts,
 * where every field is documented).
 */

export type WorkloadResources = ConfigOf<typeof s.workloadResources>;
export type ColdStartFacts = ConfigOf<typeof s.coldStartFacts>;
export type SignalSource = ConfigOf<typeof s.signalSource>;
export type PrometheusTriggerConfig = ConfigOf<typeof s.prometheusTrigger>;
export type CronBaselineConfig = ConfigOf<typeof s.cronBaseline>;
export type AsyncWorkloadConfig = ConfigOf<typeof s.asyncWorkload>;
export type HttpWorkloadConfig = ConfigOf<typeof s.httpWorkload>;
export type WorkloadConfig = AsyncWorkloadConfig | HttpWorkloadConfig;
export type WorkloadsConfig = ConfigOf<typeof s.workloads>;
