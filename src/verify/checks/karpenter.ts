/**
 * Karpenter: NodePools and EC2NodeClasses Ready and the pools' limits equal to the rendered ones.
 * NodePool Ready = ValidationSucceeded and NodeClassReady (kubernetes-sigs/karpenter
 * pkg/apis/v1/nodepool_status.go@v1.9.0, StatusConditions); `spec.limits` is a ResourceList
 * (pkg/apis/v1/nodepool.go@v1.9.0); EC2NodeClass Ready (aws/karpenter-provider-aws
 * pkg/apis/v1/ec2nodeclass_status.go@v1.9.0).
 */
import type { Expected } from '../expected';
import { describeCondition, fail, isTrue, pass, type CheckResult, type ClusterReader, type K8sObject } from '../types';

/** Quantities compared as written; Argo CD applies the rendered strings unchanged. */
export function limitDiff(want: Readonly<Record<string, string>> = {}, got: Readonly<Record<string, string>> = {}): string[] {
  const keys = [...new Set([...Object.keys(want), ...Object.keys(got)])].sort();
  return keys.filter((k) => String(want[k]) !== String(got[k])).map((k) => `${k}: ${got[k] ?? 'unset'} (config ${want[k] ?? 'unset'})`);
}

function readyCheck(id: string, kind: string, expected: K8sObject, live: K8sObject | undefined): CheckResult {
  const name = expected.metadata.name;
  const next = `kubectl get ${kind.toLowerCase()} ${name} -o yaml`;
  if (!live) return fail(id, name, `${kind} not found`, `kubectl get ${kind.toLowerCase()}s`);
  return isTrue(live, 'Ready') ? pass(id, name, 'Ready') : fail(id, name, describeCondition(live, 'Ready'), next);
}

/** Ready and limits of one NodePool. */
export function nodePoolChecks(expected: K8sObject, live: K8sObject | undefined): CheckResult[] {
  const ready = readyCheck('karpenter.nodepool-ready', 'NodePool', expected, live);
  if (!live) return [ready];
  const diff = limitDiff(expected.spec?.limits, live.spec?.limits);
  const name = expected.metadata.name;
  return [
    ready,
    diff.length ? fail('karpenter.nodepool-limits', name, diff.join('; '), `kubectl get nodepool ${name} -o jsonpath='{.spec.limits}'`) : pass('karpenter.nodepool-limits', name, 'limits equal the config'),
  ];
}

/** Every rendered NodePool and EC2NodeClass. */
export async function karpenterChecks(e: Expected, k: ClusterReader): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  if (e.nodePools.length) {
    const live = await k.list(e.nodePools[0].apiVersion, 'NodePool');
    for (const p of e.nodePools) out.push(...nodePoolChecks(p, live.find((x) => x.metadata.name === p.metadata.name)));
  }
  if (e.nodeClasses.length) {
    const live = await k.list(e.nodeClasses[0].apiVersion, 'EC2NodeClass');
    for (const c of e.nodeClasses) out.push(readyCheck('karpenter.nodeclass-ready', 'EC2NodeClass', c, live.find((x) => x.metadata.name === c.metadata.name)));
  }
  return out;
}
