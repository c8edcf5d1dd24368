import { describe, expect, it } from 'vitest';
import { imageProblem } from '../../../src/config/rules/workloads';
import { validateEnvironment } from '../../../src/config/validate';
import { fixtureEnvironment } from '../../fixtures/environment';

const at = 'fixture.workloads.services';
/**
 * web's cold start, set by the tests that reason about it: 2 s activation + 37 s node + 182 s pull
 * of 8 GiB (the measured 47 s + (8192 - 124) MiB at 60 MiB/s, rounded up) + 90 s model load = 311 s.
 */
const WEB_COLD_START = { imageSizeMiB: 8_192, modelLoadSeconds: 90 };

describe('workload guardrails', () => {
  it('refuses VRAM that fits no allowed instance, naming the candidates', () => {
    const bad = fixtureEnvironment((d) => {
      delete d.nodes.pools.a10g; // T4 (16384 MiB) only
      d.workloads.services.web.resources.vramMiB = 24_000;
    });
    expect(validateEnvironment(bad)).toEqual([
      {
        path: 'fixture.workloads.services.web.resources',
        message:
          '1 GPU(s) of 24000 MiB, 3 vCPU and 12 GiB fit no instance type the GPU pools allow (after 0.4 vCPU / 1.5 GiB of DaemonSets plus kube-reserved per instance): ' +
          'pods of "web" would stay Pending; allow a larger instance type or shrink the request. ' +
          'Allowed: g4dn.xlarge (1x16384 MiB, 4 vCPU, 16 GiB), g4dn.2xlarge (1x16384 MiB, 8 vCPU, 32 GiB), g4dn.4xlarge (1x16384 MiB, 16 vCPU, 64 GiB)',
      },
    ]);
  });

  it('refuses a GPU count no instance has', () => {
    const bad = fixtureEnvironment((d) => {
      delete d.nodes.pools.a10g; // T4 only: every allowed type has 1 GPU
      d.workloads.services.worker.resources.gpus = 2;
    });
    const problems = validateEnvironment(bad);
    expect(problems[0].path).toBe(`${at}.worker.resources`);
    expect(problems[0].message).toMatch(/^2 GPU\(s\) of 12000 MiB, 3 vCPU and 12 GiB fit no instance type/);
  });

  it('refuses a CPU-only workload on the GPU pools', () => {
    const bad = fixtureEnvironment((d) => (d.workloads.services.worker.resources.gpus = 0));
    expect(validateEnvironment(bad)).toEqual([
      {
        path: `${at}.worker.resources.gpus`,
        message: 'a CPU-only workload must not run on the GPU pools (it would tolerate the GPU taint and keep GPU nodes busy); give it at least 1 GPU or run it elsewhere',
      },
    ]);
  });

  it('refuses node selectors on labels that appear only after boot', () => {
    const bad = fixtureEnvironment((d) => (d.workloads.services.web.nodeSelector = { 'nvidia.com/gpu.memory': '16Gi', 'karpenter.sh/capacity-type': 'spot' }));
    expect(validateEnvironment(bad)).toEqual([
      {
        path: `${at}.web.nodeSelector.nvidia.com/gpu.memory`,
        message: 'GFD/NFD labels appear only after a node boots, so Karpenter never launches a node for them; use resources.vramMiB (compiled to instance types) instead',
      },
    ]);
  });

  it('refuses a Knative timeout below the cold-start budget', () => {
    // WEB_COLD_START: 311 s.
    const bad = fixtureEnvironment((d) => Object.assign(d.workloads.services.web, { coldStart: WEB_COLD_START, timeoutSeconds: 300 }));
    expect(validateEnvironment(bad)).toEqual([
      {
        path: `${at}.web.timeoutSeconds`,
        message: '300 s is below the worst-case cold start of 311 s (activation + node + registry pull + model load): the first request after scale-to-zero would time out; raise it to at least 311',
      },
    ]);
  });

  it('refuses a CPU quota that covers the inference containers but not queue-proxy', () => {
    const bad = fixtureEnvironment((d) => {
      d.knative.queueProxy = { cpu: 0.5, cpuLimit: 1, memoryMiB: 256 };
      // At max scale during a rollout: worker 2 + 1 surge = 3 x 3 CPU, web 2 + 2 (new revision) = 4 x 3 CPU: 21;
      // queue-proxy: 4 x 0.5 = 2 more.
      d.namespaces.inference.quota.cpu = 21;
    });
    expect(validateEnvironment(bad)).toEqual([
      {
        path: 'fixture.namespaces.inference.quota.cpu',
        message: '21 is below the 23 CPUs the workloads request at max scale during a rollout (Deployment surge, a new Knative revision at full scale); the quota would stall the rollout or cap scale-out',
      },
    ]);
  });

  it('refuses a target utilization Knative does not accept', () => {
    const bad = fixtureEnvironment((d) => (d.workloads.services.web.targetUtilizationPercentage = 0));
    expect(validateEnvironment(bad)).toEqual([{ path: `${at}.web.targetUtilizationPercentage`, message: '0 is not a percentage Knative accepts (1-100)' }]);
  });

  it('refuses :latest and untagged images', () => {
    const bad = fixtureEnvironment((d) => {
      d.workloads.services.web.image = 'registry.local:5000/web:latest';
      d.workloads.services.worker.image = 'registry.local:5000/worker';
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: `${at}.worker.image`, message: '"registry.local:5000/worker" has no tag; pin a version tag or a digest' },
      { path: `${at}.web.image`, message: '"registry.local:5000/web:latest" uses :latest; pin a version tag or a digest so a revert is possible' },
    ]);
    expect(imageProblem(`repo/x@sha256:${'a'.repeat(64)}`)).toBeUndefined();
    expect(imageProblem('repo/x:1.2.3')).toBeUndefined();
  });

  it('refuses a GPU quota that covers max scale but not a rollout at max scale', () => {
    const bad = fixtureEnvironment((d) => {
      d.workloads.services.worker.maxReplicas = 4; // Deployment: + 1 (25% surge, rounded up)
      d.workloads.services.web.maxReplicas = 2; // Knative: + 2 (a new revision at full scale)
      d.namespaces.inference.quota.gpus = 8; // covers 6 at max scale, not 5 + 4 = 9
    });
    expect(validateEnvironment(bad)).toEqual([
      {
        path: 'fixture.namespaces.inference.quota.gpus',
        message: '8 is below the 9 GPUs the workloads request at max scale during a rollout (Deployment surge, a new Knative revision at full scale); the quota would stall the rollout or cap scale-out',
      },
    ]);
  });

  it('refuses scale-from-zero on a metric that exists only while pods run', () => {
    // worker scales from zero (minReplicas 0) on a vLLM metric only, with no cron baseline.
    const bad = fixtureEnvironment((d) => {
      d.workloads.services.worker.minReplicas = 0;
      delete d.workloads.services.worker.cron;
      d.workloads.services.worker.triggers = [
        { name: 'vllm-waiting', source: 'vllm', query: 'sum(vllm:num_requests_waiting{pod=~"worker-.*"})', threshold: 10, activationThreshold: 0 },
      ];
    });
    expect(validateEnvironment(bad)).toEqual([
      {
        path: `${at}.worker.triggers`,
        message:
          'scale-from-zero needs a trigger that exists at zero replicas (source "queue"): vLLM metrics only exist while pods run, and a cron baseline ' +
          'leaves work that arrives outside its schedule waiting for the next start; add a queue trigger, or set cron.jobsMayWaitForSchedule: true if that wait is acceptable',
      },
    ]);
  });

  it('refuses GPU pools that can never return to zero when workloads scale to zero', () => {
    // Both fixture workloads have minReplicas 0. A new disruption object: the fixture's GPU pools share theirs.
    const bad = fixtureEnvironment((d) => {
      d.nodes.pools.gpu.disruption = { ...d.nodes.pools.gpu.disruption, consolidateAfter: 'Never', budgets: [{ nodes: '0' }] };
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.nodes.pools.gpu.disruption.consolidateAfter', message: 'workloads scale to zero but this GPU pool never consolidates, so its empty nodes are paid for forever; set a duration' },
      { path: 'fixture.nodes.pools.gpu.disruption.budgets[0]', message: 'an always-on "0 nodes" budget blocks removing empty GPU nodes forever; add a schedule and duration, or limit its reasons' },
    ]);
  });

  it('refuses a Knative progress deadline shorter than the worst HTTP cold start', () => {
    // web, the only HTTP service: WEB_COLD_START, 311 s.
    const bad = fixtureEnvironment((d) => {
      d.workloads.services.web.coldStart = WEB_COLD_START;
      d.knative.progressDeadlineSeconds = 300;
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.knative.progressDeadlineSeconds', message: '300 s is below the worst HTTP cold start (311 s): new revisions would be marked failed while their GPU node boots' },
    ]);
  });
});
