/**
 * Dragonfly's database and JWT credentials, kept out of Git (the chart defaults are
 * `dragonfly`/`dragonfly-root` and a JWT key of base64("dragonfly")):
 *
 * - MySQL (bitnami subchart) reads its passwords from the Secret via `mysql.auth.existingSecret`;
 * - the manager reads a complete config file from the same Secret: `MANAGER_CONFIG` is the
 *   config path override every Dragonfly Go component honours (`<ROOT>_CONFIG`, bound in
 *   d7y.io/dragonfly/v2 cmd/dependency/dependency.go), so the chart's ConfigMap, which would
 *   embed the password from values, is not used;
 * - Redis runs without a password, reachable only inside the dragonfly namespace (NetworkPolicy),
 *   so no component carries a Redis secret.
 * External Secrets renders the Secret from Secrets Manager (see external-secrets-config).
 */
export const DRAGONFLY_SECRET = {
  name: 'dragonfly-credentials',
  namespace: 'dragonfly',
  /** Keys fetched from the remote JSON; the first two are what the bitnami MySQL chart expects. */
  keys: ['mysql-root-password', 'mysql-password', 'jwt-key'],
  managerConfigKey: 'manager.yaml',
} as const;

/** Where the manager container finds its config file. */
export const MANAGER_CONFIG_DIR = '/etc/dragonfly-credentials';

/** Service hosts of the bundled MySQL and Redis for release `dragonfly` (chart naming). */
function hosts(namespace: string) {
  return {
    mysql: `dragonfly-mysql.${namespace}.svc.cluster.local`,
    redis: `dragonfly-redis-master.${namespace}.svc.cluster.local:6379`,
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
    'metrics:',
    '  enable: true',
    '  addr: ":8000"',
    'console: true',
    '',
  ].join('\n');
}
