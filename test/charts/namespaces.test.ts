import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { docsOf, rendered } from '../support/rendered';

const docs = (env: string) => docsOf(rendered(environments[env])).map((d) => d.doc);

describe('Pod Security per namespace', () => {
  for (const env of Object.keys(environments)) {
    it(`${env}: only the node-agent namespaces are privileged, each with its reason`, () => {
      const privileged = docs(env)
        .filter((d) => d.kind === 'Namespace' && d.metadata.labels['pod-security.kubernetes.io/enforce'] === 'privileged')
        .map((d) => [d.metadata.name, d.metadata.annotations['platform.gpu-inference.io/pod-security-reason']]);
      // Exactly the namespaces the config marks privileged (each with its reason).
      const configured = Object.entries(environments[env].namespaces).filter(([, ns]) => ns.podSecurity.enforce === 'privileged').map(([n]) => n);
      expect(privileged.map(([n]) => n).sort()).toEqual(configured.sort());
      for (const [name, reason] of privileged) expect(reason, name).toMatch(/host|kubelet|SYS_ADMIN/);
    });

    it(`${env}: no rendered pod asks for host access or privilege`, () => {
      const pods = docs(env).flatMap((d) => (d.spec?.template?.spec?.containers ? [[`${d.kind}/${d.metadata.name}`, d.spec.template.spec]] : []));
      expect(pods.length).toBeGreaterThan(0);
      for (const [name, spec] of pods) {
        expect(spec.hostNetwork ?? false, name).toBe(false);
        expect(spec.hostPID ?? false, name).toBe(false);
        for (const c of spec.containers) expect(c.securityContext?.privileged ?? false, name).toBe(false);
      }
    });
  }
});
