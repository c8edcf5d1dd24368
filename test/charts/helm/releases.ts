import { buildHelmReleases } from '../../../src/charts/helm';
import type { HelmRelease } from '../../../src/charts/helm/release';
import type { EnvironmentConfig, TaintConfig } from '../../../src/config/types';

/** The Helm releases of one environment config by app name. */
export function releasesOf(env: EnvironmentConfig): Record<string, HelmRelease> {
  return Object.fromEntries(buildHelmReleases(env).map((r) => [r.app, r]));
}

/** The values of one release of one environment config (untyped, for property assertions). */
export function valuesOf(env: EnvironmentConfig, app: string): any {
  const release = releasesOf(env)[app];
  if (!release) throw new Error(`${env.name}: no Helm release ${app}`);
  return release.values;
}

interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

/** Kubernetes toleration semantics: does any of `tolerations` tolerate `taint`? */
export function tolerates(tolerations: readonly Toleration[] | undefined, taint: TaintConfig): boolean {
  return (tolerations ?? []).some((t) => {
    const keyMatches = t.operator === 'Exists' ? !t.key || t.key === taint.key : t.key === taint.key && (t.value ?? '') === taint.value;
    return keyMatches && (!t.effect || t.effect === taint.effect);
  });
}

/** Every object under `v` that has `key`, with its dotted path. */
export function findKey(v: unknown, key: string, path = ''): { path: string; value: any }[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => findKey(x, key, `${path}[${i}]`));
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, child]) => {
    const p = path ? `${path}.${k}` : k;
    return [...(k === key ? [{ path: p, value: child }] : []), ...findKey(child, key, p)];
  });
}
