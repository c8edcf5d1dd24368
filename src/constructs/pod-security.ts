/**
 * The fields Pod Security `restricted` requires (kubernetes/pod-security-admission policy
 * checks): on the pod, a non-root user and the runtime's default seccomp profile; on every
 * container, no privilege escalation and no capabilities.
 */
export function restrictedPodSecurity() {
  return { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
}

/** Container half of `restricted`, with the pod half repeated so the container passes on its own. */
export function restrictedContainerSecurity() {
  return { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...restrictedPodSecurity() };
}
