import type { EnvironmentConfig } from '../../config/types';
import { clusterAutoscaler } from './cluster-autoscaler';
import { draDriver } from './dra-driver';
import { dragonfly } from './dragonfly';
import { bottlerocketGfd, dcgmExporter, nvidiaDevicePlugin } from './gpu-stack';
import { karpenter } from './karpenter';
import { keda } from './keda';
import { knativeOperator } from './knative-operator';
import { kubePrometheusStack, opencost, pushgateway } from './monitoring';
import { PROMETHEUS_SELECTOR_LABELS, type HelmRelease } from './release';
import { externalSecrets, kyverno } from './security';

/** Every Helm release of one environment (platform-helm layer). */
export function buildHelmReleases(env: EnvironmentConfig): HelmRelease[] {
  const optional = [bottlerocketGfd(env)].filter((r): r is HelmRelease => r !== undefined);
  return [
    nvidiaDevicePlugin(env),
    ...optional,
    dcgmExporter(env, PROMETHEUS_SELECTOR_LABELS),
    dragonfly(env),
    knativeOperator(env),
    karpenter(env),
    keda(env),
    kubePrometheusStack(env),
    pushgateway(env),
    kyverno(env),
    opencost(env),
    externalSecrets(env),
    // The DRA path, only where the environment has one.
    ...[draDriver(env), clusterAutoscaler(env)].filter((r): r is HelmRelease => r !== undefined),
  ];
}
