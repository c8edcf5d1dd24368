import { coldStartBudget } from '../derived/cold-start';
import { quotaDemand, type QuotaAmounts } from '../derived/demand';
import { SPOT_NOTICE_SECONDS } from '../derived/termination';
import { wakeUp } from '../derived/wake-up';
import { gpuWorkloads, placementOf, type GpuWorkload } from '../derived/disaggregated';
import { gpuNodeDaemonSetRequests } from '../derived/gpu-node-daemonsets';
import { gpuCandidates, gpuCapacity, gpuDemandAtMax } from '../derived/placement';
import { checkDisaggregated, checkRoleScaling } from './disaggregated';
import type { EnvironmentConfig } from '../types';
import type { HttpWorkloadConfig, WorkloadConfig } from '../workload-types';
import type { Problems } from './collector';

/** `registry/repo:tag`, `registry/repo@sha256:...` or both; the tag is after the last `/`. */
export function imageProblem(image: string): string | undefined {
  const digest = /@sha256:[a-f0-9]{64}$/.test(image);
  const last = image.split('@')[0].split('/').pop() ?? '';
  const tag = last.includes(':') ? last.split(':').pop() : undefined;
  if (tag === 'latest') return `"${image}" uses :latest; pin a version tag or a digest so a revert is possible`;
  if (!tag && !digest) return `"${image}" has no tag; pin a version tag or a digest`;
  return undefined;
}

/** Two decimals at most, without trailing zeros: `0.4`, `1.58`. */
const round = (n: number) => Number(n.toFixed(2));

/** Labels that appear only after a node boots (GFD/NFD): Karpenter cannot launch for them. */
const POST_BOOT_LABEL = /^(nvidia\.com\/|feature\.node\.kubernetes\.io\/)/;

function checkPlacement(env: EnvironmentConfig, g: GpuWorkload, p: Problems, at: string): void {
  const { name, w } = g;
  const r = w.resources;
  if (!p.check(r.gpus >= 1, `${at}.resources.gpus`, 'a CPU-only workload must not run on the GPU pools (it would tolerate the GPU taint and keep GPU nodes busy); give it at least 1 GPU or run it elsewhere')) return;
  // A role's pool is checked by the disaggregated rules; an unknown pool is reported there.
  if (g.pool !== undefined && env.nodes.pools[g.pool]?.gpu !== true) return;
  if (placementOf(env, g).length > 0) return;
  const allowed = g.pool ? new Set(env.nodes.pools[g.pool].instanceTypes) : undefined;
  const where = g.pool ? `the GPU pool "${g.pool}" allows` : 'the GPU pools allow';
  const candidates = gpuCandidates(env).filter((i) => !allowed || allowed.has(i.name)).map((i) => `${i.name} (${i.gpuCount}x${i.gpuMemoryMiB} MiB, ${i.vcpu} vCPU, ${i.memoryGiB} GiB)`);
  const daemonSets = gpuNodeDaemonSetRequests(env);
  p.fail(
    `${at}.resources`,
    `${r.gpus} GPU(s) of ${r.vramMiB} MiB, ${r.cpu} vCPU and ${r.memoryGiB} GiB fit no instance type ${where} ` +
      `(after ${round(daemonSets.cpu)} vCPU / ${round(daemonSets.memoryMiB / 1024)} GiB of DaemonSets plus kube-reserved per instance): pods of "${name}" would stay Pending; ` +
      `allow a larger instance type or shrink the request. Allowed: ${candidates.join(', ')}`,
  );
}

function checkAsync(w: Extract<WorkloadConfig, { kind: 'async' }>, p: Problems, at: string): void {
  if (w.minReplicas === 0) {
    p.check(
      wakeUp(w) !== undefined,
      `${at}.triggers`,
      'scale-from-zero needs a trigger that exists at zero replicas (source "queue"): vLLM metrics only exist while pods run, and a cron baseline ' +
        'leaves work that arrives outside its schedule waiting for the next start; add a queue trigger, or set cron.jobsMayWaitForSchedule: true if that wait is acceptable',
    );
  }
  p.check(w.triggers.length > 0, `${at}.triggers`, 'an async workload needs at least one trigger');
  p.check(w.drainSeconds < SPOT_NOTICE_SECONDS, `${at}.drainSeconds`, `${w.drainSeconds} must be below the ${SPOT_NOTICE_SECONDS} s termination grace period, or SIGTERM never reaches the server`);
  p.check(w.fallbackReplicas <= w.maxReplicas, `${at}.fallbackReplicas`, `${w.fallbackReplicas} exceeds maxReplicas ${w.maxReplicas}`);
  if (w.cron) p.check(w.cron.desiredReplicas <= w.maxReplicas, `${at}.cron.desiredReplicas`, `${w.cron.desiredReplicas} exceeds maxReplicas ${w.maxReplicas}`);
}

function checkHttp(env: EnvironmentConfig, w: Extract<WorkloadConfig, { kind: 'http' }>, p: Problems, at: string): void {
  const maxTimeout = env.knative.maxRevisionTimeoutSeconds;
  const budget = coldStartBudget(env, w, false).total;
  p.check(
    w.timeoutSeconds >= budget,
    `${at}.timeoutSeconds`,
    `${w.timeoutSeconds} s is below the worst-case cold start of ${budget} s (activation + node + registry pull + model load): the first request after scale-to-zero would time out; raise it to at least ${budget}`,
  );
  p.check(w.timeoutSeconds >= SPOT_NOTICE_SECONDS, `${at}.timeoutSeconds`, `Knative derives the pod termination grace period from it; keep it at least ${SPOT_NOTICE_SECONDS} s (the spot notice)`);
  p.check(w.timeoutSeconds <= maxTimeout, `${at}.timeoutSeconds`, `${w.timeoutSeconds} exceeds knative.maxRevisionTimeoutSeconds (${maxTimeout}); Knative rejects the revision`);
  p.check(w.containerConcurrency >= w.targetConcurrency, `${at}.targetConcurrency`, `${w.targetConcurrency} exceeds containerConcurrency ${w.containerConcurrency}; the soft target must not exceed the hard limit`);
}

const QUOTA_UNITS: Record<keyof QuotaAmounts, string> = { cpu: 'CPUs', memoryGiB: 'GiB of memory', gpus: 'GPUs', pods: 'pods' };

/** The workload namespace's quota must cover max scale plus a rollout at max scale. */
function checkQuota(env: EnvironmentConfig, p: Problems, at: string): void {
  const ns = env.workloads.namespace;
  const quota = env.namespaces[ns]?.quota;
  if (!p.check(quota !== undefined, `${at}.namespaces.${ns}.quota`, 'the workload namespace needs a ResourceQuota with a GPU ceiling')) return;
  const demand = quotaDemand(env);
  for (const [key, unit] of Object.entries(QUOTA_UNITS) as [keyof QuotaAmounts, string][]) {
    const need = Math.ceil(demand[key] * 100) / 100;
    p.check(
      quota![key] >= need,
      `${at}.namespaces.${ns}.quota.${key}`,
      `${quota![key]} is below the ${need} ${unit} the workloads request at max scale during a rollout (Deployment surge, a new Knative revision at full scale); the quota would stall the rollout or cap scale-out`,
    );
  }
}

/** Scale-to-zero must be reachable: no GPU pool may forbid removing empty nodes forever. */
function checkScaleToZero(env: EnvironmentConfig, p: Problems, at: string): void {
  const scalesToZero = gpuWorkloads(env).some(({ w }) => w.minReplicas === 0);
  if (!scalesToZero) return;
  for (const [name, pool] of Object.entries(env.nodes.pools).filter(([, pl]) => pl.gpu)) {
    const path = `${at}.nodes.pools.${name}.disruption`;
    p.check(pool.disruption.consolidateAfter !== 'Never', `${path}.consolidateAfter`, 'workloads scale to zero but this GPU pool never consolidates, so its empty nodes are paid for forever; set a duration');
    pool.disruption.budgets.forEach((b, i) =>
      p.check(
        !(b.nodes === '0' && !b.schedule && (!b.reasons || b.reasons.includes('Empty'))),
        `${path}.budgets[${i}]`,
        'an always-on "0 nodes" budget blocks removing empty GPU nodes forever; add a schedule and duration, or limit its reasons',
      ),
    );
  }
}

/** Inference workloads: images, placement, scaling signals, timeouts, capacity. */
export function checkWorkloads(env: EnvironmentConfig, p: Problems, at: string): void {
  const wl = env.workloads;
  for (const [name, w] of Object.entries(wl.services)) {
    const bad = imageProblem(w.image);
    if (bad) p.fail(`${at}.workloads.services.${name}.image`, bad);
  }
  for (const g of gpuWorkloads(env)) {
    const { w } = g;
    const path = `${at}.${g.path}`;
    // DRA workloads run on the DRA node group (rules/dra.ts checks their fit there).
    if (w.gpuAllocation !== 'dra') checkPlacement(env, g, p, path);
    p.check(w.minReplicas <= w.maxReplicas && w.maxReplicas >= 1, `${path}.maxReplicas`, `must be at least 1 and at least minReplicas (${w.minReplicas})`);
    // A role's node selector is compiled (pool, zone), never written by hand.
    for (const key of g.pool ? [] : Object.keys(w.nodeSelector ?? {})) {
      p.check(!POST_BOOT_LABEL.test(key), `${path}.nodeSelector.${key}`, 'GFD/NFD labels appear only after a node boots, so Karpenter never launches a node for them; use resources.vramMiB (compiled to instance types) instead');
    }
    // Roles keep at least one replica (rules/disaggregated.ts says why), so the async wake-up check does not apply.
    if (w.kind === 'async' && g.pool === undefined) checkAsync(w, p, path);
    else if (w.kind === 'async') checkRoleScaling(w, p, path);
    else checkHttp(env, w, p, path);
  }
  checkDisaggregated(env, p, at);
  const demand = gpuDemandAtMax(env);
  const capacity = gpuCapacity(env);
  p.check(demand <= capacity, `${at}.nodes.pools`, `GPU pool limits plus the baseline node group give ${capacity} GPUs but the workloads request ${demand} at max scale; scale-out would stop silently at ${capacity}`);
  checkQuota(env, p, at);
  p.check(env.priorityClasses[wl.priorityClassName] !== undefined, `${at}.workloads.priorityClassName`, `"${wl.priorityClassName}" is not in priorityClasses`);
  checkScaleToZero(env, p, at);
  checkKnative(env, p, at);
}

/** Knative's own ceilings must leave room for GPU cold starts. */
function checkKnative(env: EnvironmentConfig, p: Problems, at: string): void {
  const k = env.knative;
  p.check(k.maxRevisionTimeoutSeconds <= 600, `${at}.knative.maxRevisionTimeoutSeconds`, `${k.maxRevisionTimeoutSeconds} exceeds 600 s, the activator's termination grace period: requests would be cut at activator restarts`);
  const http = Object.values(env.workloads.services).filter((w): w is HttpWorkloadConfig => w.kind === 'http');
  const worst = Math.max(0, ...http.map((w) => coldStartBudget(env, w, false).total));
  p.check(k.progressDeadlineSeconds >= worst, `${at}.knative.progressDeadlineSeconds`, `${k.progressDeadlineSeconds} s is below the worst HTTP cold start (${worst} s): new revisions would be marked failed while their GPU node boots`);
}
