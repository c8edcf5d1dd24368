import { describe, expect, it } from 'vitest';
import { instanceTypes } from '../../src/config/instances';
import type { EnvironmentConfig } from '../../src/config/types';
import { budgetReport, dearestFleet, durationSeconds } from '../../src/report';
import { fixtureEnvironment } from '../fixtures/environment';

const pool = (env: EnvironmentConfig, name: string) => budgetReport(env).gpuPools.find((p) => p.pool === name)!;
const workload = (env: EnvironmentConfig, name: string) => budgetReport(env).workloads.find((w) => w.name === name)!;
const types = (...names: string[]) => names.map((n) => instanceTypes[n]);

describe('GPU spend ceiling', () => {
  it('is nodes of one type x its price when one type is allowed: min over the limits of floor(limit / amount)', () => {
    // g5.xlarge: 1 GPU, 4 vCPU, 16 GiB; limits 4 GPUs, 32 vCPU, 128 GiB -> min(4, 8, 8) = 4 nodes
    expect(dearestFleet(types('g5.xlarge'), { gpus: 4, cpu: 32, memoryGiB: 128 }).usdPerHour).toBe(4 * 1.006);
    // vCPU binds: 16 vCPU / 4 = 4 nodes although 8 GPUs are allowed
    expect(dearestFleet(types('g5.xlarge'), { gpus: 8, cpu: 16, memoryGiB: 128 }).usdPerHour).toBe(4 * 1.006);
  });

  it('finds a mix dearer than any single type', () => {
    // limits 4 GPUs, 40 vCPU, 160 GiB. g4dn.2xlarge alone: min(4, 5, 5) = 4 nodes = 3.008; g4dn.4xlarge alone: min(4, 2, 2) = 2 = 2.408;
    // 1 x g4dn.4xlarge (16 vCPU, 64 GiB) + 3 x g4dn.2xlarge (24 vCPU, 96 GiB) = 40 vCPU, 160 GiB, 4 GPUs
    const fleet = dearestFleet(types('g4dn.2xlarge', 'g4dn.4xlarge'), { gpus: 4, cpu: 40, memoryGiB: 160 });
    expect(fleet.usdPerHour).toBeCloseTo(1.204 + 3 * 0.752, 10);
    expect(fleet.nodes.map((n) => [n.instanceType, n.count])).toEqual([['g4dn.4xlarge', 1], ['g4dn.2xlarge', 3]]);
  });

  // Fixture pools: gpu = T4 (g4dn.xlarge/2xlarge/4xlarge), a10g = A10G (g5.xlarge/2xlarge/12xlarge).
  const t4 = fixtureEnvironment((d) => {
    delete d.nodes.pools.a10g;
    d.nodes.pools.gpu.limits = { cpu: 32, memoryGiB: 128, gpus: 4 };
  });

  it('the dearest type alone is not the ceiling', () => {
    const gpu = pool(t4, 'gpu');
    // g4dn.4xlarge (16 vCPU, 64 GiB) under 32 vCPU / 128 GiB: 2 nodes
    expect(gpu.dearestType).toEqual({ instanceType: 'g4dn.4xlarge', nodes: 2, usdPerHour: 2 * 1.204 });
    // 4 x g4dn.2xlarge (8 vCPU, 32 GiB) fill 32 vCPU, 128 GiB and 4 GPUs exactly
    expect(gpu.ceiling).toEqual({ nodes: [{ instanceType: 'g4dn.2xlarge', count: 4, usdPerHour: 0.752 }], usdPerHour: 4 * 0.752 });
    expect(budgetReport(t4).gpuSpendCeilingUsdPerHour).toBeCloseTo(4 * 0.752, 10);
  });

  it('per pool, GPU pools total, and with the baseline GPU node group', () => {
    const env = fixtureEnvironment((d) => {
      d.nodes.pools.gpu.limits = { cpu: 32, memoryGiB: 128, gpus: 4 };
      d.nodes.pools.a10g.limits = { cpu: 192, memoryGiB: 768, gpus: 16 };
      Object.assign(d.nodes.baselineGpuNodeGroup, { instanceType: 'g5.xlarge', desiredSize: 4, minSize: 4, maxSize: 4 });
    });
    // a10g: g5.12xlarge (4 GPUs, 48 vCPU, 192 GiB) under 16 / 192 / 768: min(4, 4, 4) = 4
    expect(pool(env, 'a10g').ceiling.usdPerHour).toBe(4 * 5.672);
    const r = budgetReport(env);
    expect(r.gpuPoolsUsdPerHour).toBeCloseTo(4 * 5.672 + 4 * 0.752, 10);
    expect(r.gpuSpendCeilingUsdPerHour).toBeCloseTo(4 * 5.672 + 4 * 0.752 + 4 * 1.006, 10);
  });

  it('rises when a NodePool GPU limit rises', () => {
    // 8 GPUs under 32 vCPU / 128 GiB: 8 x g4dn.xlarge (4 vCPU, 16 GiB) is the dearest use of them
    const raised = fixtureEnvironment((d) => {
      delete d.nodes.pools.a10g;
      d.nodes.pools.gpu.limits = { cpu: 32, memoryGiB: 128, gpus: 8 };
    });
    expect(pool(raised, 'gpu').ceiling.usdPerHour).toBeCloseTo(8 * 0.526, 10);
    expect(budgetReport(raised).gpuSpendCeilingUsdPerHour).toBeGreaterThan(budgetReport(t4).gpuSpendCeilingUsdPerHour);
  });
});

describe('always-on cost', () => {
  /** The fixture with `system` x its system node type and `baseline` x its baseline GPU node type always on. */
  const alwaysOn = (system: [string, number], baseline: [string, number]) =>
    budgetReport(
      fixtureEnvironment((d) => {
        Object.assign(d.nodes.systemNodeGroup, { instanceType: system[0], desiredSize: system[1], minSize: system[1], maxSize: system[1] });
        Object.assign(d.nodes.baselineGpuNodeGroup, { instanceType: baseline[0], desiredSize: baseline[1], minSize: baseline[1], maxSize: baseline[1] });
      }),
    ).alwaysOn;

  it('is the system node group plus the baseline GPU node group, per hour and per 730-hour month', () => {
    // t3.large $0.0832/h, g4dn.xlarge $0.526/h, m6i.xlarge $0.192/h, g5.xlarge $1.006/h
    const noBaseline = alwaysOn(['t3.large', 3], ['g4dn.xlarge', 0]);
    expect(noBaseline.usdPerHour).toBeCloseTo(3 * 0.0832 + 0 * 0.526, 10);
    expect(noBaseline.usdPerMonth).toBeCloseTo((3 * 0.0832) * 730, 8);
    const withBaseline = alwaysOn(['m6i.xlarge', 4], ['g5.xlarge', 4]);
    expect(withBaseline.usdPerHour).toBeCloseTo(4 * 0.192 + 4 * 1.006, 10);
    expect(withBaseline.usdPerMonth).toBeCloseTo((4 * 0.192 + 4 * 1.006) * 730, 8);
  });
});

/**
 * The fixture with every input of the workloads' time budgets set here: worker (async, a queue
 * trigger: the Pushgateway is scraped every 10 s) polls every 15 s, cools down for 300 s, pulls 6 GiB and loads its model in 45 s; web (http) pulls
 * 8 GiB, loads in 90 s and delays scale-down by 2m; Knative's stable window is 60s and its
 * scale-to-zero grace period 30s; both GPU pools (each fits either workload) consolidate after 3m.
 */
const timed = (patch: (d: any) => void = () => undefined) =>
  fixtureEnvironment((d) => {
    Object.assign(d.workloads.services.worker, { minReplicas: 0, pollingIntervalSeconds: 15, cooldownPeriodSeconds: 300, coldStart: { imageSizeMiB: 6_144, modelLoadSeconds: 45 } });
    Object.assign(d.workloads.services.web, { minReplicas: 0, scaleDownDelay: '2m', coldStart: { imageSizeMiB: 8_192, modelLoadSeconds: 90 } });
    delete d.workloads.services.worker.cron;
    Object.assign(d.knative, { stableWindow: '60s', scaleToZeroGracePeriod: '30s' });
    d.addons.pushgateway.scrapeInterval = '10s';
    // New disruption objects: the fixture's GPU pools share one.
    for (const name of ['gpu', 'a10g']) d.nodes.pools[name].disruption = { consolidationPolicy: 'WhenEmpty', consolidateAfter: '3m', budgets: [{ nodes: '100%' }] };
    patch(d);
  });

describe('scale from zero', () => {
  it('adds trigger lag, node ready, image pull and model load, with and without P2P', () => {
    const worker = workload(timed(), 'worker').coldStart;
    // 10 s Pushgateway scrape + 15 s polling + 37 s node + (47 s measured + (6144 - 124) MiB / 60 MiB/s, rounded up) + 45 s load
    expect(worker.withoutP2pSeconds).toBe(10 + 15 + 37 + Math.ceil(47 + (6144 - 124) / 60) + 45);
    // P2P: 3 s + 6144 MiB / 250 MiB/s, rounded up
    expect(worker.withP2pSeconds).toBe(10 + 15 + 37 + Math.ceil(3 + 6144 / 250) + 45);
    const web = workload(timed(), 'web').coldStart;
    // 2 s Knative activation instead of polling
    expect(web.withoutP2pSeconds).toBe(2 + 37 + Math.ceil(47 + (8192 - 124) / 60) + 90);
    expect(web.withP2pSeconds).toBe(2 + 37 + Math.ceil(3 + 8192 / 250) + 90);
  });

  it('changes by exactly 15 s between pollingInterval 15 and 30', () => {
    const at = (s: number) => workload(timed((d) => (d.workloads.services.worker.pollingIntervalSeconds = s)), 'worker').coldStart;
    expect(at(30).withoutP2pSeconds! - at(15).withoutP2pSeconds!).toBe(15);
    expect(at(30).withP2pSeconds! - at(15).withP2pSeconds!).toBe(15);
  });

  it('counts one Pushgateway scrape interval, then one polling interval, as the trigger lag of a queue-triggered worker', () => {
    const c = workload(timed(), 'worker').coldStart;
    expect(c.trigger).toEqual([
      {
        label: 'trigger lag (Pushgateway scrape)',
        seconds: 10,
        basis: 'modelled',
        source: 'worst case: one full addons.pushgateway.scrapeInterval "10s" (a depth pushed just after a scrape waits for the next)',
      },
      { label: 'trigger lag (KEDA polling)', seconds: 15, basis: 'modelled', source: 'worst case: one full workloads.services.worker.pollingIntervalSeconds' },
    ]);
    expect(c.triggerLagSeconds).toBe(25);
    // 10s -> 30s: the cold start grows by the 20 s difference, with and without P2P
    const at30 = workload(timed((d) => (d.addons.pushgateway.scrapeInterval = '30s')), 'worker').coldStart;
    expect([at30.trigger[0].seconds, at30.withoutP2pSeconds! - c.withoutP2pSeconds!, at30.withP2pSeconds! - c.withP2pSeconds!]).toEqual([30, 20, 20]);
    // HTTP: Knative activation only
    expect(workload(timed(), 'web').coldStart.trigger.map((t) => [t.label, t.seconds])).toEqual([['trigger lag (Knative activation)', 2]]);
  });

  it('adds no scrape to a worker no pushed metric triggers (a cron baseline and vLLM metrics only)', () => {
    const cronOnly = timed((d) => {
      d.workloads.services.worker.triggers = [{ name: 'waiting', source: 'vllm', query: 'sum(vllm:num_requests_waiting)', threshold: 4, activationThreshold: 0 }];
      d.workloads.services.worker.cron = { timezone: 'UTC', start: '0 8 * * 1-5', end: '0 18 * * 1-5', desiredReplicas: 1, jobsMayWaitForSchedule: true };
    });
    const c = workload(cronOnly, 'worker').coldStart;
    expect([c.trigger.map((t) => t.label), c.triggerLagSeconds]).toEqual([['trigger lag (KEDA polling)'], 15]);
  });

  it('shows a scrape interval that does not parse as unparsed, and no total', () => {
    const c = workload(timed((d) => (d.addons.pushgateway.scrapeInterval = '10 seconds')), 'worker').coldStart;
    expect([c.trigger[0].seconds, c.triggerLagSeconds, c.withoutP2pSeconds, c.withP2pSeconds]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('labels each term measured or modelled', () => {
    const c = workload(timed(), 'worker').coldStart;
    // the gpu pool allows g4dn.xlarge, the type the node-ready time was measured on
    expect([...c.trigger, c.nodeReady, c.registryPull, c.p2pPull, c.modelLoad].map((t) => t.basis)).toEqual(['modelled', 'modelled', 'measured', 'modelled', 'modelled', 'modelled']);
    // A10G only (no g4dn.xlarge): the measured node-ready time is an assumption there
    const a10gOnly = timed((d) => delete d.nodes.pools.gpu);
    expect(workload(a10gOnly, 'worker').coldStart.nodeReady.basis).toBe('modelled');
    // an image no larger than the measured one pulls in the measured 47 s
    const small = workload(timed((d) => (d.workloads.services.worker.coldStart.imageSizeMiB = 100)), 'worker').coldStart;
    expect(small.registryPull).toMatchObject({ seconds: 47, basis: 'measured' });
  });
});

describe('scale to zero', () => {
  it('async: cooldown + one polling interval, then the pool\'s consolidateAfter', () => {
    const z = workload(timed(), 'worker').scaleToZero;
    expect(z.podsSeconds).toBe(300 + 15);
    expect(z.nodesSeconds).toBe(300 + 15 + 3 * 60);
    // cooldown 600; of the pools it can land on, the slowest (a10g) consolidates after 2h
    const slow = timed((d) => {
      d.workloads.services.worker.cooldownPeriodSeconds = 600;
      d.nodes.pools.a10g.disruption.consolidateAfter = '2h';
    });
    expect(workload(slow, 'worker').scaleToZero.nodesSeconds).toBe(600 + 15 + 2 * 3600);
  });

  it('http: stable window + scale-down delay + scale-to-zero grace period, then consolidateAfter', () => {
    const z = workload(timed(), 'web').scaleToZero;
    expect(z.podsSeconds).toBe(60 + 2 * 60 + 30);
    expect(z.nodesSeconds).toBe(60 + 2 * 60 + 30 + 3 * 60);
    // minReplicas 1 keeps one replica
    const kept = timed((d) => (d.workloads.services.web.minReplicas = 1));
    expect(workload(kept, 'web').scaleToZero).toMatchObject({ never: 'minReplicas is 1', podsSeconds: Infinity, nodesSeconds: Infinity });
  });

  it('changes by 2h - 3m when consolidateAfter goes from 3m to 2h', () => {
    const slow = timed((d) => {
      for (const name of ['gpu', 'a10g']) d.nodes.pools[name].disruption.consolidateAfter = '2h';
    });
    for (const name of ['worker', 'web']) {
      expect(workload(slow, name).scaleToZero.nodesSeconds! - workload(timed(), name).scaleToZero.nodesSeconds!).toBe(2 * 3600 - 3 * 60);
    }
  });

  it('parses durations', () => {
    expect([durationSeconds('30s'), durationSeconds('3m'), durationSeconds('2h'), durationSeconds('1h30m')]).toEqual([30, 180, 7200, 5400]);
    expect(durationSeconds('Never')).toBe(Infinity);
    expect(durationSeconds('3 minutes')).toBeUndefined();
  });
});

describe('max replicas vs the GPU capacity', () => {
  it('fits floor(GPU capacity / GPUs per replica) and flags more', () => {
    // fixture: 4 (gpu) + 8 (a10g) pool GPUs, no baseline nodes; web: max 2 replicas of 1 GPU
    const env = fixtureEnvironment();
    expect(workload(env, 'web').replicas).toEqual({ max: 2, gpusPerReplica: 1, gpuCapacity: 12, fit: 12, exceeds: false });
    const withBaseline = fixtureEnvironment((d) => Object.assign(d.nodes.baselineGpuNodeGroup, { desiredSize: 4, minSize: 4, maxSize: 4 }));
    expect(workload(withBaseline, 'worker').replicas.fit).toBe(Math.floor((4 + 8 + 4 * 1) / 1));
    const over = fixtureEnvironment((d) => (d.workloads.services.web.maxReplicas = 13));
    expect(workload(over, 'web').replicas).toMatchObject({ fit: 12, exceeds: true });
    const twoGpus = fixtureEnvironment((d) => (d.workloads.services.web.resources.gpus = 2));
    expect(workload(twoGpus, 'web').replicas).toMatchObject({ fit: Math.floor(12 / 2), exceeds: false });
  });
});
