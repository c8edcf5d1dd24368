import { CONTROL_PLANE_REQUESTS, POST_INSTALL_JOB_REQUESTS } from '../../constructs/knative/knative-serving';
import { cpuCores, memoryMiB, type SystemPod } from '../../config/derived/system-capacity';
import { eksAddonPods } from '../../config/eks-addons';
import type { EnvironmentConfig } from '../../config/types';
import { effectiveComponents, type EffectiveComponent } from './effective';
import { buildHelmReleases } from './index';
import { BUILTIN_PRIORITY_CLASSES } from './placement';
import type { HelmRelease } from './release';

/** Whether our values pin a component to the system nodes (nodeSelector, or required node affinity, on their labels). */
function onSystemNodes(c: EffectiveComponent, labels: Readonly<Record<string, string>>): boolean {
  const { nodeSelector, affinity } = c.placement;
  const terms: any[] = (affinity as any)?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const byAffinity = terms.length > 0 && terms.every((t) => Object.entries(labels).every(([k, v]) => (t.matchExpressions ?? []).some((e: any) => e.key === k && e.operator === 'In' && e.values?.length === 1 && e.values[0] === v)));
  const bySelector = !!nodeSelector && Object.entries(labels).every(([k, v]) => nodeSelector[k] === v);
  return bySelector || byAffinity;
}

/** The containers of a release that run as pods on the system nodes. */
function systemComponents(env: EnvironmentConfig, release: HelmRelease): EffectiveComponent[] {
  return effectiveComponents(release).filter((c) => c.enabled && !c.template?.initContainer && !c.template?.notAPod && onSystemNodes(c, env.nodes.systemNodeGroup.labels));
}

function chartPods(env: EnvironmentConfig, release: HelmRelease): SystemPod[] {
  return systemComponents(env, release)
    .map((c) => ({
      name: `${release.app}/${c.path}`,
      requests: { cpu: cpuCores(c.requests.cpu), memoryMiB: memoryMiB(c.requests.memory) },
      replicas: c.replicas ?? 1,
    }));
}

/**
 * Knative Serving's control plane, which the operator runs at `knative.replicas` on the system
 * nodes, and its post-install Jobs (one pod each), which run beside it at every install and upgrade.
 */
function knativeServingPods(env: EnvironmentConfig): SystemPod[] {
  const pods = (requests: typeof CONTROL_PLANE_REQUESTS, replicas: number, suffix = '') =>
    Object.entries(requests).map(([name, r]) => ({
      name: `knative-serving/${name}${suffix}`,
      requests: { cpu: cpuCores(r.cpu), memoryMiB: memoryMiB(r.memory) },
      replicas,
    }));
  return [...pods(CONTROL_PLANE_REQUESTS, env.knative.replicas), ...pods(POST_INSTALL_JOB_REQUESTS, 1, '* (Job)')];
}

/** Every pod on the system node group: our charts' controllers, Knative Serving and the EKS add-ons. */
export function systemNodePods(env: EnvironmentConfig): SystemPod[] {
  return [...buildHelmReleases(env).flatMap((r) => chartPods(env, r)), ...knativeServingPods(env), ...eksAddonPods];
}

const priorityOf = (env: EnvironmentConfig, name?: string) => (name ? (env.priorityClasses[name]?.value ?? (BUILTIN_PRIORITY_CLASSES as Record<string, number>)[name]) : 0);

/** A system pod without requests or a priority class: capacity would be guessed and it could be preempted by anything. */
function gapsOf(env: EnvironmentConfig, release: HelmRelease, c: EffectiveComponent): string[] {
  const at = `${release.app}/${c.path}`;
  const requested = cpuCores(c.requests.cpu) > 0 && memoryMiB(c.requests.memory) > 0;
  return [
    ...(requested ? [] : [`${at}: no CPU and memory requests; set them so the system-node capacity check counts this pod`]),
    ...(c.priorityClassName || c.template?.noPriorityClassKey ? [] : [`${at}: no priorityClassName; set the platform's (${Object.keys(env.priorityClasses).join(', ')}) or a built-in one`]),
  ];
}

/** A priority below the chart's own default: the component expects to outrank what ours lets preempt it. */
export function loweredPriorities(env: EnvironmentConfig, release: HelmRelease): string[] {
  const defaults = new Map(effectiveComponents({ ...release, values: {} }).map((c) => [c.path, c.priorityClassName]));
  return effectiveComponents(release)
    .filter((c) => c.enabled && priorityOf(env, c.priorityClassName) < priorityOf(env, defaults.get(c.path)))
    .map((c) => `${release.app}/${c.path}: priorityClassName ${c.priorityClassName ?? '(none)'} is below the chart default ${defaults.get(c.path)}`);
}

/** What the system-node and priority checks cannot rely on, for every release of an environment. */
export function systemPodProblems(env: EnvironmentConfig): string[] {
  return buildHelmReleases(env).flatMap((r) => [...systemComponents(env, r).flatMap((c) => gapsOf(env, r, c)), ...loweredPriorities(env, r)]);
}
