import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { AwsSecretsManagerStore } from '../constructs/secrets/aws-secrets-manager-store';
import { SyncedSecret } from '../constructs/secrets/synced-secret';
import { dragonfly } from './helm/dragonfly';
import { DRAGONFLY_SECRET, managerConfigTemplate, schedulerConfigTemplate } from './helm/dragonfly-credentials';
import { ALERTMANAGER_CONFIG_KEY, RECEIVER_SECRET_KEY, alertmanagerConfigTemplate } from '../constructs/monitoring/alertmanager-config';
import { PlatformChart } from './platform-chart';

/** The ClusterSecretStore every ExternalSecret of the platform reads from. */
export const SECRET_STORE = 'aws-secrets-manager';

/**
 * The Secret Grafana reads its admin login from: kube-prometheus-stack
 * `grafana.admin.existingSecret: grafana-admin` with the chart's default userKey/passwordKey.
 */
export const GRAFANA_ADMIN_SECRET = { name: 'grafana-admin', namespace: 'monitoring', userKey: 'admin-user', passwordKey: 'admin-password' } as const;

/** The Secret holding Alertmanager's configuration with the receiver (monitoring namespace). */
export const ALERTMANAGER_CONFIG_SECRET = 'alertmanager-config';

/** Remote name of a platform secret: below `<cluster name>/`, the prefix the External Secrets IAM role may read. */
export function remoteSecretName(env: EnvironmentConfig, name: string): string {
  return `${env.cluster.name}/${name}`;
}

/** External Secrets store (AWS Secrets Manager via Pod Identity) and the platform's secrets. */
export class ExternalSecretsConfigChart extends PlatformChart {
  readonly layer = 'platform-config' as const;

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, 'external-secrets-config');
    new AwsSecretsManagerStore(this, 'store', {
      name: SECRET_STORE,
      region: env.cluster.region,
      namespaces: [GRAFANA_ADMIN_SECRET.namespace, DRAGONFLY_SECRET.namespace],
    });
    new SyncedSecret(this, 'grafana-admin', {
      name: GRAFANA_ADMIN_SECRET.name,
      namespace: GRAFANA_ADMIN_SECRET.namespace,
      store: SECRET_STORE,
      remoteKey: remoteSecretName(env, env.platform.secrets.grafanaAdmin),
      keys: [GRAFANA_ADMIN_SECRET.userKey, GRAFANA_ADMIN_SECRET.passwordKey],
      refreshInterval: env.platform.secrets.refreshInterval,
    });
    new SyncedSecret(this, 'dragonfly-credentials', {
      name: DRAGONFLY_SECRET.name,
      namespace: DRAGONFLY_SECRET.namespace,
      store: SECRET_STORE,
      remoteKey: remoteSecretName(env, env.platform.secrets.dragonfly),
      keys: DRAGONFLY_SECRET.keys,
      refreshInterval: env.platform.secrets.refreshInterval,
      templates: {
        [DRAGONFLY_SECRET.managerConfigKey]: managerConfigTemplate(DRAGONFLY_SECRET.namespace),
        // From the scheduler values we give the chart, so the file follows them.
        [DRAGONFLY_SECRET.schedulerConfigKey]: schedulerConfigTemplate(DRAGONFLY_SECRET.namespace, dragonfly(env).values.scheduler as object),
      },
    });
    const receiver = env.platform.alerts.receiver;
    if (receiver) {
      new SyncedSecret(this, 'alertmanager-config', {
        name: ALERTMANAGER_CONFIG_SECRET,
        namespace: GRAFANA_ADMIN_SECRET.namespace,
        store: SECRET_STORE,
        remoteKey: remoteSecretName(env, receiver.secret),
        keys: [RECEIVER_SECRET_KEY[receiver.kind]],
        refreshInterval: env.platform.secrets.refreshInterval,
        templates: { [ALERTMANAGER_CONFIG_KEY]: alertmanagerConfigTemplate(receiver.kind) },
      });
    }
  }
}
