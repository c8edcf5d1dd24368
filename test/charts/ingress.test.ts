import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { renderEnvironment } from '../../src/synth/render';
import { fixtureEnvironment } from '../fixtures/environment';
import { docsOf, rendered } from '../support/rendered';

const docs = (files: ReadonlyMap<string, string>) => docsOf(files).map((d) => d.doc);
const lb = (files: ReadonlyMap<string, string>) => docs(files).find((d) => d.kind === 'Service' && d.metadata.name === 'kourier-load-balancer');

describe('inference ingress', () => {
  /** The fixture with one published service `web` at web.<domain>, exposed as asked. */
  const exposed = (exposure: 'public' | 'internal' | 'none', certificate = true) =>
    fixtureEnvironment((d) => {
      d.ingress = { ...d.ingress, exposure, domain: 'inference.example.org' };
      if (certificate) d.ingress.certificateArn = `arn:aws:acm:${d.cluster.region}:${d.cluster.accountId}:certificate/00000000-0000-0000-0000-000000000000`;
      else delete d.ingress.certificateArn;
      d.workloads.services.web.streaming = true;
      if (exposure === 'none') delete d.workloads.services.web.publicHost;
      else d.workloads.services.web.publicHost = 'web.inference.example.org';
    });

  it('public: internet-facing NLB with TLS only on 443 (no plain HTTP listener), the configured TLS policy', () => {
    const env = exposed('public');
    const svc = lb(renderEnvironment(env))!;
    expect(svc.metadata.annotations).toEqual({
      'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
      'service.beta.kubernetes.io/aws-load-balancer-target-node-labels': Object.entries(env.nodes.systemNodeGroup.labels).map(([k, v]) => `${k}=${v}`).join(','),
      'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': env.ingress.certificateArn,
      'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': '443',
      'service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy': env.ingress.tlsPolicy,
      'service.beta.kubernetes.io/aws-load-balancer-backend-protocol': 'tcp',
    });
    expect(svc.spec.ports).toEqual([{ name: 'https', port: 443, protocol: 'TCP', targetPort: 8080 }]);
  });

  it('internal without a certificate: internal NLB, no TLS', () => {
    const svc = lb(renderEnvironment(exposed('internal', false)))!;
    expect(svc.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-internal']).toBe('true');
    expect(svc.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-ssl-cert']).toBeUndefined();
  });

  it('renders no load balancer when exposure is none', () => {
    expect(lb(renderEnvironment(exposed('none')))).toBeUndefined();
  });

  it('keeps every Knative Service cluster-local and publishes only configured hosts', () => {
    for (const env of Object.values(environments)) {
      const all = docs(rendered(env));
      for (const ks of all.filter((d) => d.apiVersion === 'serving.knative.dev/v1' && d.kind === 'Service')) {
        expect(ks.metadata.labels['networking.knative.dev/visibility'], ks.metadata.name).toBe('cluster-local');
      }
      const mappings = all.filter((d) => d.kind === 'DomainMapping').map((d) => [d.metadata.name, d.spec.ref.name]);
      const expected = Object.entries(env.workloads.services).flatMap(([n, w]) => (w.kind === 'http' && w.publicHost ? [[w.publicHost, n]] : []));
      expect(mappings).toEqual(expected);
    }
    const published = exposed('internal', false);
    expect(docs(renderEnvironment(published)).find((d) => d.kind === 'ClusterDomainClaim')!.spec).toEqual({ namespace: published.workloads.namespace });
  });

  it('renders the Knative default domain from config', () => {
    const ks = docs(renderEnvironment(exposed('internal', false))).find((d) => d.kind === 'KnativeServing')!;
    expect(ks.spec.config.domain).toEqual({ 'inference.example.org': '' });
  });
});

describe('inference pods are reachable only through Knative and Prometheus', () => {
  it('admits from knative-serving only the activator, the Kourier gateway and the autoscaler, and otherwise only monitoring', () => {
    for (const env of Object.values(environments)) {
      const policies = docs(rendered(env)).filter((d) => d.kind === 'NetworkPolicy' && d.metadata.namespace === 'inference');
      const sources = policies.flatMap((p) => (p.spec.ingress ?? []).flatMap((rule: any) => rule.from ?? []));
      for (const peer of sources) {
        const namespace = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
        expect(['knative-serving', 'monitoring'], JSON.stringify(peer)).toContain(namespace);
        if (namespace === 'knative-serving') expect(['activator', '3scale-kourier-gateway', 'autoscaler']).toContain(peer.podSelector?.matchLabels?.app);
        expect(peer.ipBlock).toBeUndefined();
      }
      expect(sources.length).toBeGreaterThanOrEqual(4);
    }
  });
});
