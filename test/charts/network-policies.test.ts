import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { platformFlows } from '../../src/charts/network-policies';
import { namespacesOf } from '../../src/constructs/network/flows';
import { docsOf, rendered, withOverride } from '../support/rendered';
import { renderEnvironment } from '../../src/synth/render';

const envs = Object.values(environments);
/** Any registered environment: assertions compare the output with its own config. */
const [first] = envs;
const VPC = first.platform.network.vpcCidr;
const SVC = first.platform.network.serviceCidr;
const policiesOf = (env = first) => docsOf(rendered(env)).filter((d) => d.doc.kind === 'NetworkPolicy').map((d) => d.doc);
const policy = (namespace: string, name: string, env = first) => policiesOf(env).find((p) => p.metadata.namespace === namespace && p.metadata.name === name)!;

/** Every (peer, port) an egress or ingress policy of `namespace` allows, as readable strings. */
function allowed(namespace: string, direction: 'egress' | 'ingress', env = first): string[] {
  const out: string[] = [];
  for (const p of policiesOf(env).filter((x) => x.metadata.namespace === namespace)) {
    for (const rule of p.spec[direction] ?? []) {
      const peers = (rule.to ?? rule.from).map((peer: any) =>
        peer.ipBlock ? peer.ipBlock.cidr : peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ?? '*');
      const ports = (rule.ports ?? [{ port: 'all', protocol: 'TCP' }]).map((x: any) => `${x.port}/${x.protocol}`);
      for (const peer of peers) for (const port of ports) out.push(`${peer}:${port}`);
    }
  }
  return out;
}

describe('network-policies chart', () => {
  it('denies ingress and egress by default in every namespace the platform owns', () => {
    for (const env of envs) {
      const denies = policiesOf(env).filter((p) => p.metadata.name === 'default-deny');
      expect(denies.map((p) => p.metadata.namespace).sort()).toEqual(Object.keys(env.namespaces).sort());
      for (const p of denies) expect(p.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    }
  });

  it('renders policies only in owned namespaces and names only namespaces that exist', () => {
    for (const env of envs) {
      for (const p of policiesOf(env)) expect(Object.keys(env.namespaces)).toContain(p.metadata.namespace);
      for (const flow of platformFlows(env)) {
        for (const n of namespacesOf(flow)) expect([...Object.keys(env.namespaces), 'kube-system'], `${flow.name} names ${n}`).toContain(n);
      }
    }
  });

  it('lets every owned namespace resolve names through CoreDNS only', () => {
    for (const n of Object.keys(first.namespaces)) {
      expect(policy(n, 'allow-dns').spec.egress).toEqual([
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
        },
      ]);
    }
  });

  it('opens the API server for controllers and the webhook ports for the API server, from the VPC CIDR of each environment', () => {
    expect(allowed('karpenter', 'egress')).toEqual(expect.arrayContaining([`${VPC}:443/TCP`, `${SVC}:443/TCP`]));
    expect(allowed('inference', 'egress')).not.toContain(`${SVC}:443/TCP`);
    const webhooks = (n: string) => allowed(n, 'ingress').filter((a) => a.startsWith(`${VPC}:`));
    expect(webhooks('kyverno')).toEqual([`${VPC}:9443/TCP`]);
    expect(webhooks('keda')).toEqual([`${VPC}:9443/TCP`, `${VPC}:6443/TCP`]);
    expect(webhooks('external-secrets')).toEqual([`${VPC}:10250/TCP`]);
    expect(webhooks('knative-serving')).toEqual([`${VPC}:8443/TCP`]);
    expect(webhooks('monitoring')).toEqual([`${VPC}:10250/TCP`]);
    expect(webhooks('karpenter')).toEqual([]);
  });

  it('lets Prometheus scrape the metrics ports and KEDA query Prometheus', () => {
    expect(allowed('karpenter', 'ingress')).toContain('monitoring:8080/TCP');
    expect(allowed('gpu-operator', 'ingress')).toContain('monitoring:9400/TCP');
    expect(allowed('inference', 'ingress')).toEqual(expect.arrayContaining(['monitoring:metrics/TCP', 'monitoring:user-port/TCP']));
    expect(allowed('monitoring', 'egress')).toEqual(expect.arrayContaining(['karpenter:8080/TCP', 'opencost:9003/TCP', `${VPC}:4002/TCP`]));
    expect(allowed('keda', 'egress')).toContain('monitoring:9090/TCP');
    expect(allowed('monitoring', 'ingress')).toContain('keda:9090/TCP');
  });

  it('lets the activator and Kourier reach the inference pods, and nothing else from outside reach them', () => {
    const ingress = allowed('inference', 'ingress').map((a) => a.split(':')[0]);
    expect(new Set(ingress)).toEqual(new Set(['knative-serving', 'monitoring']));
    expect(allowed('inference', 'ingress')).toEqual(expect.arrayContaining(['knative-serving:8012/TCP', 'knative-serving:9090/TCP']));
  });

  it('opens Dragonfly to the node IPs its host-network client uses, and AWS endpoints to the components that call them', () => {
    expect(allowed('dragonfly', 'ingress')).toEqual(expect.arrayContaining([`${VPC}:65003/TCP`, `${VPC}:4000/TCP`, `${VPC}:4006/UDP`]));
    for (const n of ['karpenter', 'external-secrets', 'dragonfly', 'opencost']) expect(allowed(n, 'egress')).toContain('0.0.0.0/0:443/TCP');
    for (const n of ['kyverno', 'keda', 'gpu-operator']) expect(allowed(n, 'egress')).not.toContain('0.0.0.0/0:443/TCP');
    expect(allowed('karpenter', 'egress')).toContain('169.254.170.23/32:80/TCP');
    expect(allowed('external-secrets', 'egress')).toContain('169.254.170.23/32:80/TCP');
  });

  it('explains every policy in an annotation', () => {
    for (const p of policiesOf()) expect(p.metadata.annotations['platform.gpu-inference.io/why'], `${p.metadata.namespace}/${p.metadata.name}`).toMatch(/\w{3}/);
  });

  it('follows the configured VPC CIDR', () => {
    const env = withOverride(first, (d) => (d.platform.network.vpcCidr = '10.99.0.0/16'));
    const docs = docsOf(renderEnvironment(env)).filter((d) => d.doc.kind === 'NetworkPolicy');
    expect(JSON.stringify(docs)).toContain('10.99.0.0/16');
    expect(JSON.stringify(docs)).not.toContain('10.10.0.0/16');
  });
});

describe('CoreDNS metrics', () => {
  it('lets Prometheus (monitoring) reach the CoreDNS pods on 9153, the target kube-prometheus-stack scrapes', () => {
    for (const env of envs) {
      expect(policy('monitoring', 'allow-prometheus-scrape-coredns', env).spec).toEqual({
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [{ port: 9153, protocol: 'TCP' }],
          },
        ],
      });
    }
  });
});
