import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { validateEnvironment } from '../../src/config/validate';
import { withOverride } from '../support/rendered';

const { dev, prod } = environments;

describe('validateEnvironment', () => {
  it('finds no problem in the shipped environments', () => {
    expect(validateEnvironment(dev)).toEqual([]);
    expect(validateEnvironment(prod)).toEqual([]);
  });

  it('reports every cluster identity problem with its path', () => {
    const bad = withOverride(dev, (d) => {
      d.cluster.registryHost = `${d.cluster.accountId}.dkr.ecr.eu-west-1.amazonaws.com`;
      d.cluster.interruptionQueueName = 'queue with spaces';
    });
    const { accountId, region } = dev.cluster;
    expect(validateEnvironment(bad)).toEqual([
      { path: 'dev.cluster.registryHost', message: `"${accountId}.dkr.ecr.eu-west-1.amazonaws.com" must be this account's ECR registry in this region: ${accountId}.dkr.ecr.${region}.amazonaws.com` },
      { path: 'dev.cluster.interruptionQueueName', message: '"queue with spaces" must be an SQS queue name (1-80 of A-Z a-z 0-9 _ -)' },
    ]);
  });

  it('refuses placeholder Git URLs', () => {
    const bad = withOverride(prod, (d) => (d.gitops.repoUrl = 'https://github.com/YOUR_ORG/repo.git'));
    expect(validateEnvironment(bad)).toEqual([
      { path: 'prod.gitops.repoUrl', message: '"https://github.com/YOUR_ORG/repo.git" must be the real https:// or ssh Git URL of this repository' },
    ]);
  });

  it('refuses audit/warn levels looser than enforce and namespaces without a reason', () => {
    const bad = withOverride(dev, (d) => {
      d.namespaces.inference.podSecurity.warn = 'privileged';
      d.namespaces.monitoring.reason = '';
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: 'dev.namespaces.monitoring.reason', message: 'say why this namespace needs its Pod Security level (required, and reviewed for privileged namespaces)' },
      { path: 'dev.namespaces.inference.podSecurity.warn', message: 'privileged is looser than enforce (baseline); set it to baseline or stricter' },
    ]);
  });
});
