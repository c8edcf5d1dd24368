/**
 * Approach: the rendered ClusterPolicies are evaluated against good and bad sample pods by a
 * small evaluator of exactly the Kyverno constructs they use (test/support/kyverno.ts: match/
 * exclude, preconditions, deny conditions with Equals/GreaterThan/AnyIn over a JMESPath subset,
 * and overlay patterns). Evaluating the rendered YAML, rather than asserting its structure,
 * catches a wrong JMESPath path or an over-broad rule (the queue-proxy trap) the way Kyverno
 * would; the evaluator throws on any construct it does not implement, so a policy cannot pass
 * unevaluated. Kyverno's autogen for controllers is not evaluated (it rewrites the same rules).
 */
import { describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { docsOf, rendered } from '../support/rendered';
import { evaluate, jmespath, verdict } from '../support/kyverno';

const envs = Object.values(environments);
const [first] = envs;
const policies = (env = first) =>
  new Map(docsOf(rendered(env)).filter((d) => d.doc.kind === 'ClusterPolicy').map((d) => [d.doc.metadata.name as string, d.doc]));
const policy = (name: string) => policies().get(name)!;

const IMAGE = '444455556666.dkr.ecr.us-east-1.amazonaws.com/chat:1.4.2';
const GPU_TOLERATION = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };

interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  containers?: Record<string, any>[];
  initContainers?: Record<string, any>[];
  tolerations?: Record<string, any>[];
  nodeSelector?: Record<string, string>;
  affinity?: Record<string, any>;
}

const gpuContainer = (name = 'main', image = IMAGE) => ({ name, image, resources: { limits: { 'nvidia.com/gpu': '1', cpu: '4' } } });
const cpuContainer = (name = 'main', image = IMAGE) => ({ name, image, resources: { limits: { cpu: '1' } } });

function pod(o: PodOptions = {}): Record<string, any> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'sample', namespace: o.namespace ?? 'inference', labels: o.labels ?? { 'gpu-inference.io/workload': 'chat' } },
    spec: {
      containers: o.containers ?? [gpuContainer()],
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      ...(o.tolerations !== undefined ? { tolerations: o.tolerations } : { tolerations: [GPU_TOLERATION] }),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.affinity ? { affinity: o.affinity } : {}),
    },
  };
}

/** What Knative renders for a GPU Service: the user container asks for the GPU, queue-proxy does not. */
const knativePod = () =>
  pod({
    containers: [
      { ...gpuContainer('user-container'), ports: [{ name: 'user-port', containerPort: 8080 }] },
      { name: 'queue-proxy', image: 'gcr.io/knative-releases/knative.dev/serving/cmd/queue@sha256:0123456789abcdef', resources: { requests: { cpu: '25m' } } },
    ],
  });

const required = (key: string, operator = 'In', values = ['x']) => ({
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator, values }] }] } },
});
const preferred = (key: string) => ({
  nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key, operator: 'In', values: ['true'] }] } }] },
});

describe('kyverno-policies chart', () => {
  it('renders the six guardrail policies', () => {
    expect([...policies().keys()].sort()).toEqual([
      'disallow-gfd-node-selectors',
      'disallow-latest-tag',
      'require-gpu-request-with-gpu-toleration',
      'require-gpu-toleration-with-gpu-request',
      'require-hardened-inference-pods',
      'require-workload-label',
    ]);
  });

  it('uses the per-rule failureAction from config (platform.policyMode), background scans on', () => {
    for (const [env, action] of envs.map((e) => [e, e.platform.policyMode] as const)) {
      for (const p of policies(env).values()) {
        expect(p.spec.validationFailureAction, p.metadata.name).toBeUndefined();
        expect(p.spec.background).toBe(true);
        for (const rule of p.spec.rules) expect(rule.validate.failureAction, `${env.name} ${rule.name}`).toBe(action);
      }
    }
  });

  it('fails open: no policy blocks pod admission while Kyverno is down', () => {
    for (const env of envs) {
      for (const p of policies(env).values()) expect(p.spec.webhookConfiguration, `${env.name} ${p.metadata.name}`).toEqual({ failurePolicy: 'Ignore' });
    }
  });

  describe('require-gpu-request-with-gpu-toleration', () => {
    const p = () => policy('require-gpu-request-with-gpu-toleration');
    it('passes GPU pods, including a Knative pod whose queue-proxy has no GPU', () => {
      expect(verdict(p(), pod())).toBe('pass');
      expect(verdict(p(), knativePod())).toBe('pass');
    });
    it('skips pods without the GPU toleration and node agents in exempt namespaces', () => {
      expect(verdict(p(), pod({ containers: [cpuContainer()], tolerations: [] }))).toBe('skip');
      expect(verdict(p(), pod({ namespace: 'gpu-operator', containers: [cpuContainer('dcgm-exporter')] }))).toBe('skip');
      expect(verdict(p(), pod({ namespace: 'dragonfly', containers: [cpuContainer('client')] }))).toBe('skip');
    });
    it('fails CPU pods that tolerate the GPU taint, in any other namespace', () => {
      expect(verdict(p(), pod({ containers: [cpuContainer()] }))).toBe('fail');
      expect(verdict(p(), pod({ namespace: 'default', containers: [cpuContainer(), cpuContainer('sidecar')] }))).toBe('fail');
    });
  });

  describe('require-gpu-toleration-with-gpu-request', () => {
    const p = () => policy('require-gpu-toleration-with-gpu-request');
    it('passes GPU pods with the toleration, Knative pods included', () => {
      expect(verdict(p(), pod())).toBe('pass');
      expect(verdict(p(), knativePod())).toBe('pass');
    });
    it('skips pods without a GPU request', () => {
      expect(verdict(p(), pod({ containers: [cpuContainer()], tolerations: [] }))).toBe('skip');
    });
    it('fails GPU pods without the GPU toleration', () => {
      expect(verdict(p(), pod({ tolerations: [] }))).toBe('fail');
      expect(verdict(p(), pod({ tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoSchedule' }] }))).toBe('fail');
    });
  });

  describe('require-workload-label', () => {
    const p = () => policy('require-workload-label');
    it('passes labelled inference pods and ignores other namespaces', () => {
      expect(verdict(p(), pod())).toBe('pass');
      expect(verdict(p(), knativePod())).toBe('pass');
      expect(verdict(p(), pod({ namespace: 'keda', labels: {} }))).toBe('skip');
    });
    it('fails inference pods without the label or with an empty one', () => {
      expect(verdict(p(), pod({ labels: { app: 'chat' } }))).toBe('fail');
      expect(verdict(p(), pod({ labels: { 'gpu-inference.io/workload': '' } }))).toBe('fail');
    });
  });

  describe('disallow-latest-tag', () => {
    const p = () => policy('disallow-latest-tag');
    it('passes images pinned by tag or digest, init containers included', () => {
      expect(verdict(p(), pod({ initContainers: [cpuContainer('fetch', 'public.ecr.aws/docker/library/busybox:1.37')] }))).toBe('pass');
      expect(verdict(p(), pod({ containers: [gpuContainer('main', 'nvcr.io/nvidia/tritonserver@sha256:abc123')] }))).toBe('pass');
      expect(verdict(p(), knativePod())).toBe('pass');
    });
    it('fails :latest and untagged images in any container list', () => {
      expect(evaluate(p(), pod({ containers: [gpuContainer('main', 'vllm/vllm-openai:latest')] }))).toEqual({ 'require-image-tag': 'pass', 'disallow-latest-tag': 'fail' });
      expect(evaluate(p(), pod({ containers: [gpuContainer('main', 'vllm/vllm-openai')] }))).toEqual({ 'require-image-tag': 'fail', 'disallow-latest-tag': 'pass' });
      expect(verdict(p(), pod({ initContainers: [cpuContainer('fetch', 'busybox:latest')] }))).toBe('fail');
    });
  });

  describe('disallow-gfd-node-selectors', () => {
    const p = () => policy('disallow-gfd-node-selectors');
    it('passes selection on labels Karpenter knows before launch', () => {
      expect(verdict(p(), pod())).toBe('pass');
      expect(verdict(p(), pod({ nodeSelector: { 'node.kubernetes.io/instance-type': 'g5.xlarge', 'gpu-inference.io/accelerator': 'nvidia' } }))).toBe('pass');
      expect(verdict(p(), pod({ affinity: required('karpenter.k8s.aws/instance-gpu-memory', 'Gt', ['16000']) }))).toBe('pass');
    });
    it('fails nodeSelector, required and preferred affinity on GFD and NFD labels', () => {
      expect(verdict(p(), pod({ nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A10G' } }))).toBe('fail');
      expect(verdict(p(), pod({ affinity: required('nvidia.com/gpu.memory', 'Gt', ['20000']) }))).toBe('fail');
      expect(verdict(p(), pod({ affinity: preferred('feature.node.kubernetes.io/pci-10de.present') }))).toBe('fail');
    });
    it('exempts the GPU node agents (the device plugin selects on the NFD PCI label)', () => {
      expect(verdict(p(), pod({ namespace: 'gpu-operator', containers: [cpuContainer()], affinity: required('feature.node.kubernetes.io/pci-10de.present', 'In', ['true']) }))).toBe('skip');
    });
  });
});

describe('the Kyverno evaluator', () => {
  it('implements the JMESPath it relies on and refuses the rest', () => {
    const data = { a: [{ b: [{ c: 1 }, { c: 2 }] }, { b: [{ c: 3 }] }], m: { 'x.y': 'v' } };
    expect(jmespath('a[].b[].c', data)).toEqual([1, 2, 3]);
    expect(jmespath('m."x.y"', data)).toBe('v');
    expect(jmespath("a[?b == `[{\"c\":3}]`] || `[]` | length(@)", data)).toBe(1);
    expect(jmespath('missing[].x || `[]`', data)).toEqual([]);
    expect(() => jmespath('a[0]', data)).toThrow(/unsupported/);
  });

  it('throws on policy constructs it does not implement', () => {
    const p = structuredClone(policy('require-workload-label'));
    p.spec.rules[0].validate.pattern = { metadata: { labels: { '(app)': 'x' } } };
    expect(() => evaluate(p, pod())).toThrow(/anchor/);
  });
});
