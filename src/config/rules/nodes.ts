import { instanceTypes, type InstanceType } from '../instances';
import { GO_DURATION } from '../durations';
import type { CapacityReservationConfig, EnvironmentConfig, ManagedNodeGroupConfig, NodePoolConfig } from '../types';
import type { Problems } from './collector';

function known(names: readonly string[]): InstanceType[] {
  return names.map((n) => instanceTypes[n]).filter((i): i is InstanceType => i !== undefined);
}

function checkPoolInstances(name: string, pool: NodePoolConfig, p: Problems, at: string): void {
  pool.instanceTypes.forEach((type, i) => {
    const path = `${at}.instanceTypes[${i}]`;
    const it = instanceTypes[type];
    if (!p.check(it !== undefined, path, `unknown instance type "${type}"; add it to src/config/instances.ts or choose a catalogued type`)) return;
    if (pool.gpu) p.check(it.gpuCount > 0, path, `${type} has no GPU; a GPU pool may only allow GPU instance types (remove it or move it to a CPU pool)`);
    else p.check(it.gpuCount === 0, path, `${type} has GPUs; a CPU pool would hand out GPU nodes to CPU pods (remove it)`);
    p.check(
      it.vcpu <= pool.limits.cpu && it.memoryGiB <= pool.limits.memoryGiB,
      path,
      `${type} (${it.vcpu} vCPU, ${it.memoryGiB} GiB) exceeds the pool's limits (${pool.limits.cpu} vCPU, ${pool.limits.memoryGiB} GiB) and can never launch; raise limits.cpu/limits.memoryGiB or remove it`,
    );
  });
  p.check(pool.instanceTypes.length > 0, `${at}.instanceTypes`, `pool "${name}" allows no instance type`);
}

function checkPoolGpus(pool: NodePoolConfig, p: Problems, at: string): void {
  if (!pool.gpu) {
    p.check(pool.limits.gpus === undefined, `${at}.limits.gpus`, 'only GPU pools have a GPU limit; remove it or set gpu: true');
    return;
  }
  if (!p.check(pool.limits.gpus !== undefined, `${at}.limits.gpus`, 'a GPU pool needs a GPU limit, or a bad workload can launch GPU nodes without bound')) return;
  const largest = Math.max(0, ...known(pool.instanceTypes).map((i) => i.gpuCount));
  p.check(
    pool.limits.gpus! >= largest,
    `${at}.limits.gpus`,
    `${pool.limits.gpus} is below the ${largest} GPUs of the largest allowed instance, which could never launch; raise it to at least ${largest}`,
  );
}

function checkPoolCapacity(env: EnvironmentConfig, pool: NodePoolConfig, p: Problems, at: string): void {
  const nodeClass = env.nodes.nodeClasses[pool.nodeClass];
  p.check(nodeClass !== undefined, `${at}.nodeClass`, `no node class "${pool.nodeClass}" in nodes.nodeClasses (have: ${Object.keys(env.nodes.nodeClasses).join(', ')})`);
  // A Bottlerocket GPU pool is fine: its NVIDIA variant brings the device plugin and the chart's
  // stays off those nodes (helm/gpu-stack.ts).
  if (pool.gpu && env.nodes.policy.requireOnDemandGpuFallback) {
    p.check(
      pool.capacityTypes.includes('on-demand'),
      `${at}.capacityTypes`,
      `a GPU pool in ${env.name} must include "on-demand" as a fallback: spot-only leaves pods Pending when spot GPUs run out`,
    );
  }
  const after = pool.disruption.consolidateAfter;
  p.check(after === 'Never' || GO_DURATION.test(after), `${at}.disruption.consolidateAfter`, `"${after}" is not a duration like 3m or 2h (or Never)`);
  p.check(pool.expireAfter === 'Never' || GO_DURATION.test(pool.expireAfter), `${at}.expireAfter`, `"${pool.expireAfter}" is not a duration like 720h (or Never)`);
}

const reservationName = (r: CapacityReservationConfig): string =>
  r.id ?? Object.entries(r.tags ?? {}).map(([k, v]) => `${k}=${v}`).join(',');

/**
 * A pool allowing `reserved` needs reservations on its node class, for instance types it allows,
 * and priority over the pools without reservations: a reservation is billed whether used or not.
 */
function checkReservedPool(env: EnvironmentConfig, name: string, pool: NodePoolConfig, p: Problems, at: string): void {
  if (!pool.capacityTypes.includes('reserved')) return;
  const reservations = env.nodes.nodeClasses[pool.nodeClass]?.capacityReservations ?? [];
  const hasTerms = reservations.length > 0;
  p.check(hasTerms, `${at}.capacityTypes`, `"reserved" needs capacityReservations (by id or tags) on node class "${pool.nodeClass}", or Karpenter has no reservation to launch into`);
  for (const r of reservations) {
    p.check(
      pool.instanceTypes.includes(r.instanceType),
      `${at}.instanceTypes`,
      `reservation ${reservationName(r)} of node class "${pool.nodeClass}" is for ${r.instanceType}, which this pool does not allow: it would be paid for and never used; add ${r.instanceType} or remove the reservation`,
    );
  }
  const others = Object.entries(env.nodes.pools).filter(([n, o]) => n !== name && o.gpu === pool.gpu && !o.capacityTypes.includes('reserved'));
  if (!hasTerms || others.length === 0) return;
  const [top, topPool] = others.sort(([, a], [, b]) => (b.weight ?? 0) - (a.weight ?? 0))[0];
  p.check(
    (pool.weight ?? 0) > (topPool.weight ?? 0),
    `${at}.weight`,
    `${pool.weight ?? 'no weight'} must be above the ${topPool.weight ?? 'absent'} weight of pool "${top}", which has no reservations: otherwise Karpenter may launch spot or on-demand nodes there while the paid reservation sits idle`,
  );
}

function checkNodeGroup(group: ManagedNodeGroupConfig, p: Problems, at: string): void {
  p.check(instanceTypes[group.instanceType] !== undefined, `${at}.instanceType`, `unknown instance type "${group.instanceType}"; add it to src/config/instances.ts`);
  p.check(group.minSize <= group.desiredSize && group.desiredSize <= group.maxSize, `${at}.desiredSize`, `must satisfy minSize <= desiredSize <= maxSize (${group.minSize} <= ${group.desiredSize} <= ${group.maxSize})`);
}

/** The baseline GPU node group must look exactly like a Karpenter GPU node to workloads. */
function checkBaselineGroup(env: EnvironmentConfig, p: Problems, at: string): void {
  const g = env.nodes.baselineGpuNodeGroup;
  const path = `${at}.nodes.baselineGpuNodeGroup`;
  checkNodeGroup(g, p, path);
  const it = instanceTypes[g.instanceType];
  if (g.desiredSize > 0 && it) p.check(it.gpuCount > 0, `${path}.instanceType`, `${g.instanceType} has no GPU`);
  p.check(JSON.stringify(g.labels) === JSON.stringify(env.nodes.gpuNodeLabels), `${path}.labels`, 'must equal nodes.gpuNodeLabels, or GPU workloads never land on the baseline nodes');
  p.check(JSON.stringify(g.taints) === JSON.stringify([env.nodes.gpuTaint]), `${path}.taints`, 'must be exactly [nodes.gpuTaint], like the Karpenter GPU pools');
  // The same images land on both kinds of GPU node: a smaller disk fills up (DiskPressure evictions).
  const karpenter = Object.values(env.nodes.pools).filter((pool) => pool.gpu).map((pool) => env.nodes.nodeClasses[pool.nodeClass]?.volumeGiB ?? 0);
  const largest = Math.max(0, ...karpenter);
  if (g.desiredSize > 0) {
    p.check(g.rootVolumeGiB >= largest, `${path}.rootVolumeGiB`, `${g.rootVolumeGiB} GiB is below the ${largest} GiB root volume of the Karpenter GPU nodes, which hold the same inference images; raise it to ${largest} or more`);
  }
}

/**
 * An environment that enforces its policies (platform.policyMode Enforce) is a production one:
 * there, a GPU pool without on-demand fallback leaves pods Pending whenever spot GPUs run out.
 */
function checkProductionPolicy(env: EnvironmentConfig, p: Problems, at: string): void {
  if (env.platform.policyMode !== 'Enforce') return;
  p.check(
    env.nodes.policy.requireOnDemandGpuFallback,
    `${at}.nodes.policy.requireOnDemandGpuFallback`,
    'must be true where platform.policyMode is Enforce (production): spot-only GPU pools leave inference Pending when spot capacity runs out',
  );
}

/** Karpenter node classes and pools, and the Terraform node groups they complement. */
export function checkNodes(env: EnvironmentConfig, p: Problems, at: string): void {
  for (const [name, nc] of Object.entries(env.nodes.nodeClasses)) {
    const path = `${at}.nodes.nodeClasses.${name}.amiAlias`;
    const family = nc.amiFamily === 'AL2023' ? 'al2023' : 'bottlerocket';
    if (!p.check(new RegExp(`^${family}@(latest|v[\\d.]+)$`).test(nc.amiAlias), path, `"${nc.amiAlias}" must be ${family}@<version> (e.g. ${family}@v20260818) or ${family}@latest`)) continue;
    p.check(env.nodes.policy.allowLatestAmi || !nc.amiAlias.endsWith('@latest'), path, `${env.name} must pin the AMI version; @latest changes nodes whenever AWS publishes an AMI`);
  }
  for (const [name, nc] of Object.entries(env.nodes.nodeClasses)) {
    (nc.capacityReservations ?? []).forEach((r, i) => {
      const path = `${at}.nodes.nodeClasses.${name}.capacityReservations[${i}].instanceType`;
      p.check(instanceTypes[r.instanceType] !== undefined, path, `unknown instance type "${r.instanceType}"; add it to src/config/instances.ts (the budget report prices the reservation)`);
    });
  }
  for (const [name, pool] of Object.entries(env.nodes.pools)) {
    const at2 = `${at}.nodes.pools.${name}`;
    checkPoolInstances(name, pool, p, at2);
    checkPoolGpus(pool, p, at2);
    checkPoolCapacity(env, pool, p, at2);
    checkReservedPool(env, name, pool, p, at2);
  }
  checkNodeGroup(env.nodes.systemNodeGroup, p, `${at}.nodes.systemNodeGroup`);
  checkProductionPolicy(env, p, at);
  checkBaselineGroup(env, p, at);
  const bottlerocket = Object.values(env.nodes.nodeClasses).some((nc) => nc.amiFamily === 'Bottlerocket');
  p.check(
    !bottlerocket || env.nodes.registryMirror.extraRegistries.length === 0,
    `${at}.nodes.registryMirror.extraRegistries`,
    'Bottlerocket mirrors cannot send the X-Dragonfly-Registry header, so dfdaemon would fetch every mirrored registry from the cluster registry; mirror only cluster.registryHost with Bottlerocket',
  );
  p.check(/^http:\/\/127\.0\.0\.1:\d+$/.test(env.nodes.registryMirror.endpoint), `${at}.nodes.registryMirror.endpoint`, 'must be the node-local dfdaemon proxy, http://127.0.0.1:<port>');
}
