/** Small builders of API objects in the shapes the controllers write, for the verify tests. */
import type { K8sObject } from '../../src/verify/types';

export const cond = (type: string, status: 'True' | 'False', reason?: string) => ({ type, status, ...(reason ? { reason } : {}) });

export function obj(apiVersion: string, kind: string, name: string, namespace?: string, extra: Partial<K8sObject> = {}): K8sObject {
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}), ...(extra.metadata ?? {}) }, spec: extra.spec, status: extra.status };
}

export const ready = (o: K8sObject, ok = true): K8sObject => ({ ...o, status: { ...(o.status ?? {}), conditions: [cond('Ready', ok ? 'True' : 'False', ok ? undefined : 'NotReady')] } });

export function node(name: string, pool: string, instanceType: string, o: { gpus?: string; ready?: boolean; taints?: object[]; labels?: Record<string, string> } = {}): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'karpenter.sh/nodepool': pool, 'node.kubernetes.io/instance-type': instanceType, ...(o.labels ?? {}) } },
    spec: { taints: o.taints ?? [] },
    status: { allocatable: o.gpus === undefined ? { cpu: '4' } : { cpu: '4', 'nvidia.com/gpu': o.gpus }, conditions: [cond('Ready', o.ready === false ? 'False' : 'True', o.ready === false ? 'KubeletNotReady' : undefined)] },
  };
}
