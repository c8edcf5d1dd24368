import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { docsOf, rendered } from '../support/rendered';

const envs = Object.values(environments);
const find = (env: (typeof envs)[number], kind: string) => docsOf(rendered(env)).filter((d) => d.file.includes('/external-secrets-config/') && d.doc.kind === kind).map((d) => d.doc);

describe('external-secrets-config chart', () => {
  it('reads AWS Secrets Manager in the cluster region with the controller\'s Pod Identity (no auth block, no static keys)', () => {
    for (const env of envs) {
      const [store] = find(env, 'ClusterSecretStore');
      expect(store.apiVersion).toBe('external-secrets.io/v1');
      expect(store.metadata.name).toBe('aws-secrets-manager');
      expect(store.spec.provider).toEqual({ aws: { service: 'SecretsManager', region: env.cluster.region } });
      // Only the namespaces whose secrets the platform syncs may use the store (not inference).
      expect(store.spec.conditions).toEqual([{ namespaces: ['monitoring', 'dragonfly'] }]);
    }
  });

  it.each(envs.map((e) => [e.name, e] as const))('%s: creates the grafana-admin Secret in monitoring from <cluster>/<platform.secrets.grafanaAdmin>', (_name, env) => {
    const es = find(env, 'ExternalSecret').find((x) => x.metadata.name === 'grafana-admin')!;
    const remote = `${env.cluster.name}/${env.platform.secrets.grafanaAdmin}`;
    expect(es.metadata).toMatchObject({ name: 'grafana-admin', namespace: 'monitoring' });
    expect(es.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'aws-secrets-manager' });
    expect(es.spec.target).toMatchObject({ name: 'grafana-admin', creationPolicy: 'Owner' });
    expect(es.spec.data).toEqual([
      { secretKey: 'admin-user', remoteRef: { key: remote, property: 'admin-user' } },
      { secretKey: 'admin-password', remoteRef: { key: remote, property: 'admin-password' } },
    ]);
  });

  it('puts no secret value in Git: only references, templates that only reference fetched keys, no credential keys in any Secret', () => {
    for (const env of envs) {
      const docs = docsOf(rendered(env));
      // Secrets rendered elsewhere (Argo CD repository declarations) carry no credentials.
      for (const { doc } of docs.filter((d) => d.doc.kind === 'Secret')) {
        expect(Object.keys({ ...doc.data, ...doc.stringData }).filter((k) => /pass|token|key|secret|private|cert/i.test(k)), doc.metadata.name).toEqual([]);
      }
      for (const es of docs.filter((d) => d.doc.kind === 'ExternalSecret').map((d) => d.doc)) {
        const fetched = es.spec.data.map((d: any) => d.secretKey);
        for (const text of Object.values<string>(es.spec.target.template?.data ?? {})) {
          // Every credential line takes its value from a fetched key, never a literal.
          for (const line of text.split('\n').filter((l) => /(password|key):/i.test(l))) {
            const ref = /^\s*\w+: \{\{ index \. "([a-z-]+)" \| toJson \}\}$/.exec(line);
            expect(ref, line).not.toBeNull();
            expect(fetched, line).toContain(ref![1]);
          }
        }
        for (const item of es.spec.data) expect(Object.keys(item.remoteRef).sort()).toEqual(['key', 'property']);
        expect(JSON.stringify(es)).not.toMatch(/password"?\s*:\s*"(?!admin-password)/i);
      }
    }
  });
});
