import { dump } from 'js-yaml';
import { mergeValues } from './effective';

/**
 * Dragonfly's database, Redis and JWT credentials, kept out of Git (the chart defaults are
 * `dragonfly`/`dragonfly-root`, a Redis password `dragonfly` and a JWT key of base64("dragonfly")):
 *
 * - MySQL (bitnami subchart) reads its passwords from the Secret via `mysql.auth.existingSecret`;
 * - Redis (bitnami subchart) reads its password from the Secret via `redis.auth.existingSecret`
 *   and `existingSecretPasswordKey: redis-password`;
 * - the manager and the scheduler, the two components that talk to Redis (the chart's
 *   manager-configmap.yaml and scheduler-configmap.yaml are the only templates that render a
 *   Redis address; the seed client and client configs have none), each read a complete config
 *   file from the same Secret: `MANAGER_CONFIG` / `SCHEDULER_CONFIG` is the config path override
 *   every Dragonfly Go component honours (`<ROOT>_CONFIG`: `viper.SetEnvPrefix(rootName)` and
 *   `viper.BindEnv("config")`, dragonflyoss/dragonfly cmd/dependency/dependency.go@v2.4.3), so
 *   the chart's ConfigMaps, which would embed the passwords from values, are not used.
 * External Secrets renders the Secret from Secrets Manager (see external-secrets-config).
 */
export const DRAGONFLY_SECRET = {
  name: 'dragonfly-credentials',
  namespace: 'dragonfly',
  /**
   * Keys fetched from the remote JSON; the first two are what the bitnami MySQL chart expects,
   * `redis-password` is the bitnami Redis chart's default key (redis.secretPasswordKey,
   * bitnami/charts bitnami/redis/templates/_helpers.tpl@redis/19.5.5), set explicitly in the values.
   */
  keys: ['mysql-root-password', 'mysql-password', 'jwt-key', 'redis-password'],
  redisPasswordKey: 'redis-password',
  managerConfigKey: 'manager.yaml',
  schedulerConfigKey: 'scheduler.yaml',
} as const;

/** Where the manager and scheduler containers find their config file (each pod mounts only its own). */
export const CONFIG_DIR = '/etc/dragonfly-credentials';

/** External Secrets template expression of a fetched key (`toJson` quotes it as a YAML scalar). */
const fetched = (key: string) => `{{ index . ${JSON.stringify(key)} | toJson }}`;

/**
 * Service hosts of the bundled MySQL, Redis and manager for release `dragonfly` (chart naming:
 * `dragonfly.fullname` is the release name when it contains the chart name, and
 * `dragonfly.manager.fullname` is `<fullname>-manager`, dragonflyoss/helm-charts
 * charts/dragonfly/templates/_helpers.tpl@dragonfly-1.6.15; clusterDomain `cluster.local`,
 * manager.grpcPort 65003 and redis.master.service.ports.redis 6379, dragonflyoss/helm-charts
 * charts/dragonfly/values.yaml@dragonfly-1.6.15).
 */
function hosts(namespace: string) {
  return {
    mysql: `dragonfly-mysql.${namespace}.svc.cluster.local`,
    redis: `dragonfly-redis-master.${namespace}.svc.cluster.local:6379`,
    manager: `dragonfly-manager.${namespace}.svc.cluster.local:65003`,
  };
}

/**
 * The manager's config file as an External Secrets template (Go template with Sprig, engine
 * v2; `toJson` quotes a secret safely as a YAML scalar): the
 * chart's manager.yaml (templates/manager/manager-configmap.yaml) with the secrets filled in
 * at sync time; sections left out take the manager's built-in defaults.
 */
export function managerConfigTemplate(namespace: string): string {
  const h = hosts(namespace);
  return [
    'server:',
    '  rest:',
    '    addr: ":8080"',
    '  grpc:',
    '    port:',
    '      start: 65003',
    '      end: 65003',
    'auth:',
    '  jwt:',
    '    realm: Dragonfly',
    '    key: {{ index . "jwt-key" | toJson }}',
    '    timeout: 48h',
    '    maxRefresh: 48h',
    'database:',
    '  mysql:',
    '    user: dragonfly',
    '    password: {{ index . "mysql-password" | toJson }}',
    `    host: ${h.mysql}`,
    '    port: 3306',
    '    dbname: manager',
    '    migrate: true',
    '  redis:',
    '    addrs:',
    `      - ${h.redis}`,
    `    password: ${fetched(DRAGONFLY_SECRET.redisPasswordKey)}`,
    'metrics:',
    '  enable: true',
    '  addr: ":8000"',
    'console: true',
    '',
  ].join('\n');
}

/**
 * The chart's defaults the scheduler ConfigMap renders from: `scheduler.config` and
 * `scheduler.metrics.enable`/`enableHost`, dragonflyoss/helm-charts
 * charts/dragonfly/values.yaml@dragonfly-1.6.15 (`seedPeer` is empty there, `storage` absent).
 */
export const SCHEDULER_CHART_DEFAULTS = {
  config: {
    server: {
      advertiseIP: '',
      advertisePort: 8002,
      listenIP: '0.0.0.0',
      port: 8002,
      requestRateLimit: 4000,
      workHome: '',
      logLevel: 'info',
      logDir: '',
      cacheDir: '',
      pluginDir: '',
      dataDir: '',
    },
    scheduler: {
      algorithm: 'default',
      backToSourceCount: 200,
      retryBackToSourceLimit: 3,
      retryLimit: 5,
      retryInterval: '2s',
      gc: { pieceDownloadTimeout: '30m', peerGCInterval: '5m', peerTTL: '720h', taskGCInterval: '30m', hostGCInterval: '5m', hostTTL: '1h' },
    },
    dynconfig: { refreshInterval: '1m' },
    host: { idc: '', location: '' },
    manager: { schedulerClusterID: 1, keepAlive: { interval: '5s' } },
    seedPeer: null,
    console: true,
    pprofPort: -1,
    tracing: { protocol: '' },
    network: { enableIPv6: false },
  },
  metrics: { enable: true, enableHost: false },
} as const;

/** Stand-in for the Redis password expression while the document is dumped as YAML. */
const REDIS_PASSWORD = '__FETCHED_REDIS_PASSWORD__';

/**
 * The scheduler's config file as an External Secrets template (engine v2): what the chart's
 * scheduler.yaml (dragonflyoss/helm-charts
 * charts/dragonfly/templates/scheduler/scheduler-configmap.yaml@dragonfly-1.6.15, with
 * `redis.enable` and `manager.enable` true) renders from our `scheduler` values over the chart
 * defaults, section by section in its order, with the Redis password taken from the Secret
 * instead of `.Values.redis.auth.password` in `database.redis` and `job.redis` (the scheduler
 * reads both: dragonflyoss/dragonfly scheduler/config/config.go@v2.4.3).
 */
export function schedulerConfigTemplate(namespace: string, scheduler: { readonly config?: unknown; readonly metrics?: unknown } = {}): string {
  const h = hosts(namespace);
  const config = mergeValues(SCHEDULER_CHART_DEFAULTS.config, scheduler.config) as Record<string, any>;
  const metrics = mergeValues(SCHEDULER_CHART_DEFAULTS.metrics, scheduler.metrics) as Record<string, any>;
  const redis = { addrs: [h.redis], password: REDIS_PASSWORD };
  const doc = {
    server: config.server,
    scheduler: config.scheduler,
    database: { redis },
    dynconfig: config.dynconfig,
    host: config.host,
    manager: { addr: h.manager, schedulerClusterID: config.manager?.schedulerClusterID, keepAlive: config.manager?.keepAlive },
    seedPeer: config.seedPeer ?? null,
    job: { redis },
    storage: config.storage ?? null,
    network: config.network,
    metrics: { enable: metrics.enable, addr: ':8000', enableHost: metrics.enableHost },
    console: config.console,
    pprofPort: config.pprofPort,
    tracing: config.tracing,
  };
  const text = dump(doc, { noRefs: true });
  if (text.includes('{{')) throw new Error('scheduler config values must not contain template delimiters');
  return text.replaceAll(REDIS_PASSWORD, fetched(DRAGONFLY_SECRET.redisPasswordKey));
}
