/**
 * Measured stages against the budget report's model (`src/report/budget.ts`, terms from
 * `src/config/derived/cold-start.ts`): each stage fails when it took longer than its modelled
 * worst case. Stage boundaries: trigger lag = load applied -> scale target activated (the model's
 * trigger terms together: Pushgateway scrape for a pushed load, KEDA polling); node ready =
 * activated -> node Ready; image pull = GPU allocatable -> kubelet's Pulled; model load =
 * container started -> pod Ready; total = load applied -> pod Ready; scale to zero = load
 * removed -> last pod gone / last GPU node gone.
 */
import type { WorkloadBudget } from '../../report/budget';
import { between, type ClockState, type Stage } from './clock';

/** One measured stage beside its model. */
export interface StageComparison {
  /** Key used in measurement files and the budget report's `measured` column. */
  readonly key: MeasuredKey;
  readonly label: string;
  readonly measuredSeconds?: number;
  readonly modelledSeconds?: number;
  /** False when measured exceeds the modelled worst case. */
  readonly ok: boolean;
}

export const MEASURED_KEYS = ['triggerLag', 'nodeReady', 'imagePull', 'modelLoad', 'coldStart', 'podsToZero', 'nodesRemoved'] as const;
export type MeasuredKey = (typeof MEASURED_KEYS)[number];

const SPANS: Record<MeasuredKey, readonly [Stage, Stage, string]> = {
  triggerLag: ['load-applied', 'activated', 'trigger lag'],
  nodeReady: ['activated', 'node-ready', 'node ready'],
  imagePull: ['gpu-allocatable', 'image-pulled', 'image pull'],
  modelLoad: ['container-started', 'pod-ready', 'model load'],
  coldStart: ['load-applied', 'pod-ready', 'cold start (total)'],
  podsToZero: ['load-removed', 'pods-zero', 'pods at zero'],
  nodesRemoved: ['load-removed', 'node-removed', 'last node removed'],
};

function modelled(b: WorkloadBudget, key: MeasuredKey, p2p: boolean): number | undefined {
  const c = b.coldStart;
  switch (key) {
    // Load applied -> activated spans every trigger term: the Pushgateway scrape (pushed load) and KEDA polling.
    case 'triggerLag': return c.triggerLagSeconds;
    case 'nodeReady': return c.nodeReady.seconds;
    case 'imagePull': return (p2p ? c.p2pPull : c.registryPull).seconds;
    case 'modelLoad': return c.modelLoad.seconds;
    // The total's worst case is the one without P2P: a first node may find no peer.
    case 'coldStart': return c.withoutP2pSeconds;
    case 'podsToZero': return b.scaleToZero.podsSeconds;
    case 'nodesRemoved': return b.scaleToZero.nodesSeconds;
  }
}

/** Every stage both measured and modelled; stages not reached carry no measured seconds. */
export function compareWithBudget(s: ClockState, b: WorkloadBudget, p2p: boolean): StageComparison[] {
  return MEASURED_KEYS.map((key) => {
    const [from, to, label] = SPANS[key];
    const measuredSeconds = between(s, from, to);
    const modelledSeconds = modelled(b, key, p2p);
    const ok = measuredSeconds === undefined || modelledSeconds === undefined || measuredSeconds <= modelledSeconds;
    return { key, label, measuredSeconds, modelledSeconds, ok };
  });
}

/**
 * Whether the image came through the node's Dragonfly peer: `peerBytes` is what the peer served
 * during the pull (its proxy/peer-task counters, before and after). Zero while P2P is enabled
 * means containerd went straight to the registry, as it does for private ECR images when it
 * does not hand kubelet's credentials to the mirror host (containerd/containerd#10996: kubelet
 * passes credentials for the image's own registry host only).
 */
export function p2pVerdict(peerBytes: number | undefined): { ok: boolean; message: string } {
  if (peerBytes === undefined) return { ok: false, message: 'Dragonfly peer metrics not readable on the node' };
  return peerBytes > 0
    ? { ok: true, message: `${peerBytes} bytes served by the node's Dragonfly peer` }
    : { ok: false, message: 'image pulled straight from the registry, not through the Dragonfly peer: containerd does not pass registry credentials to a mirror host (containerd/containerd#10996)' };
}
