import { describe, expect, it } from 'vitest';
import { validateEnvironment } from '../../../src/config/validate';
import { fixtureEnvironment } from '../../fixtures/environment';
import { FIXTURE_CLUSTER, pinCluster } from '../../fixtures/rules';

const { region, accountId } = FIXTURE_CLUSTER; // us-east-1
const certificateArn = `arn:aws:acm:${region}:${accountId}:certificate/6f0c3c57-1d2b-4c8e-9a51-2f5e8b7d4c10`;

/**
 * The fixture with ingress `exposure`, the domain inference.example.org and a certificate in the
 * cluster's region, its service `web` published at web.inference.example.org; web streams, times
 * out after 600 s and cold-starts in 2 s activation + 37 s node + 182 s pull of 8 GiB
 * (47 + (8192 - 124) / 60, rounded up) + 90 s model load = 311 s, within the NLB's 350 s.
 */
const exposed = (exposure: 'public' | 'internal' | 'none', patch: (d: any) => void = () => undefined) =>
  fixtureEnvironment((d) => {
    pinCluster(d);
    d.ingress = { ...d.ingress, exposure, domain: 'inference.example.org', certificateArn, tlsPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' };
    Object.assign(d.workloads.services.web, {
      publicHost: 'web.inference.example.org',
      streaming: true,
      timeoutSeconds: 600,
      coldStart: { imageSizeMiB: 8_192, modelLoadSeconds: 90 },
    });
    patch(d);
  });
const host = 'fixture.workloads.services.web.publicHost';

describe('ingress guardrails', () => {
  it('accepts a published service on a public or an internal load balancer', () => {
    expect(validateEnvironment(exposed('public'))).toEqual([]);
    expect(validateEnvironment(exposed('internal'))).toEqual([]);
  });

  it('refuses a wildcard public host', () => {
    const bad = exposed('public', (d) => (d.workloads.services.web.publicHost = '*.inference.example.org'));
    expect(validateEnvironment(bad)).toEqual([{ path: host, message: '"*.inference.example.org" is a wildcard; a public service names exactly one host' }]);
  });

  it('refuses a host outside the environment domain', () => {
    const bad = exposed('public', (d) => (d.workloads.services.web.publicHost = 'web.other-company.com'));
    expect(validateEnvironment(bad)).toEqual([
      { path: host, message: '"web.other-company.com" is outside this environment\'s domain inference.example.org; use <name>.inference.example.org' },
    ]);
  });

  it('refuses public ingress without a certificate', () => {
    const bad = exposed('public', (d) => delete d.ingress.certificateArn);
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.ingress.certificateArn', message: 'public ingress needs an ACM certificate ARN: TLS is terminated at the load balancer and plain HTTP is not exposed' },
    ]);
  });

  it('refuses a host when the environment has no load balancer', () => {
    const bad = exposed('none');
    expect(validateEnvironment(bad)).toEqual([
      {
        path: host,
        message: 'ingress.exposure is "none": no load balancer serves "web.inference.example.org"; set exposure "internal" or "public", or drop publicHost',
      },
    ]);
  });

  it('refuses a certificate from another region than the load balancer', () => {
    const bad = exposed('public', (d) => (d.ingress.certificateArn = certificateArn.replace(region, 'eu-west-2')));
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.ingress.certificateArn', message: `the certificate is in eu-west-2 but the load balancer is in ${region}; an NLB can only use a certificate from its own region` },
    ]);
  });

  it('refuses a TLS policy below TLS 1.3', () => {
    const bad = exposed('public', (d) => (d.ingress.tlsPolicy = 'ELBSecurityPolicy-2016-08'));
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.ingress.tlsPolicy', message: '"ELBSecurityPolicy-2016-08" is not a TLS 1.3 ELB policy (e.g. ELBSecurityPolicy-TLS13-1-2-2021-06)' },
    ]);
  });
});

describe('NLB idle timeout (350 s)', () => {
  const at = 'fixture.workloads.services.web';
  /** The fixture's web behind an internal NLB, with the fields the rule reads changed by `patch`. */
  const served = (patch: (web: any) => void) => exposed('internal', (d) => patch(d.workloads.services.web));

  it('refuses a non-streaming service whose timeout exceeds the idle timeout', () => {
    const bad = served((c) => Object.assign(c, { streaming: false, timeoutSeconds: 400 }));
    expect(validateEnvironment(bad)).toEqual([
      {
        path: `${at}.timeoutSeconds`,
        message: "400 s exceeds the load balancer's 350 s idle timeout and responses do not stream: the NLB cuts a silent response after 350 s; lower timeoutSeconds to 350 or stream the response (streaming: true)",
      },
    ]);
  });

  it('accepts a long timeout when responses stream, and any timeout within the idle timeout', () => {
    expect(validateEnvironment(served((c) => Object.assign(c, { streaming: true, timeoutSeconds: 600 })))).toEqual([]);
    expect(validateEnvironment(served((c) => Object.assign(c, { streaming: false, timeoutSeconds: 350 })))).toEqual([]);
  });

  it('refuses a cold start longer than the idle timeout, streaming or not', () => {
    // 2 s activation + 37 s node + 182 s pull of 8 GiB + 130 s model load = 351 s.
    const bad = served((c) => Object.assign(c, { streaming: true, coldStart: { imageSizeMiB: 8_192, modelLoadSeconds: 130 } }));
    expect(validateEnvironment(bad)).toEqual([
      {
        path: `${at}.coldStart`,
        message: "the worst-case cold start of 351 s exceeds the load balancer's 350 s idle timeout: a request waiting for a new pod gets no byte until it is ready, so the NLB drops it; shorten the cold start (image size, model load)",
      },
    ]);
  });

  it('does not apply to cluster-local services', () => {
    const local = served((c) => {
      delete c.publicHost;
      Object.assign(c, { streaming: false, timeoutSeconds: 600 });
    });
    expect(validateEnvironment(local)).toEqual([]);
  });
});
