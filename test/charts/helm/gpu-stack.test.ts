import { describe, expect, it } from 'vitest';
import { environments } from '../../../src/config/environments';
import type { EnvironmentConfig } from '../../../src/config/types';
import { fixtureEnvironment } from '../../fixtures/environment';
import { docsOf, rendered } from '../../support/rendered';
import { releasesOf } from './releases';

const releases = (env: EnvironmentConfig) => Object.fromEntries(Object.values(releasesOf(env)).map((r) => [r.app, r.values as any]));

/** GPU label, taint, system label and registry the fixture tests set, so expected values are written here. */
const GPU_LABELS = { 'gpu-inference.io/accelerator': 'nvidia' };
const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' };
const SYSTEM_LABELS = { 'gpu-inference.io/node-role': 'system' };

/** The fixture with the GPU node label and taint above, and `patch`. */
const gpuFixture = (patch: (d: any) => void = () => undefined) =>
  fixtureEnvironment((d) => {
    d.nodes.gpuNodeLabels = GPU_LABELS;
    d.nodes.gpuTaint = GPU_TAINT;
    patch(d);
  });

/** Every values path holding a toleration of the taint key `key`. */
function gpuTolerationPaths(v: unknown, key: string, path: string, out: string[]): string[] {
  if (Array.isArray(v)) {
    if (v.some((t) => t && typeof t === 'object' && (t as any).key === key)) out.push(path);
    v.forEach((x) => gpuTolerationPaths(x, key, path, out));
  } else if (v && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) gpuTolerationPaths(child, key, path ? `${path}.${k}` : k, out);
  }
  return out;
}

describe('GPU device stack and Dragonfly values', () => {
  for (const env of Object.values(environments)) {
    it(`${env.name}: only the GPU DaemonSets tolerate the GPU taint`, () => {
      const paths = Object.entries(releases(env)).flatMap(([app, values]) => gpuTolerationPaths(values, env.nodes.gpuTaint.key, app, []));
      expect(paths.sort()).toEqual([
        'dcgm-exporter.tolerations',
        'dragonfly.client.tolerations',
        'nvidia-device-plugin.nfd.worker.tolerations',
        'nvidia-device-plugin.tolerations',
      ]);
    });
  }

  it('schedules the device plugin and GFD on our GPU label, before NFD has labelled the node', () => {
    const dp = releases(gpuFixture())['nvidia-device-plugin'];
    expect(dp.gfd.enabled).toBe(true);
    const terms = dp.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms[0].matchExpressions).toEqual([
      { key: 'gpu-inference.io/accelerator', operator: 'In', values: ['nvidia'] },
      // Never on Bottlerocket nodes, which run their own device plugin (test/charts/gpu-nodes.test.ts).
      { key: 'gpu-inference.io/ami-family', operator: 'NotIn', values: ['bottlerocket'] },
    ]);
    // Any value of the taint: the chart's default NFD toleration expects "present", ours is "true".
    expect(dp.nfd.worker.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  it('runs DCGM exporter only on GPU nodes, scraped at the configured interval with the Prometheus label', () => {
    const dcgm = (scrapeInterval: string) => releases(gpuFixture((d) => (d.addons.dcgmExporter.scrapeInterval = scrapeInterval)))['dcgm-exporter'];
    expect(dcgm('30s').nodeSelector).toEqual({ 'gpu-inference.io/accelerator': 'nvidia' });
    expect(dcgm('30s').serviceMonitor).toEqual({ enabled: true, interval: '30s', additionalLabels: { release: 'kube-prometheus-stack' } });
    expect(dcgm('15s').serviceMonitor.interval).toBe('15s');
  });

  it('keeps Dragonfly credentials out of values: MySQL and Redis from the Secret, manager and scheduler config from the Secret', () => {
    for (const env of Object.values(environments)) {
      const df = releases(env).dragonfly;
      expect(JSON.stringify(df)).not.toMatch(/dragonfly-root|"password":"dragonfly"|ZHJhZ29uZmx5/);
      expect(df.mysql.auth).toEqual({ existingSecret: 'dragonfly-credentials', password: '', rootPassword: '' });
      // Redis requires a password, taken from the Secret: no literal anywhere in the values.
      expect(df.redis.auth).toEqual({ enabled: true, existingSecret: 'dragonfly-credentials', existingSecretPasswordKey: 'redis-password', password: '' });
      expect(JSON.stringify(df)).not.toMatch(/"password":"[^"]/);
      expect(df.manager.extraEnvVars).toEqual([{ name: 'MANAGER_CONFIG', value: '/etc/dragonfly-credentials/manager.yaml' }]);
      expect(df.manager.extraVolumes[1].secret.secretName).toBe('dragonfly-credentials');
      expect(df.scheduler.extraEnvVars).toEqual([{ name: 'SCHEDULER_CONFIG', value: '/etc/dragonfly-credentials/scheduler.yaml' }]);
      expect(df.scheduler.extraVolumes).toEqual([
        { name: 'logs', emptyDir: {} },
        { name: 'credentials', secret: { secretName: 'dragonfly-credentials', items: [{ key: 'scheduler.yaml', path: 'scheduler.yaml' }] } },
      ]);
      expect(df.scheduler.extraVolumeMounts).toEqual([
        { name: 'logs', mountPath: '/var/log/dragonfly/scheduler' },
        { name: 'credentials', mountPath: '/etc/dragonfly-credentials', readOnly: true },
      ]);
    }
  });

  it('wires Dragonfly to the node mirror: one writer (dfinit off), same port, ECR as default upstream', () => {
    const env = gpuFixture((d) => {
      d.cluster = { ...d.cluster, accountId: '123456789012', region: 'us-east-1', registryHost: '123456789012.dkr.ecr.us-east-1.amazonaws.com' };
      d.nodes.registryMirror.endpoint = 'http://127.0.0.1:4001';
      d.nodes.systemNodeGroup.labels = SYSTEM_LABELS;
      Object.assign(d.addons.dragonfly, { managerReplicas: 3, schedulerReplicas: 1 });
    });
    const df = releases(env).dragonfly;
    expect(df.client.dfinit.enable).toBe(false);
    expect(df.client.config.proxy.server.port).toBe(4001);
    expect(df.client.config.proxy.registryMirror.addr).toBe('https://123456789012.dkr.ecr.us-east-1.amazonaws.com');
    expect(df.manager).toMatchObject({ replicas: 3, nodeSelector: { 'gpu-inference.io/node-role': 'system' } });
    expect(df.scheduler.replicas).toBe(1);
  });

  it('caps the peer cache on each GPU node at addons.dragonfly.clientCacheGiB (dfdaemon distThreshold)', () => {
    const capped = (gib: number) => releases(gpuFixture((d) => (d.addons.dragonfly.clientCacheGiB = gib))).dragonfly.client.config.gc;
    expect(capped(12)).toEqual({ policy: { distThreshold: '12GiB' } });
    expect(capped(40)).toEqual({ policy: { distThreshold: '40GiB' } });
  });
});

describe('Dragonfly PDBs', () => {
  it('protects replicated Dragonfly components and renders none for single replicas', () => {
    const pdbs = (replicas: number) => {
      const env = fixtureEnvironment((d) => {
        Object.assign(d.addons.dragonfly, { managerReplicas: replicas, schedulerReplicas: replicas, seedClientReplicas: replicas });
        // Room for the replicas with a node drained, or the render refuses the config (rules/system-capacity.ts).
        Object.assign(d.nodes.systemNodeGroup, { instanceType: 'm6i.xlarge', desiredSize: 4, minSize: 4, maxSize: 6 });
      });
      return docsOf(rendered(env)).filter((d) => d.file.includes('/platform-pdbs/')).map((d) => d.doc);
    };
    expect(pdbs(3).map((p) => [p.metadata.name, p.spec.selector.matchLabels.component, p.spec.maxUnavailable])).toEqual([
      ['dragonfly-manager', 'manager', 1],
      ['dragonfly-scheduler', 'scheduler', 1],
      ['dragonfly-seed-client', 'seed-client', 1],
    ]);
    expect(pdbs(1)).toEqual([]);
  });
});
