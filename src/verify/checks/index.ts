/**
 * Every read-only check, grouped so that one unreachable API (a CRD not installed, Prometheus
 * down) fails its group with the reason instead of aborting the run.
 */
import type { Expected } from '../expected';
import { fail, type CheckResult, type ClusterReader } from '../types';
import { argocdChecks } from './argocd';
import { karpenterChecks } from './karpenter';
import { nodeChecks } from './nodes';
import { prometheusChecks } from './prometheus';
import { resourceChecks } from './resources';
import { workloadChecks } from './workloads';

/** Options of {@link runChecks}. */
export interface CheckOptions {
  /** Git commit every Application must be synced to; unchecked when absent. */
  readonly revision?: string;
}

interface Group {
  readonly id: string;
  readonly next: string;
  readonly run: () => Promise<CheckResult[]>;
}

/** Runs every group; a group that throws becomes one failed check `<group>.reachable`. */
export async function runChecks(e: Expected, k: ClusterReader, o: CheckOptions = {}): Promise<CheckResult[]> {
  const groups: Group[] = [
    { id: 'argocd', next: 'kubectl -n argocd get applications', run: () => argocdChecks(e, k, o.revision) },
    { id: 'operators', next: 'kubectl get deploy,ds,sts -A', run: () => workloadChecks(e, k) },
    { id: 'karpenter', next: 'kubectl get nodepools,ec2nodeclasses', run: () => karpenterChecks(e, k) },
    { id: 'nodes', next: 'kubectl get nodes -L karpenter.sh/nodepool', run: () => nodeChecks(e, k) },
    { id: 'resources', next: 'kubectl get scaledobjects,ksvc,clusterpolicies,externalsecrets -A', run: () => resourceChecks(e, k) },
    { id: 'prometheus', next: `kubectl -n ${e.prometheus.namespace} get svc ${e.prometheus.service}`, run: () => prometheusChecks(e, k) },
  ];
  const out: CheckResult[] = [];
  for (const g of groups) {
    try {
      out.push(...(await g.run()));
    } catch (err) {
      out.push(fail(`${g.id}.reachable`, g.id, `could not read: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300), g.next));
    }
  }
  return out;
}
