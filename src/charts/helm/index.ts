import type { EnvironmentConfig } from '../../config/types';
import { dragonfly } from './dragonfly';
import { dcgmExporter, nvidiaDevicePlugin } from './gpu-stack';
import { knativeOperator } from './knative-operator';
import { PROMETHEUS_SELECTOR_LABELS, type HelmRelease } from './release';

/** Every Helm release of one environment (platform-helm layer). */
export function buildHelmReleases(env: EnvironmentConfig): HelmRelease[] {
  return [nvidiaDevicePlugin(env), dcgmExporter(env, PROMETHEUS_SELECTOR_LABELS), dragonfly(env), knativeOperator(env)];
}
