import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { guardrailPolicies } from '../constructs/kyverno/guardrails';
import { PodPolicy } from '../constructs/kyverno/pod-policy';
import { INFERENCE_CONTAINER, WORKLOAD_LABEL } from '../constructs/inference/gpu-pod';
import { MIN_WORKLOAD_UID } from '../config/rules/pod-hardening';
import { PlatformChart } from './platform-chart';

/**
 * Kyverno ClusterPolicies, the in-cluster second line behind the synth-time guardrails:
 * Audit in dev, Enforce in prod (`platform.policyMode`), per rule.
 */
export class KyvernoPoliciesChart extends PlatformChart {
  readonly layer = 'platform-config' as const;

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, 'kyverno-policies');
    const policies = guardrailPolicies({
      failureAction: env.platform.policyMode,
      gpuTaintKey: env.nodes.gpuTaint.key,
      nodeAgentNamespaces: env.platform.gpuNodeAgentNamespaces,
      workloadNamespace: env.workloads.namespace,
      workloadLabel: WORKLOAD_LABEL,
      inferenceContainer: INFERENCE_CONTAINER,
      minRunAsUser: MIN_WORKLOAD_UID,
    });
    for (const policy of policies) new PodPolicy(this, policy.name, policy);
  }
}
