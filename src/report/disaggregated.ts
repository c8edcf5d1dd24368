import { coldStartBudget } from '../config/derived/cold-start';
import { disaggregatedServices, placementInPool, ROLES, roleWorkload, type Role } from '../config/derived/disaggregated';
import { instanceTypes } from '../config/instances';
import type { EnvironmentConfig } from '../config/types';
import { compareText } from '../config/order';

/** One role of a disaggregated service in the budget report. */
export interface RoleBudget {
  readonly role: Role;
  readonly pool: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** The dearest instance type the role fits in its pool, on demand. */
  readonly dearestType?: { readonly instanceType: string; readonly usdPerHour: number };
  /** Worst case at max scale: each replica alone on the dearest type it fits, on demand. */
  readonly ceilingUsdPerHour?: number;
  /** Floor: minReplicas on the same type (the roles never scale to zero). */
  readonly floorUsdPerHour?: number;
  /**
   * A new replica on a new node: KEDA polling + node + pull + model load, without / with P2P,
   * counted from the moment the role's vLLM metrics cross a threshold in Prometheus (their scrape
   * and query windows come before and are not modelled: derived/cold-start.ts pushScrapeSeconds).
   */
  readonly coldStartSeconds: { readonly withoutP2p: number; readonly withP2p: number };
}

/** A disaggregated service in the budget report. */
export interface DisaggregatedBudget {
  readonly name: string;
  readonly roles: readonly RoleBudget[];
  /** Sum of the roles' ceilings (the router runs on the non-GPU nodes and is left out). */
  readonly ceilingUsdPerHour?: number;
  /**
   * The first request after the service is deployed on empty GPU pools: the roles start in
   * parallel, so the slower role decides (no trigger lag: minReplicas start at once).
   */
  readonly firstRequestSeconds: { readonly withoutP2p: number; readonly withP2p: number };
}

function roleBudget(env: EnvironmentConfig, name: string, role: Role, w: Parameters<typeof roleWorkload>[2]): RoleBudget {
  const r = w[role];
  const dearest = placementInPool(env, r.pool, r.resources)
    .map((t) => ({ instanceType: t, usdPerHour: instanceTypes[t]?.onDemandUsdPerHour ?? 0 }))
    .sort((a, b) => b.usdPerHour - a.usdPerHour || compareText(a.instanceType, b.instanceType))[0];
  const as = roleWorkload(env, name, w, role);
  return {
    role,
    pool: r.pool,
    minReplicas: r.minReplicas,
    maxReplicas: r.maxReplicas,
    dearestType: dearest,
    ceilingUsdPerHour: dearest && r.maxReplicas * dearest.usdPerHour,
    floorUsdPerHour: dearest && r.minReplicas * dearest.usdPerHour,
    coldStartSeconds: { withoutP2p: coldStartBudget(env, as, false).total, withP2p: coldStartBudget(env, as, true).total },
  };
}

export function disaggregatedBudgets(env: EnvironmentConfig): DisaggregatedBudget[] {
  return disaggregatedServices(env).map(([name, w]) => {
    const roles = ROLES.map((role) => roleBudget(env, name, role, w));
    const ceilings = roles.map((r) => r.ceilingUsdPerHour);
    // Both roles boot together at deployment: no KEDA trigger lag, the slower role decides.
    const boot = (p2p: boolean) => Math.max(...ROLES.map((role) => { const b = coldStartBudget(env, roleWorkload(env, name, w, role), p2p); return b.total - b.triggerLag; }));
    return {
      name,
      roles,
      ceilingUsdPerHour: ceilings.some((c) => c === undefined) ? undefined : ceilings.reduce<number>((a, c) => a + c!, 0),
      firstRequestSeconds: { withoutP2p: boot(false), withP2p: boot(true) },
    };
  });
}
