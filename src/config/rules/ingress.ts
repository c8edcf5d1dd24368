import type { EnvironmentConfig } from '../types';
import type { Problems } from './collector';

const HOST = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;

/** Ingress exposure, TLS and public hosts. */
export function checkIngress(env: EnvironmentConfig, p: Problems, at: string): void {
  const ing = env.ingress;
  p.check(HOST.test(ing.domain), `${at}.ingress.domain`, `"${ing.domain}" must be a DNS domain like inference.example.org (no wildcard)`);
  if (ing.exposure === 'public') {
    p.check(ing.certificateArn !== undefined && ACM_ARN.test(ing.certificateArn), `${at}.ingress.certificateArn`, 'public ingress needs an ACM certificate ARN: TLS is terminated at the load balancer and plain HTTP is not exposed');
  }
  if (ing.certificateArn !== undefined && p.check(ACM_ARN.test(ing.certificateArn), `${at}.ingress.certificateArn`, `"${ing.certificateArn}" is not an ACM certificate ARN`)) {
    const region = ing.certificateArn.split(':')[3];
    p.check(region === env.cluster.region, `${at}.ingress.certificateArn`, `the certificate is in ${region} but the load balancer is in ${env.cluster.region}; an NLB can only use a certificate from its own region`);
  }
  p.check(/^ELBSecurityPolicy-TLS13-/.test(ing.tlsPolicy), `${at}.ingress.tlsPolicy`, `"${ing.tlsPolicy}" is not a TLS 1.3 ELB policy (e.g. ELBSecurityPolicy-TLS13-1-2-2021-06)`);
  for (const [name, w] of Object.entries(env.workloads.services)) {
    if (w.kind !== 'http' || w.publicHost === undefined) continue;
    const path = `${at}.workloads.services.${name}.publicHost`;
    const host = w.publicHost;
    if (!p.check(!host.includes('*'), path, `"${host}" is a wildcard; a public service names exactly one host`)) continue;
    if (!p.check(HOST.test(host), path, `"${host}" is not a host name`)) continue;
    p.check(host.endsWith(`.${ing.domain}`), path, `"${host}" is outside this environment's domain ${ing.domain}; use <name>.${ing.domain}`);
    p.check(ing.exposure !== 'none', path, `ingress.exposure is "none": no load balancer serves "${host}"; set exposure "internal" or "public", or drop publicHost`);
  }
}
