import { CONTROL_PLANE_REQUESTS } from '../../constructs/knative/knative-serving';
import { cpuCores, memoryMiB, type SystemPod } from '../../config/derived/system-capacity';
import { eksAddonPods } from '../../config/eks-addons';
import type { EnvironmentConfig } from '../../config/types';
import { splitPath } from '../../tools/chart-facts';
import { effectiveComponents, type EffectiveComponent } from './effective';
import { buildHelmReleases } from './index';
import type { HelmRelease } from './release';

/** Whether our values pin a component to the system nodes (nodeSelector, or required node affinity, on their labels). */
function onSystemNodes(c: EffectiveComponent, labels: Readonly<Record<string, string>>): boolean {
  const { nodeSelector, affinity } = c.placement;
  const terms: any[] = (affinity as any)?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const byAffinity = terms.length > 0 && terms.every((t) => Object.entries(labels).every(([k, v]) => (t.matchExpressions ?? []).some((e: any) => e.key === k && e.operator === 'In' && e.values?.length === 1 && e.values[0] === v)));
  const bySelector = !!nodeSelector && Object.entries(labels).every(([k, v]) => nodeSelector[k] === v);
  return bySelector || byAffinity;
}

/** Init containers run before the others and never add to a pod's requests. */
const isInitContainer = (c: EffectiveComponent) => splitPath(c.path).some((s) => /^init/i.test(s));

function chartPods(env: EnvironmentConfig, release: HelmRelease): SystemPod[] {
  return effectiveComponents(release)
    .filter((c) => c.enabled && !isInitContainer(c) && onSystemNodes(c, env.nodes.systemNodeGroup.labels))
    .map((c) => ({
      name: `${release.app}/${c.path}`,
      requests: { cpu: cpuCores(c.requests.cpu), memoryMiB: memoryMiB(c.requests.memory) },
      replicas: c.replicas ?? 1,
    }));
}

/** Knative Serving's control plane, which the operator runs at `knative.replicas` on the system nodes. */
function knativeServingPods(env: EnvironmentConfig): SystemPod[] {
  return Object.entries(CONTROL_PLANE_REQUESTS).map(([name, r]) => ({
    name: `knative-serving/${name}`,
    requests: { cpu: cpuCores(r.cpu), memoryMiB: memoryMiB(r.memory) },
    replicas: env.knative.replicas,
  }));
}

/** Every pod on the system node group: our charts' controllers, Knative Serving and the EKS add-ons. */
export function systemNodePods(env: EnvironmentConfig): SystemPod[] {
  return [...buildHelmReleases(env).flatMap((r) => chartPods(env, r)), ...knativeServingPods(env), ...eksAddonPods];
}
