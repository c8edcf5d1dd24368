/**
 * Watch events -> stage events. Pure: the caller keeps the small state (pods alive) and feeds one
 * watch event at a time. Sources: ScaledObject `Active` (kedacore/keda
 * apis/keda/v1alpha1/condition_types.go@v2.19.0), the scale target's `spec.replicas`, Pod
 * conditions and container states (kubernetes/api core/v1/types.go@v0.35.0: PodReady,
 * ContainerStateRunning), kubelet's `Pulled` event reason (kubernetes/kubernetes
 * pkg/kubelet/events/event.go, PulledImage), NodeClaim `Launched` (kubernetes-sigs/karpenter
 * pkg/apis/v1/nodeclaim_status.go@v1.9.0), Node `Ready` and allocatable GPUs.
 */
import { POOL_LABEL } from '../checks/nodes';
import { isTrue, type K8sObject } from '../types';
import type { StageEvent } from './clock';

/** What the translator must know about the workload under test. */
export interface Subject {
  /** Pod label selecting the workload's pods, as key and value. */
  readonly podLabel: readonly [string, string];
  /** The scale target (Deployment, or the Knative Revision's Deployment) name prefix. */
  readonly deployment: string;
  /** GPU pools the workload can land on. */
  readonly pools: readonly string[];
  readonly gpuResource: string;
}

/** Pods alive, nodes of the pools seen; carried between calls. */
export interface TranslateState {
  readonly pods: ReadonlySet<string>;
  readonly nodes: ReadonlySet<string>;
}

export const initialTranslateState = (): TranslateState => ({ pods: new Set(), nodes: new Set() });

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

const podMatches = (o: K8sObject, s: Subject) => o.metadata.labels?.[s.podLabel[0]] === s.podLabel[1];

function podStages(type: WatchType, o: K8sObject, at: number, st: TranslateState): { state: TranslateState; events: StageEvent[] } {
  const pods = new Set(st.pods);
  const events: StageEvent[] = [];
  if (type === 'DELETED') {
    pods.delete(o.metadata.name);
    if (pods.size === 0) events.push({ stage: 'pods-zero', at });
    return { state: { ...st, pods }, events };
  }
  pods.add(o.metadata.name);
  events.push({ stage: 'pod-created', at, detail: o.metadata.name });
  if ((o.status?.containerStatuses ?? []).some((c: any) => c.state?.running)) events.push({ stage: 'container-started', at });
  if (isTrue(o, 'Ready')) events.push({ stage: 'pod-ready', at, detail: o.spec?.nodeName });
  return { state: { ...st, pods }, events };
}

function nodeStages(type: WatchType, o: K8sObject, at: number, st: TranslateState, s: Subject): { state: TranslateState; events: StageEvent[] } {
  const nodes = new Set(st.nodes);
  if (type === 'DELETED') {
    nodes.delete(o.metadata.name);
    return { state: { ...st, nodes }, events: nodes.size === 0 ? [{ stage: 'node-removed', at, detail: o.metadata.name }] : [] };
  }
  nodes.add(o.metadata.name);
  const events: StageEvent[] = [];
  if (isTrue(o, 'Ready')) events.push({ stage: 'node-ready', at, detail: o.metadata.name });
  if (Number(o.status?.allocatable?.[s.gpuResource] ?? 0) > 0) events.push({ stage: 'gpu-allocatable', at, detail: o.metadata.name });
  return { state: { ...st, nodes }, events };
}

/** The stage events one watch event means for the workload under test. */
export function translate(st: TranslateState, type: WatchType, o: K8sObject, at: number, s: Subject): { state: TranslateState; events: StageEvent[] } {
  const none = { state: st, events: [] as StageEvent[] };
  switch (o.kind) {
    case 'ScaledObject':
      return isTrue(o, 'Active') ? { state: st, events: [{ stage: 'metric-seen', at }] } : none;
    case 'Deployment':
      return o.metadata.name.startsWith(s.deployment) && (o.spec?.replicas ?? 0) > 0 ? { state: st, events: [{ stage: 'activated', at }] } : none;
    case 'Pod':
      return podMatches(o, s) ? podStages(type, o, at, st) : none;
    case 'NodeClaim':
      return s.pools.includes(o.metadata.labels?.[POOL_LABEL] ?? '') && isTrue(o, 'Launched') ? { state: st, events: [{ stage: 'nodeclaim-launched', at, detail: o.metadata.name }] } : none;
    case 'Node':
      return s.pools.includes(o.metadata.labels?.[POOL_LABEL] ?? '') ? nodeStages(type, o, at, st, s) : none;
    case 'Event': {
      const e = o as K8sObject & { reason?: string; involvedObject?: { kind: string; name: string } };
      return e.reason === 'Pulled' && e.involvedObject?.kind === 'Pod' && st.pods.has(e.involvedObject.name) ? { state: st, events: [{ stage: 'image-pulled', at }] } : none;
    }
    default:
      return none;
  }
}
