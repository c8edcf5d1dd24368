import { describe, expect, it } from 'vitest';
import { validateEnvironment } from '../../../src/config/validate';
import { renderEnvironment } from '../../../src/synth/render';
import type { EnvironmentConfig } from '../../../src/config/types';
import { fixtureEnvironment } from '../../fixtures/environment';
import { withOverride } from '../../support/rendered';

/** The fixture environment with one fixture workload `w` of its first workload's shape. */
function fixture(patch: (d: any) => void): EnvironmentConfig {
  const base = fixtureEnvironment();
  return withOverride(base, (d) => {
    d.workloads.services = { w: Object.values(d.workloads.services)[0] };
    patch(d);
  });
}
const problems = (env: EnvironmentConfig, prefix: string) => validateEnvironment(env).filter((p) => p.path.startsWith(`${env.name}.${prefix}`));

describe('inference pod hardening rules', () => {
  it('refuses a UID a node user may have', () => {
    const env = fixture((d) => (d.workloads.runAsUser = 1000));
    expect(problems(env, 'workloads.runAsUser')).toEqual([
      { path: `${env.name}.workloads.runAsUser`, message: "1000 may be a node user (AL2023's ec2-user is 1000); use 10000 or above" },
    ]);
  });

  it('refuses relative probe paths, a root or repeated writable path, no scratch space and a default identity', () => {
    const env = fixture((d) => {
      Object.assign(d.workloads.services.w, { livenessPath: 'health', writablePaths: ['/tmp', '/', '/tmp'], serviceAccountName: 'default' });
    });
    const at = `${env.name}.workloads.services.w`;
    expect(problems(env, 'workloads.services.w')).toEqual([
      { path: `${at}.livenessPath`, message: '"health" must be an absolute URL path such as /health' },
      { path: `${at}.writablePaths[1]`, message: '"/" must be an absolute directory other than /, listed once' },
      { path: `${at}.writablePaths[2]`, message: '"/tmp" must be an absolute directory other than /, listed once' },
      { path: `${at}.serviceAccountName`, message: '"default" must be a DNS label naming a dedicated ServiceAccount (not "default")' },
    ]);
  });
});

describe('inference pod shape', () => {
  it('refuses writable volumes without room, before any rule runs', () => {
    const env = fixture((d) => Object.assign(d.workloads.services.w, { livenessPath: 'health', writableSizeGiB: 0 }));
    expect(validateEnvironment(env)).toEqual([
      { path: `${env.name}.workloads.services.w.writableSizeGiB`, message: 'must be above 0: the server needs room for its caches and temp files' },
    ]);
  });
});

describe('workload identity', () => {
  it('renders one ServiceAccount per named identity, shared by the workloads naming it', () => {
    const env = fixture((d) => {
      d.workloads.services.w.serviceAccountName = 'reader';
      d.workloads.services.v = { ...d.workloads.services.w };
    });
    const files = [...renderEnvironment(env).keys()].filter((f) => f.includes('/inference-workloads/serviceaccount.'));
    expect(files).toEqual([`dist/${env.name}/inference-workloads/serviceaccount.${env.workloads.namespace}.reader.yaml`]);
  });
});
