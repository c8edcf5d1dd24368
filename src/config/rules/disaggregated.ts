import { disaggregatedServices, ROLES, type Role } from '../derived/disaggregated';
import { SPOT_NOTICE_SECONDS } from '../derived/termination';
import type { EnvironmentConfig } from '../types';
import type { AsyncWorkloadConfig, DisaggregatedWorkloadConfig } from '../workload-types';
import type { Problems } from './collector';

/**
 * Guardrails of `kind: 'disaggregated'`. Same model on both roles needs no rule: the service
 * names one `model`, which both roles serve. Placement (each role fits its pool's instances) is
 * checked with every other GPU workload in rules/workloads.ts.
 */

/** Drain, fallback: what the async rules check, minus the wake-from-zero rule (roles never reach zero). */
export function checkRoleScaling(w: AsyncWorkloadConfig, p: Problems, at: string): void {
  p.check(w.drainSeconds < SPOT_NOTICE_SECONDS, `${at}.drainSeconds`, `${w.drainSeconds} must be below the ${SPOT_NOTICE_SECONDS} s termination grace period, or SIGTERM never reaches the server`);
  p.check(w.fallbackReplicas <= w.maxReplicas, `${at}.fallbackReplicas`, `${w.fallbackReplicas} exceeds maxReplicas ${w.maxReplicas}`);
}

/**
 * No wake-up path exists: the router answers 503 when a role has no endpoint
 * (vllm-project/production-stack src/vllm_router/routers/routing_logic.py@vllm-stack-0.1.12,
 * `DisaggregatedPrefillOrchestratedRouter._find_endpoints`), it queues nothing, and vLLM's
 * metrics exist only while its pods run.
 */
export const ROLE_MIN_REPLICAS_MESSAGE =
  'must be at least 1: nothing wakes a disaggregated role from zero (the router answers 503 PREFILL/DECODE_SERVICE_UNAVAILABLE when a role has no ready pod and queues nothing, and vLLM metrics exist only while pods run)';

function checkRole(env: EnvironmentConfig, w: DisaggregatedWorkloadConfig, role: Role, p: Problems, at: string): void {
  const r = w[role];
  const gpuPools = Object.entries(env.nodes.pools).filter(([, pool]) => pool.gpu).map(([name]) => name);
  if (p.check(gpuPools.includes(r.pool), `${at}.pool`, `"${r.pool}" is not a GPU pool in nodes.pools (GPU pools: ${gpuPools.join(', ')})`)) {
    // The role can only grow inside its own pool, whatever the other pools have left.
    const limit = env.nodes.pools[r.pool].limits.gpus ?? 0;
    const need = r.maxReplicas * r.resources.gpus;
    p.check(need <= limit, `${at}.maxReplicas`, `${r.maxReplicas} replicas of ${r.resources.gpus} GPU(s) need ${need} GPUs but nodes.pools.${r.pool}.limits.gpus is ${limit}; scale-out of this role would stop silently at ${Math.floor(limit / r.resources.gpus)}`);
  }
  p.check(r.minReplicas >= 1, `${at}.minReplicas`, ROLE_MIN_REPLICAS_MESSAGE);
  p.check(
    r.tensorParallelSize === r.resources.gpus,
    `${at}.tensorParallelSize`,
    `${r.tensorParallelSize} must equal resources.gpus (${r.resources.gpus}): vLLM shards the model over exactly --tensor-parallel-size GPUs, and the pod gets resources.gpus`,
  );
}

/** The KV transfer: one zone, ports that do not collide. */
function checkKvTransfer(env: EnvironmentConfig, w: DisaggregatedWorkloadConfig, p: Problems, at: string): void {
  const kv = w.kvTransfer;
  const zones = env.platform.network.availabilityZones;
  p.check(
    zones.includes(kv.zone),
    `${at}.kvTransfer.zone`,
    `"${kv.zone}" is not one of the VPC's availability zones (${zones.join(', ')}); both roles are pinned to this zone because NIXL over UCX/TCP sends each request's KV cache from a prefill pod to a decode pod, which must not cross zones (latency on the first token, inter-AZ transfer charges)`,
  );
  if (!p.check(kv.ucxPortFirst <= kv.ucxPortLast, `${at}.kvTransfer.ucxPortLast`, `${kv.ucxPortLast} is below ucxPortFirst ${kv.ucxPortFirst}`)) return;
  const inRange = (port: number) => port >= kv.ucxPortFirst && port <= kv.ucxPortLast;
  p.check(kv.sideChannelPort !== w.port && !inRange(kv.sideChannelPort), `${at}.kvTransfer.sideChannelPort`, `${kv.sideChannelPort} collides with the vLLM port or the UCX port range; each needs its own port`);
  p.check(!inRange(w.port), `${at}.port`, `${w.port} lies in the UCX port range ${kv.ucxPortFirst}-${kv.ucxPortLast}`);
  // One UCX listener per GPU worker (each tensor-parallel rank runs its own NIXL agent).
  const need = Math.max(w.prefill.tensorParallelSize, w.decode.tensorParallelSize);
  p.check(
    kv.ucxPortLast - kv.ucxPortFirst + 1 >= need,
    `${at}.kvTransfer.ucxPortLast`,
    `the UCX port range ${kv.ucxPortFirst}-${kv.ucxPortLast} has fewer ports than the ${need} GPU workers of one engine, each of which listens on its own port`,
  );
}

/** Every disaggregated service: roles on their own pools, compatible parallelism, KV transfer, scaling. */
export function checkDisaggregated(env: EnvironmentConfig, p: Problems, at: string): void {
  for (const [name, w] of disaggregatedServices(env)) {
    const path = `${at}.workloads.services.${name}`;
    for (const role of ROLES) checkRole(env, w, role, p, `${path}.${role}`);
    p.check(
      w.prefill.pool !== w.decode.pool,
      `${path}.decode.pool`,
      `"${w.decode.pool}" is also prefill.pool; each role needs its own pool (compute-dense GPUs for prefill, memory-rich GPUs for decode), or one scaling rule ends up paying for both`,
    );
    p.check(
      w.prefill.tensorParallelSize === w.decode.tensorParallelSize,
      `${path}.decode.tensorParallelSize`,
      `${w.decode.tensorParallelSize} differs from prefill.tensorParallelSize ${w.prefill.tensorParallelSize}: the KV cache is handed over block for block between ranks of equal tensor parallelism (heterogeneous TP is not accepted here: unverified at the pinned vLLM)`,
    );
    checkKvTransfer(env, w, p, path);
  }
}
