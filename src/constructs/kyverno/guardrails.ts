import type { Condition, FailureAction, PodPolicyProps, WebhookFailurePolicy } from './pod-policy';

/** The extended resource the NVIDIA device plugin advertises. */
export const GPU_RESOURCE = 'nvidia.com/gpu';

/**
 * Node label keys that only exist after a node boots (GPU Feature Discovery, Node Feature
 * Discovery): Karpenter cannot launch a node for a selector on them, so such pods stay Pending.
 */
export const POST_BOOT_LABEL_PATTERNS = ['nvidia.com/*', 'feature.node.kubernetes.io/*'] as const;

/** `{{ ... }}` counting the containers with a GPU limit (at least one must have one: not every container; queue-proxy has none). */
export const gpuContainers = (resource: string): string =>
  `{{ request.object.spec.containers[].resources.limits."${resource}" || \`[]\` | length(@) }}`;

/** `{{ ... }}` counting the tolerations naming the GPU taint key. */
export const gpuTolerations = (taintKey: string): string =>
  `{{ request.object.spec.tolerations[?key == '${taintKey}'] || \`[]\` | length(@) }}`;

/** Node label keys a pod selects on: nodeSelector, required and preferred node affinity. */
const SELECTED_LABEL_KEYS = [
  '{{ keys(request.object.spec.nodeSelector || `{}`) }}',
  '{{ request.object.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[].matchExpressions[].key || `[]` }}',
  '{{ request.object.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[].preference.matchExpressions[].key || `[]` }}',
] as const;

/** Props of the platform's guardrail policies. */
export interface GuardrailProps {
  readonly failureAction: FailureAction;
  /** Key of the taint on GPU nodes. */
  readonly gpuTaintKey: string;
  /** Namespaces of node agents exempt from the GPU placement rules. */
  readonly nodeAgentNamespaces: readonly string[];
  /** Namespace of the inference workloads and the label their PDBs select. */
  readonly workloadNamespace: string;
  readonly workloadLabel: string;
  /** Name of the inference container in every workload pod. */
  readonly inferenceContainer: string;
  /** Lowest UID inference pods may run as. */
  readonly minRunAsUser: number;
}

/**
 * Fail open. These policies are a second line behind the synth-time guardrails, and background
 * scans still report what was admitted while Kyverno was down; failing closed instead would stop
 * every pod create in every namespace the webhook covers (Argo CD, Karpenter, KEDA, Knative, the
 * GPU stack, inference) until Kyverno is back.
 */
const FAIL_OPEN: WebhookFailurePolicy = 'Ignore';

const hasAny = (key: string): Condition => ({ key, operator: 'GreaterThan', value: 0 });
const hasNone = (key: string): Condition => ({ key, operator: 'Equals', value: 0 });

/** The platform's Kyverno guardrails, one ClusterPolicy each. */
export function guardrailPolicies(props: GuardrailProps): PodPolicyProps[] {
  const { failureAction } = props;
  const exempt = [...props.nodeAgentNamespaces];
  return [
    {
      name: 'require-gpu-request-with-gpu-toleration',
      title: 'GPU toleration requires a GPU request',
      description:
        'A pod that tolerates the GPU taint must request a GPU in at least one container; otherwise it turns a GPU node into an ' +
        'expensive general node. At least one, not every container: Knative adds a queue-proxy sidecar without a GPU.',
      // Cost only: a CPU pod on a GPU node; background scans report it.
      failurePolicy: FAIL_OPEN,
      failureAction,
      rules: [
        {
          name: 'gpu-toleration-requires-gpu-request',
          message: `Pods tolerating the ${props.gpuTaintKey} taint must request ${GPU_RESOURCE} (limits) in at least one container.`,
          excludeNamespaces: exempt,
          preconditions: [hasAny(gpuTolerations(props.gpuTaintKey))],
          check: { deny: { all: [hasNone(gpuContainers(GPU_RESOURCE))] } },
        },
      ],
    },
    {
      name: 'require-gpu-toleration-with-gpu-request',
      title: 'GPU request requires the GPU toleration',
      description: 'A pod requesting a GPU must tolerate the GPU taint explicitly, or it can never schedule on a GPU node.',
      // The pod would only stay Pending; nothing to protect by refusing it.
      failurePolicy: FAIL_OPEN,
      failureAction,
      rules: [
        {
          name: 'gpu-request-requires-gpu-toleration',
          message: `Pods requesting ${GPU_RESOURCE} must tolerate the ${props.gpuTaintKey} taint (toleration with key ${props.gpuTaintKey}).`,
          preconditions: [hasAny(gpuContainers(GPU_RESOURCE))],
          check: { deny: { all: [hasNone(gpuTolerations(props.gpuTaintKey))] } },
        },
      ],
    },
    {
      name: 'require-workload-label',
      title: 'Inference pods carry the workload label',
      description: `Pods in ${props.workloadNamespace} must carry ${props.workloadLabel}: their PodDisruptionBudgets and PodMonitor select it.`,
      // Failing closed would stop inference scale-out; our workloads get the label by construction.
      failurePolicy: FAIL_OPEN,
      failureAction,
      rules: [
        {
          name: 'require-workload-label',
          message: `Pods in ${props.workloadNamespace} must have a non-empty ${props.workloadLabel} label.`,
          namespaces: [props.workloadNamespace],
          check: { pattern: { metadata: { labels: { [props.workloadLabel]: '?*' } } } },
        },
      ],
    },
    hardenedInferencePods(props),
    {
      name: 'disallow-latest-tag',
      title: 'Images are pinned by tag or digest',
      description:
        'Every image names a tag or digest other than latest, so a revert restores the old image. ' +
        'An untagged image on a registry with a port (host:5000/app) passes the tag check; our registries (ECR) have none.',
      // Synth refuses :latest for our workloads and charts are pinned; matches every namespace.
      failurePolicy: FAIL_OPEN,
      failureAction,
      rules: [
        {
          name: 'require-image-tag',
          message: 'Every container image needs a tag or digest.',
          check: { pattern: imagePattern('*:*') },
        },
        {
          name: 'disallow-latest-tag',
          message: 'The :latest tag is not allowed; pin a version or digest.',
          check: { pattern: imagePattern('!*:latest') },
        },
      ],
    },
    {
      name: 'disallow-gfd-node-selectors',
      title: 'No node selection on post-boot GPU labels',
      description:
        `nodeSelector and node affinity on ${POST_BOOT_LABEL_PATTERNS.join(', ')} labels: GPU/Node Feature Discovery sets them ` +
        'after a node boots, so Karpenter cannot launch a node for them and the pod stays Pending. Select on instance type or ' +
        'karpenter.k8s.aws/instance-gpu-* labels instead.',
      // Such a pod would only stay Pending; synth refuses these selectors for our workloads.
      failurePolicy: FAIL_OPEN,
      failureAction,
      rules: [
        {
          name: 'disallow-gfd-node-selectors',
          message: `Do not select nodes on ${POST_BOOT_LABEL_PATTERNS.join(' or ')} labels; Karpenter cannot know them before launch.`,
          excludeNamespaces: exempt,
          check: { deny: { any: SELECTED_LABEL_KEYS.map((key) => ({ key, operator: 'AnyIn' as const, value: [...POST_BOOT_LABEL_PATTERNS] })) } },
        },
      ],
    },
  ];
}

/**
 * What synth gives every inference pod, enforced for pods created any other way: a UID no node
 * user has, no API token without a dedicated identity, a read-only root filesystem and a
 * liveness probe on the inference container (Knative's queue-proxy is left to Knative).
 */
function hardenedInferencePods(props: GuardrailProps): PodPolicyProps {
  const namespaces = [props.workloadNamespace];
  return {
    name: 'require-hardened-inference-pods',
    title: 'Inference pods are hardened',
    description:
      `Pods in ${props.workloadNamespace} run as UID ${props.minRunAsUser} or above, mount no API token unless they name a ` +
      `dedicated ServiceAccount, and their ${props.inferenceContainer} container has a read-only root filesystem and a liveness probe.`,
    // Our workloads comply by construction; failing closed would stop inference scale-out.
    failurePolicy: FAIL_OPEN,
    failureAction: props.failureAction,
    rules: [
      {
        name: 'run-as-high-uid',
        message: `Inference pods must set spec.securityContext.runAsUser to ${props.minRunAsUser} or above (not a node user).`,
        namespaces,
        check: { pattern: { spec: { securityContext: { runAsUser: `>=${props.minRunAsUser}` } } } },
      },
      {
        name: 'no-token-without-identity',
        message: 'Inference pods without a dedicated ServiceAccount must set automountServiceAccountToken: false.',
        namespaces,
        preconditions: [{ key: "{{ request.object.spec.serviceAccountName || 'default' }}", operator: 'Equals', value: 'default' }],
        check: { pattern: { spec: { automountServiceAccountToken: false } } },
      },
      {
        name: 'read-only-root-and-liveness',
        message: `The ${props.inferenceContainer} container needs securityContext.readOnlyRootFilesystem: true and an HTTP livenessProbe.`,
        namespaces,
        check: {
          pattern: { spec: { containers: [{ '(name)': props.inferenceContainer, securityContext: { readOnlyRootFilesystem: true }, livenessProbe: { httpGet: { path: '?*' } } }] } },
        },
      },
    ],
  };
}

/** An overlay pattern every (init, ephemeral) container image must match. */
function imagePattern(image: string): Record<string, unknown> {
  return {
    spec: {
      containers: [{ image }],
      '=(initContainers)': [{ image }],
      '=(ephemeralContainers)': [{ image }],
    },
  };
}
