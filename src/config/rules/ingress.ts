import { coldStartBudget } from '../derived/cold-start';
import type { EnvironmentConfig } from '../types';
import type { HttpWorkloadConfig } from '../workload-types';
import type { Problems } from './collector';

const HOST = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;

/**
 * NLB connection idle timeout: fixed for TLS listeners, the default for TCP ones, and the AWS
 * cloud controller manager has no annotation to change it
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/update-idle-timeout.html).
 */
const NLB_IDLE_TIMEOUT_SECONDS = 350;

/**
 * A request through the NLB must never be silent for longer than its idle timeout: not while it
 * waits in the activator for a cold start, and not while a non-streaming response is generated.
 */
function checkNlbIdle(env: EnvironmentConfig, w: HttpWorkloadConfig, p: Problems, at: string): void {
  const limit = NLB_IDLE_TIMEOUT_SECONDS;
  const coldStart = coldStartBudget(env, w, false).total;
  p.check(coldStart <= limit, `${at}.coldStart`, `the worst-case cold start of ${coldStart} s exceeds the load balancer's ${limit} s idle timeout: a request waiting for a new pod gets no byte until it is ready, so the NLB drops it; shorten the cold start (image size, model load)`);
  p.check(
    w.streaming || w.timeoutSeconds <= limit,
    `${at}.timeoutSeconds`,
    `${w.timeoutSeconds} s exceeds the load balancer's ${limit} s idle timeout and responses do not stream: the NLB cuts a silent response after ${limit} s; lower timeoutSeconds to ${limit} or stream the response (streaming: true)`,
  );
}

/** Ingress exposure, TLS and public hosts. */
/** One host is one DomainMapping (named by the host): two services cannot both own it. */
function checkHostOwners(env: EnvironmentConfig, p: Problems, at: string): void {
  const owner = new Map<string, string>();
  for (const [name, w] of Object.entries(env.workloads.services)) {
    if (w.kind !== 'http' || w.publicHost === undefined) continue;
    const first = owner.get(w.publicHost);
    if (first === undefined) owner.set(w.publicHost, name);
    else {
      p.fail(
        `${at}.workloads.services.${name}.publicHost`,
        `"${w.publicHost}" is also ${at}.workloads.services.${first}.publicHost; both would render the same DomainMapping, so give each service its own host`,
      );
    }
  }
}

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
  checkHostOwners(env, p, at);
  for (const [name, w] of Object.entries(env.workloads.services)) {
    if (w.kind !== 'http' || w.publicHost === undefined) continue;
    const path = `${at}.workloads.services.${name}.publicHost`;
    const host = w.publicHost;
    if (!p.check(!host.includes('*'), path, `"${host}" is a wildcard; a public service names exactly one host`)) continue;
    if (!p.check(HOST.test(host), path, `"${host}" is not a host name`)) continue;
    p.check(host.endsWith(`.${ing.domain}`), path, `"${host}" is outside this environment's domain ${ing.domain}; use <name>.${ing.domain}`);
    if (p.check(ing.exposure !== 'none', path, `ingress.exposure is "none": no load balancer serves "${host}"; set exposure "internal" or "public", or drop publicHost`)) {
      checkNlbIdle(env, w, p, `${at}.workloads.services.${name}`);
    }
  }
}
