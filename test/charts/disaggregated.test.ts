import { describe, expect, it } from 'vitest';
import { KNOWN_METRICS } from '../../src/constructs/monitoring/known-metrics';
import { metricNames } from '../../src/constructs/monitoring/promql';
import { disaggregatedImages } from '../../src/config/versions';
import { disaggregatedFixture } from '../fixtures/disaggregated';
import { verdict } from '../support/kyverno';
import { docsOf, rendered } from '../support/rendered';
import { validateDocument } from '../support/schema';

const env = disaggregatedFixture();
const docs = docsOf(rendered(env)).map((d) => d.doc);
const find = (kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name)!;
const ns = env.workloads.namespace;
const zone = env.platform.network.availabilityZones[0];

describe('disaggregated prefill/decode service (the example in test/fixtures/disaggregated.ts)', () => {
  it('renders only documents the upstream schemas accept', async () => {
    const mine = docs.filter((d) => JSON.stringify(d).includes('pd-'));
    expect(mine.length).toBeGreaterThanOrEqual(12);
    const problems: string[] = [];
    for (const d of mine) for (const e of await validateDocument(d)) problems.push(`${d.kind}/${d.metadata.name}: ${e}`);
    expect(problems).toEqual([]);
  });

  it('runs each role on its own pool and zone, with the NixlConnector over TCP and the pod IP as NIXL host', () => {
    for (const [role, pool, types] of [
      ['prefill', 'a10g', ['g5.12xlarge', 'g5.2xlarge', 'g5.xlarge']],
      ['decode', 'gpu', ['g4dn.2xlarge', 'g4dn.4xlarge', 'g4dn.xlarge']],
    ] as const) {
      const spec = find('Deployment', `pd-${role}`).spec.template;
      expect(spec.metadata.labels).toMatchObject({ model: `pd-${role}`, 'gpu-inference.io/disaggregated': 'pd', 'gpu-inference.io/role': role, 'gpu-inference.io/workload': `pd-${role}` });
      expect(spec.spec.nodeSelector).toEqual({ 'karpenter.sh/nodepool': pool, 'topology.kubernetes.io/zone': zone });
      expect(spec.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values).toEqual(types);
      expect(spec.spec.hostIPC).toBeUndefined();
      expect(spec.spec.hostPID).toBeUndefined();
      const c = spec.spec.containers[0];
      expect(c.image).toBe(disaggregatedImages.vllmEngine);
      expect(c.command).toEqual(['vllm', 'serve']);
      expect(c.args).toEqual([
        'Qwen/Qwen3-8B',
        '--port',
        '8000',
        '--tensor-parallel-size',
        '1',
        '--kv-transfer-config',
        '{"kv_connector":"NixlConnector","kv_role":"kv_both","kv_buffer_device":"cpu","kv_load_failure_policy":"recompute"}',
      ]);
      expect(c.env).toEqual([
        { name: 'VLLM_NIXL_SIDE_CHANNEL_HOST', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'VLLM_NIXL_SIDE_CHANNEL_PORT', value: '5600' },
        { name: 'UCX_TLS', value: 'tcp' },
        { name: 'UCX_TCP_PORT_RANGE', value: '20000-20015' },
      ]);
      expect(c.readinessProbe.httpGet.path).toBe('/health');
    }
  });

  it('scales prefill on p95 TTFT and waiting requests, decode on KV-cache usage and running requests, never to zero', () => {
    const triggers = (role: string) => find('ScaledObject', `pd-${role}`).spec.triggers.map((t: any) => [t.name, t.metricType, t.metadata.query, t.metadata.threshold]);
    const sel = (role: string) => `{namespace="${ns}",pod=~"pd-${role}-.*"}`;
    expect(triggers('prefill')).toEqual([
      ['ttft-p95', 'Value', `(histogram_quantile(0.95, sum by (le) (rate(vllm:time_to_first_token_seconds_bucket${sel('prefill')}[2m]))) > 0) or vector(0)`, '0.5'],
      ['waiting', 'AverageValue', `sum(vllm:num_requests_waiting${sel('prefill')})`, '4'],
    ]);
    expect(triggers('decode')).toEqual([
      ['kv-cache', 'Value', `avg(vllm:kv_cache_usage_perc${sel('decode')})`, '0.7'],
      ['running', 'AverageValue', `sum(vllm:num_requests_running${sel('decode')})`, '16'],
    ]);
    for (const role of ['prefill', 'decode']) {
      const so = find('ScaledObject', `pd-${role}`).spec;
      expect(so).toMatchObject({ minReplicaCount: 1, maxReplicaCount: 2, advanced: { horizontalPodAutoscalerConfig: { behavior: { scaleDown: { stabilizationWindowSeconds: 300 } } } } });
      for (const t of so.triggers) for (const m of metricNames(t.metadata.query)) expect(Object.keys(KNOWN_METRICS)).toContain(m);
      expect(find('PodDisruptionBudget', `pd-${role}`).spec.maxUnavailable).toBe(1);
      expect(find('Deployment', `pd-${role}`).spec.template.spec.priorityClassName).toBe(env.workloads.priorityClassName);
    }
  });

  it('routes through the pinned production-stack router with orchestrated P/D routing and read-only pod access', () => {
    const d = find('Deployment', 'pd-router');
    const c = d.spec.template.spec.containers[0];
    expect(c.image).toBe('lmcache/lmstack-router:v0.1.12');
    expect(c.args).toEqual([
      '--host=0.0.0.0',
      '--port=8001',
      '--service-discovery=k8s',
      '--k8s-service-discovery-type=pod-ip',
      `--k8s-namespace=${ns}`,
      '--k8s-port=8000',
      '--k8s-label-selector=gpu-inference.io/disaggregated=pd',
      '--routing-logic=disaggregated_prefill_orchestrated',
      '--prefill-model-labels=pd-prefill',
      '--decode-model-labels=pd-decode',
    ]);
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.template.spec.tolerations).toBeUndefined();
    expect(d.spec.template.spec.serviceAccountName).toBe('pd-router');
    expect(find('Role', 'pd-router').rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
    expect(find('RoleBinding', 'pd-router').subjects).toEqual([{ kind: 'ServiceAccount', name: 'pd-router', namespace: ns }]);
    expect(find('PodDisruptionBudget', 'pd-router').spec.selector.matchLabels).toEqual({ 'gpu-inference.io/workload': 'pd-router' });
  });

  it('allows exactly router -> engines, engine <-> engine KV transfer on its ports, clients -> router and the router -> API server', () => {
    const pol = (name: string) => find('NetworkPolicy', `allow-${name}`);
    const engines = { 'gpu-inference.io/kv-transfer': 'pd' };
    const router = { 'gpu-inference.io/disaggregated': 'pd', 'gpu-inference.io/role': 'router' };
    const kv = pol('pd-kv-transfer').spec;
    expect(kv.podSelector.matchLabels).toEqual(engines);
    expect(kv.ingress[0].ports).toEqual([{ port: 5600, protocol: 'TCP' }, { port: 20000, endPort: 20015, protocol: 'TCP' }]);
    expect(kv.egress[0].ports).toEqual(kv.ingress[0].ports);
    const toEngines = pol('pd-router-to-engines-ingress').spec;
    expect(pol('pd-router-to-engines-egress').spec).toMatchObject({ podSelector: { matchLabels: router }, egress: [{ to: [{ podSelector: { matchLabels: engines } }], ports: [{ port: 8000, protocol: 'TCP' }] }] });
    expect(toEngines.ingress[0]).toMatchObject({ from: [{ podSelector: { matchLabels: router } }], ports: [{ port: 8000, protocol: 'TCP' }] });
    expect(pol('pd-clients').spec.ingress[0].ports).toEqual([{ port: 8001, protocol: 'TCP' }]);
    expect(pol('pd-router-apiserver').spec.egress[0].ports).toEqual([{ port: 443, protocol: 'TCP' }]);
    // Nothing but these flows and the namespace-wide ones (Prometheus, Knative) selects the engines' labels.
    const selectingEngines = docs.filter((x) => x.kind === 'NetworkPolicy' && JSON.stringify(x.spec).includes('kv-transfer')).map((x) => x.metadata.name).sort();
    expect(selectingEngines).toEqual(['allow-pd-kv-transfer', 'allow-pd-router-to-engines-egress', 'allow-pd-router-to-engines-ingress']);
  });

  it('passes every Kyverno policy of the environment on the roles and the router', () => {
    // The test evaluator has no `>=` operator: the hardening policy's conditions are asserted directly below.
    const HARDENING = 'require-hardened-inference-pods';
    const policies = docs.filter((d) => d.kind === 'ClusterPolicy');
    expect(policies.map((p) => p.metadata.name)).toContain(HARDENING);
    for (const name of ['pd-prefill', 'pd-decode', 'pd-router']) {
      const t = find('Deployment', name).spec.template;
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels: t.metadata.labels }, spec: t.spec };
      for (const p of policies.filter((x) => x.metadata.name !== HARDENING)) expect(verdict(p, pod), `${p.metadata.name} on ${name}`).not.toBe('fail');
      expect(t.spec.securityContext.runAsUser, name).toBeGreaterThanOrEqual(10_000);
      expect(t.spec.serviceAccountName !== undefined || t.spec.automountServiceAccountToken === false, name).toBe(true);
      for (const c of t.spec.containers) {
        expect(c.securityContext.readOnlyRootFilesystem, name).toBe(true);
        expect(c.livenessProbe.httpGet.path, name).toBe('/health');
      }
    }
  });
});
