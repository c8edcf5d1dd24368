import { describe, expect, it } from 'vitest';
import { environments } from '../../../src/config/environments';
import { fixtureHttpService } from '../../fixtures/workloads';
import { crossEnvironmentProblems } from '../../../src/config/rules/cross-environment';
import { validateEnvironment } from '../../../src/config/validate';
import type { EnvironmentConfig } from '../../../src/config/types';
import { withOverride } from '../../support/rendered';

const first = Object.values(environments)[0];

/** Two fixture environments `a` and `b` built from the first registered one, apart by default. */
function pair(patchB: (d: any) => void = () => undefined, patchA: (d: any) => void = () => undefined): EnvironmentConfig[] {
  const env = (name: string, cidr: string, patch: (d: any) => void) =>
    withOverride(first, (d) => {
      d.name = name;
      d.cluster = { ...d.cluster, name: `cluster-${name}` };
      d.platform.network.vpcCidr = cidr;
      d.workloads.services = { web: { ...fixtureHttpService(d.cluster.registryHost), publicHost: `${name}.example.org` } };
      patch(d);
    });
  return [env('a', '10.1.0.0/16', patchA), env('b', '10.2.0.0/16', patchB)];
}

describe('checks across environments', () => {
  it('accepts environments with their own cluster, network and hosts, including the registered ones', () => {
    expect(crossEnvironmentProblems(pair())).toEqual([]);
    expect(crossEnvironmentProblems(Object.values(environments))).toEqual([]);
  });

  it('refuses a second environment on the same cluster', () => {
    expect(crossEnvironmentProblems(pair((d) => (d.cluster.name = 'cluster-a')))).toEqual([
      {
        path: 'b.cluster.name',
        message: '"cluster-a" is also a.cluster.name; each environment needs its own cluster (its Secrets Manager prefix, Karpenter discovery tag and Terraform state follow the name)',
      },
    ]);
  });

  it('refuses overlapping VPC CIDRs unless both environments say they share', () => {
    const overlap = (d: any) => (d.platform.network.vpcCidr = '10.1.128.0/17');
    expect(crossEnvironmentProblems(pair(overlap))).toEqual([
      {
        path: 'b.platform.network.vpcCidr',
        message: '10.1.128.0/17 overlaps a.platform.network.vpcCidr 10.1.0.0/16, so the two VPCs can never be peered; choose another range, or list each other in platform.network.sharesVpcCidrWith',
      },
    ]);
    const oneSided = pair((d) => { overlap(d); d.platform.network.sharesVpcCidrWith = ['a']; });
    expect(crossEnvironmentProblems(oneSided)).toHaveLength(1);
    const both = pair((d) => { overlap(d); d.platform.network.sharesVpcCidrWith = ['a']; }, (d) => (d.platform.network.sharesVpcCidrWith = ['b']));
    expect(crossEnvironmentProblems(both)).toEqual([]);
  });

  it('refuses the same public host in two environments unless both say they share it', () => {
    const sameHost = (d: any) => (d.workloads.services.web.publicHost = 'a.example.org');
    expect(crossEnvironmentProblems(pair(sameHost))).toEqual([
      {
        path: 'b.workloads.services.web.publicHost',
        message: '"a.example.org" is also a.workloads.services.web.publicHost; one DNS name can point at one load balancer, so choose another host, or list each other in ingress.sharesHostsWith',
      },
    ]);
    const both = pair((d) => { sameHost(d); d.ingress.sharesHostsWith = ['a']; }, (d) => (d.ingress.sharesHostsWith = ['b']));
    expect(crossEnvironmentProblems(both)).toEqual([]);
  });
});

describe('objects two config entries would both render', () => {
  it('refuses two services of one environment publishing the same host, naming both paths', () => {
    const [a] = pair((d) => d, (d) => (d.workloads.services.api = { ...d.workloads.services.web }));
    expect(validateEnvironment(a).filter((p) => p.message.includes('DomainMapping'))).toEqual([
      {
        path: 'a.workloads.services.api.publicHost',
        message: '"a.example.org" is also a.workloads.services.web.publicHost; both would render the same DomainMapping, so give each service its own host',
      },
    ]);
  });
});
