import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { validateEnvironment } from '../../src/config/validate';
import { fixtureEnvironment } from '../fixtures/environment';
import { FIXTURE_CLUSTER, pinCluster, productionFixture } from '../fixtures/rules';

describe('validateEnvironment', () => {
  // Whatever the user puts in them, synth refuses an environment with problems.
  it('finds no problem in the registered environments', () => {
    for (const env of Object.values(environments)) expect(validateEnvironment(env), env.name).toEqual([]);
  });

  // The rule tests expect exactly the problems their change causes: they start from these.
  it('finds no problem in the fixture environment and its production variant', () => {
    expect(validateEnvironment(fixtureEnvironment())).toEqual([]);
    expect(validateEnvironment(productionFixture())).toEqual([]);
  });

  it('reports every cluster identity problem with its path', () => {
    const { accountId, region } = FIXTURE_CLUSTER; // us-east-1
    const bad = fixtureEnvironment((d) => {
      pinCluster(d);
      d.cluster.registryHost = `${accountId}.dkr.ecr.eu-west-1.amazonaws.com`;
      d.cluster.interruptionQueueName = 'queue with spaces';
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.cluster.registryHost', message: `"${accountId}.dkr.ecr.eu-west-1.amazonaws.com" must be this account's ECR registry in this region: ${accountId}.dkr.ecr.${region}.amazonaws.com` },
      { path: 'fixture.cluster.interruptionQueueName', message: '"queue with spaces" must be an SQS queue name (1-80 of A-Z a-z 0-9 _ -)' },
    ]);
  });

  it('refuses placeholder Git URLs', () => {
    const bad = fixtureEnvironment((d) => (d.gitops.repoUrl = 'https://github.com/YOUR_ORG/repo.git'));
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.gitops.repoUrl', message: '"https://github.com/YOUR_ORG/repo.git" must be the real https:// or ssh Git URL of this repository' },
    ]);
  });

  it('refuses audit/warn levels looser than enforce and namespaces without a reason', () => {
    // Two namespaces of the test's own, appended after the fixture's: the rule holds for any namespace.
    const bad = fixtureEnvironment((d) => {
      d.namespaces.unexplained = { podSecurity: { enforce: 'restricted', audit: 'restricted', warn: 'restricted' }, reason: '' };
      d.namespaces.loose = { podSecurity: { enforce: 'baseline', audit: 'restricted', warn: 'privileged' }, reason: 'a namespace whose warn level is looser than enforce' };
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.namespaces.unexplained.reason', message: 'say why this namespace needs its Pod Security level (required, and reviewed for privileged namespaces)' },
      { path: 'fixture.namespaces.loose.podSecurity.warn', message: 'privileged is looser than enforce (baseline); set it to baseline or stricter' },
    ]);
  });
});
