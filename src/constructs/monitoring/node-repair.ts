import type { Alert } from './alert-rules';

/** Props of the node repair alerts. */
export interface NodeRepairAlertProps {
  /** Repairs of one NodePool within 24 hours above which to alert. */
  readonly maxRepairsPerPoolPerDay: number;
}

/** Karpenter's counter of NodeClaims deleted by node repair (labels condition, nodepool, capacity_type, image_id). */
const REPAIRS = 'karpenter_nodeclaims_unhealthy_disrupted_total';

/**
 * Alerts on Karpenter's node repair (feature gate NodeRepair). A repair force-deletes the node:
 * its pods are cut off without their PodDisruptionBudget (kubernetes-sigs/karpenter
 * pkg/controllers/node/health/controller.go@v1.9.0 sets the termination timestamp to now), so
 * every repair is worth a look; many in one pool point at a bad AMI, driver or instance family.
 */
export function nodeRepairAlerts(p: NodeRepairAlertProps): Record<string, Alert[]> {
  return {
    'node-repair': [
      {
        alert: 'NodeRepaired',
        expr: `sum by (nodepool, condition) (increase(${REPAIRS}[1h])) > 0`,
        for: '1m',
        severity: 'warning',
        summary: 'Karpenter replaced an unhealthy node',
        description: 'Karpenter deleted {{ $value | humanize }} node(s) of NodePool {{ $labels.nodepool }} in the last hour because condition {{ $labels.condition }} stayed bad (accelerated_hardware_ready: a failed GPU); their pods were cut off and rescheduled.',
      },
      {
        alert: 'NodePoolRepairingTooOften',
        expr: `sum by (nodepool) (increase(${REPAIRS}[24h])) > ${p.maxRepairsPerPoolPerDay}`,
        for: '5m',
        severity: 'critical',
        summary: 'NodePool keeps replacing broken nodes',
        description: `NodePool {{ $labels.nodepool }} had {{ $value | humanize }} nodes repaired in 24 hours (threshold ${p.maxRepairsPerPoolPerDay}): suspect the AMI, the GPU driver or an instance family rather than single GPUs. Karpenter stops repairing a pool once more than 20% of its nodes are unhealthy.`,
      },
    ],
  };
}
