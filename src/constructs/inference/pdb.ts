import { Construct } from 'constructs';
import * as k8s from '../k8s';

/** Props of {@link WorkloadPdb}. */
export interface WorkloadPdbProps {
  readonly name: string;
  readonly namespace: string;
  readonly matchLabels: Readonly<Record<string, string>>;
}

/**
 * maxUnavailable 1: voluntary disruptions (consolidation, drift, drains) take one replica at a
 * time, while a single replica can still be evicted, so empty-ish nodes can always be removed
 * and scale-to-zero never deadlocks on a PDB. Unhealthy pods never block an eviction.
 */
export class WorkloadPdb extends Construct {
  constructor(scope: Construct, id: string, props: WorkloadPdbProps) {
    super(scope, id);
    new k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        selector: { matchLabels: { ...props.matchLabels } },
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
