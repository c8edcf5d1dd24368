import type { ConfigProblem } from '../errors';
import type { EnvironmentConfig } from '../types';
import { overlaps, parseCidr } from './platform';

/** Whether two environments both declared that they share (each lists the other). */
const mutual = (a: EnvironmentConfig, b: EnvironmentConfig, list: (e: EnvironmentConfig) => readonly string[]) =>
  list(a).includes(b.name) && list(b).includes(a.name);

const pairs = <T>(xs: readonly T[]): [T, T][] => xs.flatMap((a, i) => xs.slice(i + 1).map((b) => [a, b] as [T, T]));

function clusterNames(a: EnvironmentConfig, b: EnvironmentConfig): ConfigProblem[] {
  if (a.cluster.name !== b.cluster.name) return [];
  return [{ path: `${b.name}.cluster.name`, message: `"${b.cluster.name}" is also ${a.name}.cluster.name; each environment needs its own cluster (its Secrets Manager prefix, Karpenter discovery tag and Terraform state follow the name)` }];
}

function vpcCidrs(a: EnvironmentConfig, b: EnvironmentConfig): ConfigProblem[] {
  const [x, y] = [parseCidr(a.platform.network.vpcCidr), parseCidr(b.platform.network.vpcCidr)];
  if (!x || !y || !overlaps(x, y) || mutual(a, b, (e) => e.platform.network.sharesVpcCidrWith)) return [];
  return [{
    path: `${b.name}.platform.network.vpcCidr`,
    message: `${b.platform.network.vpcCidr} overlaps ${a.name}.platform.network.vpcCidr ${a.platform.network.vpcCidr}, so the two VPCs can never be peered; choose another range, or list each other in platform.network.sharesVpcCidrWith`,
  }];
}

const publicHosts = (e: EnvironmentConfig) =>
  Object.entries(e.workloads.services).flatMap(([name, w]) => (w.kind === 'http' && w.publicHost ? [{ name, host: w.publicHost }] : []));

function hosts(a: EnvironmentConfig, b: EnvironmentConfig): ConfigProblem[] {
  if (mutual(a, b, (e) => e.ingress.sharesHostsWith)) return [];
  return publicHosts(b).flatMap(({ name, host }) => {
    const other = publicHosts(a).find((h) => h.host === host);
    if (!other) return [];
    return [{
      path: `${b.name}.workloads.services.${name}.publicHost`,
      message: `"${host}" is also ${a.name}.workloads.services.${other.name}.publicHost; one DNS name can point at one load balancer, so choose another host, or list each other in ingress.sharesHostsWith`,
    }];
  });
}

/** What no single environment can see: two environments claiming the same cluster, network or host. */
export function crossEnvironmentProblems(envs: readonly EnvironmentConfig[]): ConfigProblem[] {
  return pairs(envs).flatMap(([a, b]) => [...clusterNames(a, b), ...vpcCidrs(a, b), ...hosts(a, b)]);
}
