import type { EnvironmentConfig, PodSecurityLevel } from '../types';
import type { Problems } from './collector';

const strictness: Record<PodSecurityLevel, number> = { privileged: 0, baseline: 1, restricted: 2 };

/** Pod Security levels (the schema checks the names). */
export function checkNamespaces(env: EnvironmentConfig, p: Problems, at: string): void {
  for (const [name, ns] of Object.entries(env.namespaces)) {
    const path = `${at}.namespaces.${name}`;
    for (const mode of ['audit', 'warn'] as const) {
      p.check(
        strictness[ns.podSecurity[mode]] >= strictness[ns.podSecurity.enforce],
        `${path}.podSecurity.${mode}`,
        `${ns.podSecurity[mode]} is looser than enforce (${ns.podSecurity.enforce}); set it to ${ns.podSecurity.enforce} or stricter`,
      );
    }
    p.check(ns.reason.trim().length >= 10, `${path}.reason`, 'say why this namespace needs its Pod Security level (required, and reviewed for privileged namespaces)');
  }
}
