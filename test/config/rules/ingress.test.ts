import { describe, expect, it } from 'vitest';
import { environments } from '../../../src/config/environments';
import { validateEnvironment } from '../../../src/config/validate';
import { withOverride } from '../../support/rendered';

const { dev, prod } = environments;
const host = 'prod.workloads.services.chat.publicHost';

describe('ingress guardrails', () => {
  it('refuses a wildcard public host', () => {
    const bad = withOverride(prod, (d) => (d.workloads.services.chat.publicHost = '*.inference.acme-ml.ai'));
    expect(validateEnvironment(bad)).toEqual([{ path: host, message: '"*.inference.acme-ml.ai" is a wildcard; a public service names exactly one host' }]);
  });

  it('refuses a host outside the environment domain', () => {
    const bad = withOverride(prod, (d) => (d.workloads.services.chat.publicHost = 'chat.other-company.com'));
    expect(validateEnvironment(bad)).toEqual([
      { path: host, message: '"chat.other-company.com" is outside this environment\'s domain inference.acme-ml.ai; use <name>.inference.acme-ml.ai' },
    ]);
  });

  it('refuses public ingress without a certificate', () => {
    const bad = withOverride(prod, (d) => delete d.ingress.certificateArn);
    expect(validateEnvironment(bad)).toEqual([
      { path: 'prod.ingress.certificateArn', message: 'public ingress needs an ACM certificate ARN: TLS is terminated at the load balancer and plain HTTP is not exposed' },
    ]);
  });

  it('refuses a host when the environment has no load balancer', () => {
    const bad = withOverride(dev, (d) => (d.ingress.exposure = 'none'));
    expect(validateEnvironment(bad)).toEqual([
      {
        path: 'dev.workloads.services.chat.publicHost',
        message: 'ingress.exposure is "none": no load balancer serves "chat.dev.inference.acme-ml.internal"; set exposure "internal" or "public", or drop publicHost',
      },
    ]);
  });

  it('refuses a certificate from another region than the load balancer', () => {
    const bad = withOverride(prod, (d) => (d.ingress.certificateArn = d.ingress.certificateArn.replace('us-east-1', 'eu-west-2')));
    expect(validateEnvironment(bad)).toEqual([
      { path: 'prod.ingress.certificateArn', message: 'the certificate is in eu-west-2 but the load balancer is in us-east-1; an NLB can only use a certificate from its own region' },
    ]);
  });

  it('refuses a TLS policy below TLS 1.3', () => {
    const bad = withOverride(prod, (d) => (d.ingress.tlsPolicy = 'ELBSecurityPolicy-2016-08'));
    expect(validateEnvironment(bad)).toEqual([
      { path: 'prod.ingress.tlsPolicy', message: '"ELBSecurityPolicy-2016-08" is not a TLS 1.3 ELB policy (e.g. ELBSecurityPolicy-TLS13-1-2-2021-06)' },
    ]);
  });
});
