import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { platformVersions } from '../config/versions';
import { ClusterDefaultsChart } from './cluster-defaults';
import { ExternalSecretsConfigChart } from './external-secrets-config';
import { InferenceWorkloadsChart } from './inference-workloads';
import { KarpenterNodesChart } from './karpenter-nodes';
import { KnativeServingChart } from './knative-serving';
import { KyvernoPoliciesChart } from './kyverno-policies';
import { NamespacesChart } from './namespaces';
import { NetworkPoliciesChart } from './network-policies';
import { ObservabilityChart } from './observability';
import type { PlatformChart } from './platform-chart';
import { PlatformPdbsChart } from './platform-pdbs';

/** Builds every chart of one environment under `scope`. */
export function buildCharts(scope: Construct, env: EnvironmentConfig): PlatformChart[] {
  return [
    new NamespacesChart(scope, env, platformVersions.kubernetes),
    new ClusterDefaultsChart(scope, env),
    new NetworkPoliciesChart(scope, env),
    new KarpenterNodesChart(scope, env),
    new KnativeServingChart(scope, env),
    new InferenceWorkloadsChart(scope, env),
    new KyvernoPoliciesChart(scope, env),
    new ExternalSecretsConfigChart(scope, env),
    new ObservabilityChart(scope, env),
    new PlatformPdbsChart(scope, env),
  ];
}
