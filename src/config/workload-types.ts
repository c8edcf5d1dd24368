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
/** A workload whose pods are one Deployment or Knative Service (every kind but disaggregated, and each disaggregated role). */
export type WorkloadConfig = AsyncWorkloadConfig | HttpWorkloadConfig;
export type PrefillRoleConfig = ConfigOf<typeof s.prefillRole>;
export type DecodeRoleConfig = ConfigOf<typeof s.decodeRole>;
export type DisaggregatedWorkloadConfig = ConfigOf<typeof s.disaggregatedWorkload>;
/** What `workloads.services` holds. */
export type ServiceConfig = WorkloadConfig | DisaggregatedWorkloadConfig;
export type WorkloadsConfig = ConfigOf<typeof s.workloads>;
