import type { ConfigOf } from './schema/common';
import type * as s from './schema/environment';

/**
 * The typed shape of one environment, inferred from the schema (schema/environment.ts, where
 * every field is documented), so the types and the run-time check are one definition. Every
 * field changes the rendered output (test/config/field-coverage.ts proves it).
 */

export type PodSecurityLevel = ConfigOf<typeof s.podSecurityLevel>;
export type ClusterConfig = ConfigOf<typeof s.cluster>;
export type PodSecurityConfig = ConfigOf<typeof s.podSecurity>;
export type QuotaConfig = ConfigOf<typeof s.quota>;
export type NamespaceConfig = ConfigOf<typeof s.namespace>;
export type PriorityClassConfig = ConfigOf<typeof s.priorityClass>;
export type GitOpsConfig = ConfigOf<typeof s.gitops>;
export type TaintConfig = ConfigOf<typeof s.taint>;
export type PodIdentityBinding = ConfigOf<typeof s.podIdentityBinding>;
export type PodIdentityConfig = ConfigOf<typeof s.podIdentity>;
export type ManagedNodeGroupConfig = ConfigOf<typeof s.managedNodeGroup>;
export type GpuManagedNodeGroupConfig = ConfigOf<typeof s.gpuManagedNodeGroup>;
export type AmiFamily = ConfigOf<typeof s.amiFamily>;
export type NodeClassConfig = ConfigOf<typeof s.nodeClass>;
export type CapacityReservationConfig = ConfigOf<typeof s.capacityReservation>;
export type CapacityType = ConfigOf<typeof s.capacityType>;
export type DisruptionBudgetConfig = ConfigOf<typeof s.disruptionBudget>;
export type NodePoolConfig = ConfigOf<typeof s.nodePool>;
export type NodesConfig = ConfigOf<typeof s.nodes>;
export type ContainerResourcesConfig = ConfigOf<typeof s.containerResources>;
export type AddonsConfig = ConfigOf<typeof s.addons>;
export type KnativeConfig = ConfigOf<typeof s.knative>;
export type IngressConfig = ConfigOf<typeof s.ingress>;
export type TerraformConfig = ConfigOf<typeof s.terraform>;
export type EnvironmentConfig = ConfigOf<typeof s.environment>;
export type DraPlatformConfig = NonNullable<EnvironmentConfig['dra']>;

/** A recursive partial, for environment overrides of the base. */
export type Override<T> = T extends readonly (infer _U)[]
  ? T
  : T extends object
    ? { readonly [K in keyof T]?: Override<T[K]> }
    : T;
