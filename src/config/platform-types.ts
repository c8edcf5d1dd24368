/**
 * Platform guardrails and observability settings of one environment (Kyverno, External
 * Secrets, monitoring). Part of EnvironmentConfig as `platform`.
 */

/** Kyverno failure action. */
export type PolicyMode = 'Audit' | 'Enforce';

export interface PlatformConfig {
  /** Failure action of every Kyverno rule: Audit in dev, Enforce in prod. */
  readonly policyMode: PolicyMode;
}
