import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { dragonfly } from '../../../src/charts/helm/dragonfly';
import { DRAGONFLY_SECRET, managerConfigTemplate, schedulerConfigTemplate } from '../../../src/charts/helm/dragonfly-credentials';
import { environments } from '../../../src/config/environments';
import type { EnvironmentConfig } from '../../../src/config/types';
import { docsOf, rendered } from '../../support/rendered';

/** Each template as External Secrets fills it: `{{ index . "key" | toJson }}` -> the JSON string of that key's value. */
const filled = (template: string, values: Record<string, string>) =>
  load(template.replace(/\{\{ index \. "([a-z-]+)" \| toJson \}\}/g, (_, key: string) => JSON.stringify(values[key]))) as any;

/** Awkward on purpose: YAML indicators, quotes and a backslash must survive as one string. */
const SECRETS = { 'mysql-password': 'my: "sql" #1', 'jwt-key': 'j\\w: t', 'redis-password': "r3d!s: 'x' #{}", 'mysql-root-password': 'root' };

/** What the chart renders for release `dragonfly` (dragonflyoss/helm-charts charts/dragonfly/templates/scheduler/scheduler-configmap.yaml@dragonfly-1.6.15). */
const CHART = {
  redisAddrs: ['dragonfly-redis-master.dragonfly.svc.cluster.local:6379'],
  managerAddr: 'dragonfly-manager.dragonfly.svc.cluster.local:65003',
  /** scheduler.config.manager.schedulerClusterID, charts/dragonfly/values.yaml@dragonfly-1.6.15. */
  schedulerClusterID: 1,
  /** The sections scheduler-configmap.yaml@dragonfly-1.6.15 renders, in its order. */
  sections: ['server', 'scheduler', 'database', 'dynconfig', 'host', 'manager', 'seedPeer', 'job', 'storage', 'network', 'metrics', 'console', 'pprofPort', 'tracing'],
};

const dragonflySecret = (env: EnvironmentConfig) =>
  docsOf(rendered(env)).find((d) => d.doc.kind === 'ExternalSecret' && d.doc.metadata.name === DRAGONFLY_SECRET.name)!.doc;

describe('Dragonfly credentials', () => {
  it('fetches the Redis password from <cluster>/<platform.secrets.dragonfly> with the other Dragonfly credentials', () => {
    for (const env of Object.values(environments)) {
      const es = dragonflySecret(env);
      const remote = `${env.cluster.name}/${env.platform.secrets.dragonfly}`;
      expect(es.spec.data).toContainEqual({ secretKey: 'redis-password', remoteRef: { key: remote, property: 'redis-password' } });
      expect(Object.keys(es.spec.target.template.data).sort()).toEqual(['manager.yaml', 'scheduler.yaml']);
    }
  });

  it('gives the manager the Redis password from the Secret', () => {
    const config = filled(managerConfigTemplate('dragonfly'), SECRETS);
    expect(config.database.redis).toEqual({ addrs: CHART.redisAddrs, password: SECRETS['redis-password'] });
    expect(config.database.mysql.password).toBe(SECRETS['mysql-password']);
    expect(config.auth.jwt.key).toBe(SECRETS['jwt-key']);
  });

  it('renders the scheduler config the chart would, with the Redis password from the Secret', () => {
    for (const env of Object.values(environments)) {
      const template = dragonflySecret(env).spec.target.template.data['scheduler.yaml'];
      // The rendered template follows the scheduler values we give the chart.
      expect(template).toBe(schedulerConfigTemplate('dragonfly', dragonfly(env).values.scheduler as object));
      const config = filled(template, SECRETS);
      expect(Object.keys(config)).toEqual(CHART.sections);
      expect(config.manager).toEqual({ addr: CHART.managerAddr, schedulerClusterID: CHART.schedulerClusterID, keepAlive: { interval: '5s' } });
      expect(config.database.redis).toEqual({ addrs: CHART.redisAddrs, password: SECRETS['redis-password'] });
      expect(config.job.redis).toEqual(config.database.redis);
      expect(config.metrics).toEqual({ enable: true, addr: ':8000', enableHost: false });
      expect(config.server).toMatchObject({ port: 8002, advertisePort: 8002, listenIP: '0.0.0.0' });
      expect(config.seedPeer).toBeNull();
      // Only the password comes from the Secret: the unfilled template holds no other expression.
      expect(template.match(/\{\{.*?\}\}/g)).toEqual(['{{ index . "redis-password" | toJson }}', '{{ index . "redis-password" | toJson }}']);
    }
  });

  it('merges scheduler values over the chart defaults like Helm', () => {
    const config = filled(schedulerConfigTemplate('dragonfly', { config: { manager: { schedulerClusterID: 7 }, seedPeer: { enable: true } }, metrics: { enableHost: true } }), SECRETS);
    expect(config.manager).toEqual({ addr: CHART.managerAddr, schedulerClusterID: 7, keepAlive: { interval: '5s' } });
    expect(config.seedPeer).toEqual({ enable: true });
    expect(config.metrics).toEqual({ enable: true, addr: ':8000', enableHost: true });
    expect(() => schedulerConfigTemplate('dragonfly', { config: { host: { idc: '{{ .x }}' } } })).toThrow(/template delimiters/);
  });
});
