import { App } from 'cdk8s';
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

/**
 * Every chart of one environment, each built under its own App when the caller gets to it. cdk8s
 * resolves dependencies and validates the whole App each time one chart is turned into JSON
 * (cdk8s lib/app.js `_synthChart`), so ten charts in one App would walk every construct ten
 * times; no chart refers to another's constructs, so the output is the same.
 */
export function* buildCharts(env: EnvironmentConfig): Generator<PlatformChart> {
  const scope = () => new App();
  yield new NamespacesChart(scope(), env, platformVersions.kubernetes);
  yield new ClusterDefaultsChart(scope(), env);
  yield new NetworkPoliciesChart(scope(), env);
  yield new KarpenterNodesChart(scope(), env);
  yield new KnativeServingChart(scope(), env);
  yield new InferenceWorkloadsChart(scope(), env);
  yield new KyvernoPoliciesChart(scope(), env);
  yield new ExternalSecretsConfigChart(scope(), env);
  yield new ObservabilityChart(scope(), env);
  yield new PlatformPdbsChart(scope(), env);
}
