import type { EnvironmentConfig } from '../../config/types';
import { helmCharts, platformVersions } from '../../config/versions';
import { CONFIG_DIR, DRAGONFLY_SECRET } from './dragonfly-credentials';
import { containerResources, systemPlacement } from './placement';
import { tolerate, type HelmRelease } from './release';

/**
 * A component's config file from the credentials Secret: `<COMPONENT>_CONFIG` points the Go
 * binary at it (see dragonfly-credentials), mounted with only that component's key, beside the
 * chart's default logs volume, which values replace (`extraVolumes`/`extraVolumeMounts` default to
 * a logs emptyDir at /var/log/dragonfly/<component>, dragonflyoss/helm-charts
 * charts/dragonfly/values.yaml@dragonfly-1.6.15; the manager deployment and scheduler statefulset
 * render extraEnvVars, extraVolumeMounts and extraVolumes, charts/dragonfly/templates/manager/
 * manager-deployment.yaml and scheduler/scheduler-statefulset.yaml@dragonfly-1.6.15).
 */
function configFromSecret(component: 'manager' | 'scheduler', key: string) {
  return {
    extraEnvVars: [{ name: `${component.toUpperCase()}_CONFIG`, value: `${CONFIG_DIR}/${key}` }],
    extraVolumes: [
      { name: 'logs', emptyDir: {} },
      { name: 'credentials', secret: { secretName: DRAGONFLY_SECRET.name, items: [{ key, path: key }] } },
    ],
    extraVolumeMounts: [
      { name: 'logs', mountPath: `/var/log/dragonfly/${component}` },
      { name: 'credentials', mountPath: CONFIG_DIR, readOnly: true },
    ],
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
        ...configFromSecret('manager', DRAGONFLY_SECRET.managerConfigKey),
      },
      // No password in values: MySQL and Redis take theirs from the Secret. `redis.auth.password`
      // stays empty so the chart's unused manager and scheduler ConfigMaps carry no password
      // (the chart default is `dragonfly`); with `existingSecret` set the bitnami chart ignores it
      // and renders no Secret of its own (bitnami/charts bitnami/redis/values.yaml@redis/19.5.5
      // auth.existingSecret, bitnami/redis/templates/secret.yaml@redis/19.5.5; redis 19.5.5 is the
      // dragonfly dependency, dragonflyoss/helm-charts charts/dragonfly/Chart.yaml@dragonfly-1.6.15).
      mysql: { auth: { existingSecret: DRAGONFLY_SECRET.name, password: '', rootPassword: '' }, primary: systemPlacement(env) },
      redis: {
        auth: { enabled: true, existingSecret: DRAGONFLY_SECRET.name, existingSecretPasswordKey: DRAGONFLY_SECRET.redisPasswordKey, password: '' },
        master: systemPlacement(env),
      },
      scheduler: {
        replicas: df.schedulerReplicas,
        resources: { requests: { ...df.schedulerRequests } },
        ...system,
        // The config file from the credentials Secret instead of the chart's ConfigMap, which
        // would embed the Redis password (scheduler-configmap.yaml@dragonfly-1.6.15).
        ...configFromSecret('scheduler', DRAGONFLY_SECRET.schedulerConfigKey),
      },
      seedClient: {
        replicas: df.seedClientReplicas,
        resources: { requests: { ...df.seedClientRequests } },
        persistence: { size: `${df.seedClientStorageGiB}Gi` },
        ...system,
      },
      client: {
        ...waitFor,
        // Requests the GPU capacity model counts (config/derived/gpu-node-daemonsets.ts); the
        // chart requests 0 (charts/dragonfly/values.yaml@dragonfly-1.6.15 `client.resources`,
        // rendered by templates/client/client-daemonset.yaml@dragonfly-1.6.15), so the peer was
        // evicted first under memory pressure. Helm merges this over the chart's map: its 4-CPU
        // limit stays, the memory limit becomes the request.
        resources: containerResources(env.nodes.gpuNodeDaemonSets.dragonflyClient),
        tolerations: [tolerate(env.nodes.gpuTaint)],
        priorityClassName: 'system-node-critical',
        dfinit: { enable: false },
        config: {
          // The cache is counted against this cap instead of the node's disk: dfdaemon walks its
          // storage directory, collects from 90% of the cap down to 70% (the chart's thresholds)
          // and refuses to store beyond it (dragonflyoss/client
          // dragonfly-client-storage/src/content_linux.rs and dragonfly-client/src/gc/mod.rs@v1.2.15,
          // `distThreshold` is the alias of `disk_threshold`, a bytesize string).
          gc: { policy: { distThreshold: `${df.clientCacheGiB}GiB` } },
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
