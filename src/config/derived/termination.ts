import type { WorkloadConfig } from '../workload-types';

/**
 * The two-minute warning EC2 gives before reclaiming a spot instance: queue workers get it as
 * their termination grace period, so in-flight jobs finish before the node disappears.
 */
export const SPOT_NOTICE_SECONDS = 120;

/**
 * How long a workload's pod may take to stop once deleted. Queue workers: the spot notice (their
 * preStop drain runs inside it). HTTP services: Knative sets the pod's grace period to the
 * revision timeout (knative/serving pkg/reconciler/revision/resources/deploy.go@knative-v1.21.1:
 * `pod.TerminationGracePeriodSeconds = rev.Spec.TimeoutSeconds`).
 */
export function podGraceSeconds(w: WorkloadConfig): number {
  return w.kind === 'async' ? SPOT_NOTICE_SECONDS : w.timeoutSeconds;
}

/**
 * The shortest node `terminationGracePeriod` that lets this workload stop cleanly: Karpenter
 * deletes a pod no later than node timeout minus the pod's grace period
 * (kubernetes-sigs/karpenter NodePool `spec.template.spec.terminationGracePeriod`), and a queue
 * worker evicted late (after a PodDisruptionBudget held it) still needs its whole preStop drain
 * before that, so the drain is added on top.
 */
export function nodeGraceNeededSeconds(w: WorkloadConfig): number {
  return podGraceSeconds(w) + (w.kind === 'async' ? w.drainSeconds : 0);
}
