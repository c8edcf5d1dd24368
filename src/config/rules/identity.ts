import type { EnvironmentConfig } from '../types';
import { DNS_LABEL } from '../schema/common';
import type { Problems } from './collector';

const PLACEHOLDER = /YOUR_|CHANGE_?ME|<[^>]+>|example\.com|TODO/i;

/** Environment name, cluster identity and GitOps source. */
export function checkIdentity(env: EnvironmentConfig, p: Problems, at: string): void {
  p.check(env.name.length <= 20, `${at}.name`, `"${env.name}" must be a DNS label of at most 20 characters (it names folders and Argo CD Applications)`);
  const c = env.cluster;
  p.check(DNS_LABEL.test(c.name) && c.name.length <= 40, `${at}.cluster.name`, `"${c.name}" must be a DNS label of at most 40 characters (IAM role names derive from it)`);
  const registry = `${c.accountId}.dkr.ecr.${c.region}.amazonaws.com`;
  p.check(c.registryHost === registry, `${at}.cluster.registryHost`, `"${c.registryHost}" must be this account's ECR registry in this region: ${registry}`);
  p.check(c.nodeRoleName.length > 0 && c.nodeRoleName.length <= 64, `${at}.cluster.nodeRoleName`, 'must be an IAM role name of 1-64 characters');
  p.check(/^[A-Za-z0-9_-]{1,80}$/.test(c.interruptionQueueName), `${at}.cluster.interruptionQueueName`, `"${c.interruptionQueueName}" must be an SQS queue name (1-80 of A-Z a-z 0-9 _ -)`);
  const g = env.gitops;
  p.check(/^(https:\/\/|git@|ssh:\/\/)\S+$/.test(g.repoUrl) && !PLACEHOLDER.test(g.repoUrl), `${at}.gitops.repoUrl`, `"${g.repoUrl}" must be the real https:// or ssh Git URL of this repository`);
  p.check(g.targetRevision.trim().length > 0 && !PLACEHOLDER.test(g.targetRevision), `${at}.gitops.targetRevision`, 'must name the branch, tag or commit Argo CD tracks');
}
