import type { PodSecurityLevel } from '../../config/types';
import { effectiveComponents, type EffectiveComponent } from './effective';
import type { HelmRelease } from './release';

type Context = Readonly<Record<string, any>>;

/** A security-context requirement of a Pod Security level, checked on the merged pod + container context. */
interface Requirement {
  readonly field: string;
  readonly want: string;
  readonly ok: (sc: Context) => boolean;
}

const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

/** kubernetes/pod-security-admission policy checks (baseline: privileged, capabilities; restricted adds four). */
const BASELINE: readonly Requirement[] = [
  { field: 'privileged', want: 'not true', ok: (sc) => sc.privileged !== true },
  { field: 'capabilities.add', want: 'only the baseline set', ok: (sc) => (sc.capabilities?.add ?? []).every((c: string) => BASELINE_CAPABILITIES.has(c)) },
];
const RESTRICTED: readonly Requirement[] = [
  ...BASELINE,
  { field: 'runAsNonRoot', want: 'true', ok: (sc) => sc.runAsNonRoot === true },
  { field: 'allowPrivilegeEscalation', want: 'false', ok: (sc) => sc.allowPrivilegeEscalation === false },
  { field: 'capabilities.drop', want: '[ALL]', ok: (sc) => (sc.capabilities?.drop ?? []).includes('ALL') },
  { field: 'seccompProfile.type', want: 'RuntimeDefault', ok: (sc) => ['RuntimeDefault', 'Localhost'].includes(sc.seccompProfile?.type) },
];
const REQUIREMENTS: Record<PodSecurityLevel, readonly Requirement[]> = { privileged: [], baseline: BASELINE, restricted: RESTRICTED };

/** A tag that pins the image: set, not `latest`, or a digest. */
function imageProblem(c: EffectiveComponent): string | undefined {
  const { repository, tag, digest } = c.image;
  if (digest || (tag && tag !== 'latest')) return undefined;
  return `${c.path}: image ${repository}:${tag ?? '(no tag)'} is not pinned; set a version tag or digest`;
}

function securityProblems(c: EffectiveComponent, level: PodSecurityLevel, namespace: string): string[] {
  return REQUIREMENTS[level]
    .filter((r) => !r.ok(c.securityContext))
    .map((r) => `${c.path}: securityContext ${r.field} must be ${r.want} (namespace ${namespace} enforces ${level})`);
}

/**
 * What the cluster would refuse in one release's pods: an image without a pinned tag (the
 * `disallow-latest-tag` policy), or a security context below its namespace's Pod Security
 * level. Checks every rendered container, with our values merged over the chart's defaults.
 */
export function podProblems(release: HelmRelease, level: PodSecurityLevel): string[] {
  return effectiveComponents(release)
    .filter((c) => c.enabled)
    .flatMap((c) => [imageProblem(c), ...securityProblems(c, level, release.namespace)].filter((p): p is string => !!p));
}
