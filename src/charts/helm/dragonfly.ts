import type { EnvironmentConfig } from '../../config/types';
import { helmCharts, platformVersions } from '../../config/versions';
import { DRAGONFLY_SECRET, MANAGER_CONFIG_DIR } from './dragonfly-credentials';
import { tolerate, type HelmRelease } from './release';

/** Placement of control-plane pods on the always-on system node group. */
export function systemPlacement(env: EnvironmentConfig) {
  return {
    nodeSelector: { ...env.nodes.systemNodeGroup.labels },
    tolerations: env.nodes.systemNodeGroup.taints.map(tolerate),
  };
}

/**
 * Dragonfly P2P image distribution. The per-node client (dfdaemon) must run on GPU nodes,
 * where the big pulls happen, and serves the containerd mirror that node user data points at.
 * dfinit stays off: the node's user data is the only writer of hosts.toml.
 */
export function dragonfly(env: EnvironmentConfig): HelmRelease {
  const df = env.addons.dragonfly;
  const port = Number(new URL(env.nodes.registryMirror.endpoint).port);
  // The wait-for-mysql/redis/scheduler init containers default to busybox:latest, which the
  // disallow-latest-tag policy refuses (dragonflyoss/helm-charts
  // charts/dragonfly/templates/manager/manager-deployment.yaml@dragonfly-1.6.15).
  const waitFor = { initContainer: { image: { tag: platformVersions.busybox } } };
  // Control plane and seed peers are platform-critical; the per-node peer is a node agent.
  const system = { ...systemPlacement(env), priorityClassName: 'platform-critical', ...waitFor };
  return {
    app: 'dragonfly',
    chart: helmCharts.dragonfly,
    namespace: 'dragonfly',
    releaseName: 'dragonfly',
    values: {
      global: { storageClass: 'gp3' },
      manager: {
        replicas: df.managerReplicas,
        resources: { requests: { ...df.managerRequests } },
        ...system,
        extraEnvVars: [{ name: 'MANAGER_CONFIG', value: `${MANAGER_CONFIG_DIR}/${DRAGONFLY_SECRET.managerConfigKey}` }],
        // The chart's default logs volume, plus the config file from the credentials Secret.
        extraVolumes: [
          { name: 'logs', emptyDir: {} },
          { name: 'credentials', secret: { secretName: DRAGONFLY_SECRET.name, items: [{ key: DRAGONFLY_SECRET.managerConfigKey, path: DRAGONFLY_SECRET.managerConfigKey }] } },
        ],
        extraVolumeMounts: [
          { name: 'logs', mountPath: '/var/log/dragonfly/manager' },
          { name: 'credentials', mountPath: MANAGER_CONFIG_DIR, readOnly: true },
        ],
      },
      // No password in values: MySQL takes its passwords from the Secret, Redis has none.
      mysql: { auth: { existingSecret: DRAGONFLY_SECRET.name, password: '', rootPassword: '' }, primary: systemPlacement(env) },
      redis: { auth: { enabled: false, password: '' }, master: systemPlacement(env) },
      scheduler: { replicas: df.schedulerReplicas, resources: { requests: { ...df.schedulerRequests } }, ...system },
      seedClient: {
        replicas: df.seedClientReplicas,
        resources: { requests: { ...df.seedClientRequests } },
        persistence: { size: `${df.seedClientStorageGiB}Gi` },
        ...system,
      },
      client: {
        ...waitFor,
        tolerations: [tolerate(env.nodes.gpuTaint)],
        priorityClassName: 'system-node-critical',
        dfinit: { enable: false },
        config: {
          proxy: {
            server: { port },
            // Default upstream when no X-Dragonfly-Registry header is sent (Bottlerocket mirrors).
            registryMirror: { addr: `https://${env.cluster.registryHost}` },
          },
        },
      },
    },
  };
}
