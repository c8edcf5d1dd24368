import type { Construct } from 'constructs';
import * as k8s from '../constructs/k8s';
import type { EnvironmentConfig } from '../config/types';
import { PlatformChart } from './platform-chart';

/** Name of the gp3 StorageClass (Prometheus, Dragonfly seed peers). */
export const GP3_STORAGE_CLASS = 'gp3';

/** Cluster-scoped defaults every later wave relies on: PriorityClasses and the gp3 StorageClass. */
export class ClusterDefaultsChart extends PlatformChart {
  readonly layer = 'security-infra' as const;

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, 'cluster-defaults');
    for (const [name, pc] of Object.entries(env.priorityClasses)) {
      new k8s.KubePriorityClass(this, `priority-${name}`, {
        metadata: { name },
        value: pc.value,
        globalDefault: false,
        preemptionPolicy: 'PreemptLowerPriority',
        description: pc.description,
      });
    }
    // EBS CSI driver (the in-tree kubernetes.io/aws-ebs provisioner is gone); the default class.
    new k8s.KubeStorageClass(this, 'gp3', {
      metadata: { name: GP3_STORAGE_CLASS, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true', 'csi.storage.k8s.io/fstype': 'ext4' },
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      reclaimPolicy: 'Delete',
    });
  }
}
