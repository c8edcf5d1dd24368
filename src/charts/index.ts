import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { platformVersions } from '../config/versions';
import { KarpenterNodesChart } from './karpenter-nodes';
import { NamespacesChart } from './namespaces';
import type { PlatformChart } from './platform-chart';

/** Builds every chart of one environment under `scope`. */
export function buildCharts(scope: Construct, env: EnvironmentConfig): PlatformChart[] {
  return [new NamespacesChart(scope, env, platformVersions.kubernetes), new KarpenterNodesChart(scope, env)];
}
