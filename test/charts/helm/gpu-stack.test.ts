import { describe, expect, it } from 'vitest';
import { buildHelmReleases } from '../../../src/charts/helm';
import { environments } from '../../../src/config/environments';
import { docsOf, rendered } from '../../support/rendered';

const releases = (env: string) => Object.fromEntries(buildHelmReleases(environments[env]).map((r) => [r.app, r.values as any]));

/** Every values path holding a toleration of the GPU taint. */
function gpuTolerationPaths(v: unknown, path: string, out: string[]): string[] {
  if (Array.isArray(v)) {
    if (v.some((t) => t && typeof t === 'object' && (t as any).key === 'nvidia.com/gpu')) out.push(path);
    v.forEach((x) => gpuTolerationPaths(x, path, out));
  } else if (v && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) gpuTolerationPaths(child, path ? `${path}.${k}` : k, out);
  }
  return out;
}

describe('GPU device stack and Dragonfly values', () => {
  for (const env of ['dev', 'prod']) {
    it(`${env}: only the GPU DaemonSets tolerate the GPU taint`, () => {
      const paths = Object.entries(releases(env)).flatMap(([app, values]) => gpuTolerationPaths(values, app, []));
      expect(paths.sort()).toEqual([
        'dcgm-exporter.tolerations',
        'dragonfly.client.tolerations',
        'nvidia-device-plugin.nfd.worker.tolerations',
        'nvidia-device-plugin.tolerations',
      ]);
    });
  }

  it('schedules the device plugin and GFD on our GPU label, before NFD has labelled the node', () => {
    const dp = releases('prod')['nvidia-device-plugin'];
    expect(dp.gfd.enabled).toBe(true);
    const terms = dp.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms[0].matchExpressions).toEqual([{ key: 'gpu-inference.io/accelerator', operator: 'In', values: ['nvidia'] }]);
    expect(dp.nfd.worker.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  it('runs DCGM exporter only on GPU nodes, scraped at the env interval with the Prometheus label', () => {
    expect(releases('dev')['dcgm-exporter'].nodeSelector).toEqual({ 'gpu-inference.io/accelerator': 'nvidia' });
    expect(releases('dev')['dcgm-exporter'].serviceMonitor).toEqual({ enabled: true, interval: '30s', additionalLabels: { release: 'kube-prometheus-stack' } });
    expect(releases('prod')['dcgm-exporter'].serviceMonitor.interval).toBe('15s');
  });

  it('keeps Dragonfly credentials out of values: MySQL and Redis from the Secret, manager and scheduler config from the Secret', () => {
    for (const env of ['dev', 'prod']) {
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
    const df = releases('prod').dragonfly;
    expect(df.client.dfinit.enable).toBe(false);
    expect(df.client.config.proxy.server.port).toBe(4001);
    expect(df.client.config.proxy.registryMirror.addr).toBe('https://444455556666.dkr.ecr.us-east-1.amazonaws.com');
    expect(df.manager).toMatchObject({ replicas: 3, nodeSelector: { 'gpu-inference.io/node-role': 'system' } });
    expect(releases('dev').dragonfly.scheduler.replicas).toBe(1);
  });
});

describe('Dragonfly PDBs', () => {
  it('protects replicated Dragonfly components in prod and renders none for single replicas in dev', () => {
    const pdbs = (env: string) => docsOf(rendered(environments[env])).filter((d) => d.file.includes('/platform-pdbs/')).map((d) => d.doc);
    expect(pdbs('prod').map((p) => [p.metadata.name, p.spec.selector.matchLabels.component, p.spec.maxUnavailable])).toEqual([
      ['dragonfly-manager', 'manager', 1],
      ['dragonfly-scheduler', 'scheduler', 1],
      ['dragonfly-seed-client', 'seed-client', 1],
    ]);
    expect(pdbs('dev')).toEqual([]);
  });
});
