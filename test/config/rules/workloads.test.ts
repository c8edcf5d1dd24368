import { describe, expect, it } from 'vitest';
import { environments } from '../../../src/config/environments';
import { imageProblem } from '../../../src/config/rules/workloads';
import { validateEnvironment } from '../../../src/config/validate';
import { fixtureEnvironment } from '../../fixtures/environment';
import { withOverride } from '../../support/rendered';

const { dev, prod } = environments;
const at = 'dev.workloads.services';

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
    const bad = withOverride(dev, (d) => (d.workloads.services.embeddings.resources.gpus = 2));
    const problems = validateEnvironment(bad);
    expect(problems[0].path).toBe(`${at}.embeddings.resources`);
    expect(problems[0].message).toMatch(/^2 GPU\(s\) of 12000 MiB, 3 vCPU and 12 GiB fit no instance type/);
  });

  it('refuses a CPU-only workload on the GPU pools', () => {
    const bad = withOverride(dev, (d) => (d.workloads.services.embeddings.resources.gpus = 0));
    expect(validateEnvironment(bad)).toEqual([
      {
        path: `${at}.embeddings.resources.gpus`,
        message: 'a CPU-only workload must not run on the GPU pools (it would tolerate the GPU taint and keep GPU nodes busy); give it at least 1 GPU or run it elsewhere',
      },
    ]);
  });

  it('refuses node selectors on labels that appear only after boot', () => {
    const bad = withOverride(dev, (d) => (d.workloads.services.chat.nodeSelector = { 'nvidia.com/gpu.memory': '16Gi', 'karpenter.sh/capacity-type': 'spot' }));
    expect(validateEnvironment(bad)).toEqual([
      {
        path: `${at}.chat.nodeSelector.nvidia.com/gpu.memory`,
        message: 'GFD/NFD labels appear only after a node boots, so Karpenter never launches a node for them; use resources.vramMiB (compiled to instance types) instead',
      },
    ]);
  });

  it('refuses a Knative timeout below the cold-start budget', () => {
    // 2 + 37 + 182 + 90 = 311 s for the 8 GiB chat image.
    const bad = withOverride(dev, (d) => (d.workloads.services.chat.timeoutSeconds = 300));
    expect(validateEnvironment(bad)).toEqual([
      {
        path: `${at}.chat.timeoutSeconds`,
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
    const bad = withOverride(dev, (d) => (d.workloads.services.chat.targetUtilizationPercentage = 0));
    expect(validateEnvironment(bad)).toEqual([{ path: `${at}.chat.targetUtilizationPercentage`, message: '0 is not a percentage Knative accepts (1-100)' }]);
  });

  it('refuses :latest and untagged images', () => {
    const bad = withOverride(dev, (d) => {
      d.workloads.services.chat.image = 'registry.local:5000/chat:latest';
      d.workloads.services.embeddings.image = 'registry.local:5000/embed';
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: `${at}.embeddings.image`, message: '"registry.local:5000/embed" has no tag; pin a version tag or a digest' },
      { path: `${at}.chat.image`, message: '"registry.local:5000/chat:latest" uses :latest; pin a version tag or a digest so a revert is possible' },
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
    const bad = withOverride(prod, (d) => {
      d.workloads.services.embeddings.triggers = d.workloads.services.embeddings.triggers.filter((t: any) => t.source === 'vllm');
      delete d.workloads.services.embeddings.cron;
    });
    expect(validateEnvironment(bad)).toEqual([
      {
        path: 'prod.workloads.services.embeddings.triggers',
        message:
          'scale-from-zero needs a trigger that exists at zero replicas (source "queue"): vLLM metrics only exist while pods run, and a cron baseline ' +
          'leaves work that arrives outside its schedule waiting for the next start; add a queue trigger, or set cron.jobsMayWaitForSchedule: true if that wait is acceptable',
      },
    ]);
  });

  it('refuses GPU pools that can never return to zero when workloads scale to zero', () => {
    const bad = withOverride(dev, (d) => {
      d.nodes.pools.gpu.disruption.consolidateAfter = 'Never';
      d.nodes.pools.gpu.disruption.budgets = [{ nodes: '0' }];
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: 'dev.nodes.pools.gpu.disruption.consolidateAfter', message: 'workloads scale to zero but this GPU pool never consolidates, so its empty nodes are paid for forever; set a duration' },
      { path: 'dev.nodes.pools.gpu.disruption.budgets[0]', message: 'an always-on "0 nodes" budget blocks removing empty GPU nodes forever; add a schedule and duration, or limit its reasons' },
    ]);
  });

  it('refuses a Knative progress deadline shorter than the worst HTTP cold start', () => {
    const bad = withOverride(dev, (d) => (d.knative.progressDeadlineSeconds = 300));
    expect(validateEnvironment(bad)).toEqual([
      { path: 'dev.knative.progressDeadlineSeconds', message: '300 s is below the worst HTTP cold start (311 s): new revisions would be marked failed while their GPU node boots' },
    ]);
  });
});
