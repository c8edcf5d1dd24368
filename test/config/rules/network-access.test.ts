import { describe, expect, it } from 'vitest';
import { validateEnvironment } from '../../../src/config/validate';
import type { EnvironmentConfig } from '../../../src/config/types';
import { fixtureEnvironment } from '../../fixtures/environment';
import { withOverride } from '../../support/rendered';

/** The fixture environment with its network access and policy mode set by the test. */
const fixture = (mode: 'Audit' | 'Enforce', network: object): EnvironmentConfig =>
  withOverride(fixtureEnvironment(), (d) => {
    d.platform.policyMode = mode;
    d.nodes.policy.requireOnDemandGpuFallback = true;
    d.platform.alerts.receiver = { kind: 'slack', secret: 'alerts' };
    Object.assign(d.platform.network, network);
  });
const at = (env: EnvironmentConfig, field: string) => validateEnvironment(env).filter((p) => p.path.startsWith(`${env.name}.platform.network.${field}`));

describe('cluster network access', () => {
  it('refuses an API endpoint open to the internet in production, and allows it elsewhere', () => {
    const prod = fixture('Enforce', { apiPublicCidrs: ['198.51.100.0/24', '0.0.0.0/0'] });
    expect(at(prod, 'apiPublicCidrs')).toEqual([
      {
        path: `${prod.name}.platform.network.apiPublicCidrs[1]`,
        message: '0.0.0.0/0 opens the Kubernetes API to the whole internet; where platform.policyMode is Enforce (production) list your VPN or office ranges, or none for a private endpoint',
      },
    ]);
    expect(at(fixture('Audit', { apiPublicCidrs: ['0.0.0.0/0'] }), 'apiPublicCidrs')).toEqual([]);
    expect(at(fixture('Enforce', { apiPublicCidrs: [] }), 'apiPublicCidrs')).toEqual([]);
  });

  it('refuses a CIDR that does not parse and a retention CloudWatch does not offer', () => {
    const env = fixture('Audit', { apiPublicCidrs: ['10.0.0.1'], flowLogRetentionDays: 10 });
    expect(at(env, 'apiPublicCidrs').map((p) => p.message)).toEqual(['"10.0.0.1" is not an IPv4 CIDR like 198.51.100.0/24']);
    expect(at(env, 'flowLogRetentionDays').map((p) => p.message)).toEqual([
      '10 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    ]);
  });
});
