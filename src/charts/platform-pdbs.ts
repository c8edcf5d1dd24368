import type { Construct } from 'constructs';
import * as k8s from '../constructs/k8s';
import type { EnvironmentConfig } from '../config/types';
import { PlatformChart } from './platform-chart';

/** A chart-installed component whose chart has no PDB setting. */
interface Component {
  readonly name: string;
  readonly namespace: string;
  /** The pod labels the chart sets (dragonflyoss/helm-charts templates/<component>/*.yaml). */
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly replicas: number;
}

/**
 * PodDisruptionBudgets for platform components whose charts offer none (Dragonfly's manager,
 * scheduler and seed peers). Only for replicated components: a minAvailable PDB on a single
 * replica would block every drain, including Karpenter's.
 */
export class PlatformPdbsChart extends PlatformChart {
  readonly layer = 'platform-config' as const;

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, 'platform-pdbs');
    const df = env.addons.dragonfly;
    const dragonfly = (component: string, replicas: number): Component => ({
      name: `dragonfly-${component}`,
      namespace: 'dragonfly',
      matchLabels: { app: 'dragonfly', component },
      replicas,
    });
    const components = [dragonfly('manager', df.managerReplicas), dragonfly('scheduler', df.schedulerReplicas), dragonfly('seed-client', df.seedClientReplicas)];
    for (const c of components.filter((x) => x.replicas > 1)) {
      new k8s.KubePodDisruptionBudget(this, c.name, {
        metadata: { name: c.name, namespace: c.namespace },
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...c.matchLabels } } },
      });
    }
  }
}
