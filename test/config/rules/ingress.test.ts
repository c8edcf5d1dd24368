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

describe('NLB idle timeout (350 s)', () => {
  const at = 'dev.workloads.services.chat';
  /** dev's chat behind its internal NLB, reduced to what the rule reads. */
  const served = (patch: (chat: any) => void) => withOverride(dev, (d) => patch(d.workloads.services.chat));

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
