/**
 * Watch events translated into stages, and measured stages compared with the fixture's budget
 * model: a stage within its modelled worst case passes, one above it fails.
 */
import { describe, expect, it } from 'vitest';
import { budgetReport } from '../../src/report/budget';
import { startClock, step, type StageEvent } from '../../src/verify/scale/clock';
import { compareWithBudget, p2pVerdict } from '../../src/verify/scale/compare';
import { initialTranslateState, translate, type Subject, type WatchType } from '../../src/verify/scale/events';
import type { K8sObject } from '../../src/verify/types';
import { fixtureEnvironment } from '../fixtures/environment';
import { cond, node, obj } from './objects';

const subject: Subject = { podLabel: ['gpu-inference.io/workload', 'worker'], deployment: 'worker', pools: ['gpu'], gpuResource: 'nvidia.com/gpu' };
const pod = (name: string, o: { running?: boolean; ready?: boolean } = {}): K8sObject => ({
  ...obj('v1', 'Pod', name, 'inference', { metadata: { name, labels: { 'gpu-inference.io/workload': 'worker' } }, spec: { nodeName: 'n1' } }),
  status: { conditions: [cond('Ready', o.ready ? 'True' : 'False')], containerStatuses: [{ state: o.running ? { running: {} } : { waiting: {} } }] },
});

function replay(seq: [WatchType, K8sObject][]): StageEvent[] {
  let st = initialTranslateState();
  const out: StageEvent[] = [];
  seq.forEach(([type, o], i) => {
    const r = translate(st, type, o, i, subject);
    st = r.state;
    out.push(...r.events);
  });
  return out;
}

describe('watch events to stages', () => {
  it('turn a scripted scale-up and scale-down into the stages in order', () => {
    const pulled = { ...obj('v1', 'Event', 'e1', 'inference'), reason: 'Pulled', involvedObject: { kind: 'Pod', name: 'w-1' } } as K8sObject;
    const stages = replay([
      ['MODIFIED', { ...obj('keda.sh/v1alpha1', 'ScaledObject', 'worker', 'inference'), status: { conditions: [cond('Active', 'True')] } }],
      ['MODIFIED', obj('apps/v1', 'Deployment', 'worker', 'inference', { spec: { replicas: 1 } })],
      ['ADDED', pod('w-1')],
      ['MODIFIED', { ...obj('karpenter.sh/v1', 'NodeClaim', 'gpu-abc', undefined, { metadata: { name: 'gpu-abc', labels: { 'karpenter.sh/nodepool': 'gpu' } } }), status: { conditions: [cond('Launched', 'True')] } }],
      ['MODIFIED', node('n1', 'gpu', 'g4dn.xlarge')],
      ['MODIFIED', node('n1', 'gpu', 'g4dn.xlarge', { gpus: '1' })],
      ['ADDED', pulled],
      ['MODIFIED', pod('w-1', { running: true })],
      ['MODIFIED', pod('w-1', { running: true, ready: true })],
      ['DELETED', pod('w-1')],
      ['DELETED', node('n1', 'gpu', 'g4dn.xlarge')],
    ]);
    const first = [...new Set(stages.map((s) => s.stage))];
    expect(first).toEqual(['metric-seen', 'activated', 'pod-created', 'nodeclaim-launched', 'node-ready', 'gpu-allocatable', 'image-pulled', 'container-started', 'pod-ready', 'pods-zero', 'node-removed']);
  });
  it('ignore other workloads\' pods, CPU pools\' nodes and a ScaledObject not Active', () => {
    const other = { ...pod('x'), metadata: { name: 'x', labels: { 'gpu-inference.io/workload': 'web' } } };
    expect(replay([['ADDED', other], ['MODIFIED', node('c1', 'general', 'm6i.large')], ['MODIFIED', obj('keda.sh/v1alpha1', 'ScaledObject', 'worker', 'inference')]])).toEqual([]);
  });
});

describe('measured against modelled', () => {
  const w = budgetReport(fixtureEnvironment()).workloads.find((x) => x.name === 'worker')!;
  const clock = (podReadyAt: number, activatedAt = 1_000) => [
    { stage: 'load-applied', at: 0 },
    { stage: 'activated', at: activatedAt },
    { stage: 'node-ready', at: 50_000 },
    { stage: 'pod-ready', at: podReadyAt },
  ].reduce((s, e) => step(s, e as StageEvent), startClock(0, 10_000_000, ['pod-ready'], ['pods-zero']));
  it('pass stages within the model', () => {
    const r = compareWithBudget(clock(60_000), w, false);
    expect(r.find((x) => x.key === 'coldStart')).toMatchObject({ measuredSeconds: 60, modelledSeconds: w.coldStart.withoutP2pSeconds, ok: true });
    expect(r.find((x) => x.key === 'triggerLag')).toMatchObject({ measuredSeconds: 1, ok: true });
  });
  it('fail a cold start above the modelled worst case', () => {
    const slow = (w.coldStart.withoutP2pSeconds! + 1) * 1000;
    expect(compareWithBudget(clock(slow), w, false).find((x) => x.key === 'coldStart')?.ok).toBe(false);
  });
  it('compare the trigger lag span with the Pushgateway scrape plus KEDA polling (10 s + 15 s in the fixture)', () => {
    const trigger = (activatedAt: number) => compareWithBudget(clock(60_000, activatedAt), w, false).find((x) => x.key === 'triggerLag');
    expect(trigger(25_000)).toMatchObject({ measuredSeconds: 25, modelledSeconds: 25, ok: true });
    expect(trigger(26_000)).toMatchObject({ measuredSeconds: 26, modelledSeconds: 25, ok: false });
  });
  it('name containerd#10996 when the peer served nothing', () => {
    expect(p2pVerdict(0)).toMatchObject({ ok: false, message: expect.stringContaining('containerd/containerd#10996') });
    expect(p2pVerdict(1024).ok).toBe(true);
  });
});
