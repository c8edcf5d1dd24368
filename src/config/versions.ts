/**
 * The one table of pinned versions. Charts, apps and images are pinned
 * here and nowhere else; the import script reads it to derive imports/chart-values.
 */

/** A Helm chart from its official repository, pinned. */
export interface HelmChartPin {
  /** Chart name in its repository. */
  readonly chart: string;
  /** Repository URL; OCI registries are written without a scheme plus `oci: true`. */
  readonly repoURL: string;
  /** Exact chart version. */
  readonly version: string;
  /** Application version the chart ships (informational; images are pinned by the chart). */
  readonly appVersion: string;
  /** True when the repository is an OCI registry (Argo CD needs `enableOCI`). */
  readonly oci: boolean;
}

export const helmCharts = {
  karpenter: {
    chart: 'karpenter',
    repoURL: 'public.ecr.aws/karpenter',
    version: '1.9.0',
    // renovate: datasource=github-tags packageName=aws/karpenter-provider-aws extractVersion=^v(?<version>.+)$
    appVersion: '1.9.0',
    oci: true,
  },
  keda: {
    chart: 'keda',
    repoURL: 'https://kedacore.github.io/charts',
    version: '2.19.0',
    // renovate: datasource=github-tags packageName=kedacore/keda extractVersion=^v(?<version>.+)$
    appVersion: '2.19.0',
    oci: false,
  },
  kubePrometheusStack: {
    chart: 'kube-prometheus-stack',
    repoURL: 'https://prometheus-community.github.io/helm-charts',
    version: '82.10.4',
    appVersion: 'v0.89.0',
    oci: false,
  },
  pushgateway: {
    chart: 'prometheus-pushgateway',
    repoURL: 'https://prometheus-community.github.io/helm-charts',
    version: '2.14.0',
    appVersion: 'v1.9.0',
    oci: false,
  },
  kyverno: {
    chart: 'kyverno',
    repoURL: 'https://kyverno.github.io/kyverno/',
    version: '3.7.2',
    // renovate: datasource=github-tags packageName=kyverno/kyverno
    appVersion: 'v1.17.2',
    oci: false,
  },
  opencost: {
    chart: 'opencost',
    repoURL: 'https://opencost.github.io/opencost-helm-chart',
    version: '2.5.14',
    appVersion: '1.120.0',
    oci: false,
  },
  dragonfly: {
    chart: 'dragonfly',
    repoURL: 'https://dragonflyoss.github.io/helm-charts/',
    version: '1.6.15',
    appVersion: '2.4.3',
    oci: false,
  },
  nvidiaDevicePlugin: {
    chart: 'nvidia-device-plugin',
    repoURL: 'https://nvidia.github.io/k8s-device-plugin',
    version: '0.19.1',
    appVersion: '0.19.1',
    oci: false,
  },
  dcgmExporter: {
    chart: 'dcgm-exporter',
    repoURL: 'https://nvidia.github.io/dcgm-exporter/helm-charts',
    version: '4.8.2',
    appVersion: '4.8.2',
    oci: false,
  },
  externalSecrets: {
    chart: 'external-secrets',
    repoURL: 'https://charts.external-secrets.io',
    version: '2.9.0',
    // renovate: datasource=github-tags packageName=external-secrets/external-secrets
    appVersion: 'v2.9.0',
    oci: false,
  },
  knativeOperator: {
    chart: 'knative-operator',
    repoURL: 'https://knative.github.io/operator',
    version: '1.21.1',
    // renovate: datasource=github-tags packageName=knative/operator extractVersion=^knative-v(?<version>.+)$
    appVersion: '1.21.1',
    oci: false,
  },
  /**
   * NVIDIA GPU DRA driver, only in environments with a DRA path (`dra`). OCI chart at
   * registry.k8s.io (kubernetes-sigs/dra-driver-nvidia-gpu docs/install.md@v0.4.1).
   */
  draDriver: { chart: 'dra-driver-nvidia-gpu', repoURL: 'registry.k8s.io/dra-driver-nvidia/charts', version: '0.4.1', appVersion: '0.4.1', oci: true },
  /** Cluster Autoscaler 1.35.0 (the cluster's minor), for the DRA node group only. */
  clusterAutoscaler: {
    chart: 'cluster-autoscaler',
    repoURL: 'https://kubernetes.github.io/autoscaler',
    version: '9.59.0',
    appVersion: '1.35.0',
    oci: false,
  },
} as const satisfies Record<string, HelmChartPin>;

export type HelmChartId = keyof typeof helmCharts;

/**
 * The Argo CD chart the user bootstraps each cluster with (by hand, once; not an Application).
 * argo-helm 9.5.0 ships Argo CD v3.3.6; our Argo CD CRD imports are v3.3.14 (same API).
 */
export const bootstrapCharts = {
  argoCd: {
    chart: 'argo-cd',
    repoURL: 'https://argoproj.github.io/argo-helm',
    version: '9.5.0',
    // renovate: datasource=github-tags packageName=argoproj/argo-cd
    appVersion: 'v3.3.6',
    oci: false,
  },
} as const satisfies Record<string, HelmChartPin>;

/** Versions of things that are not Helm charts. */
export const platformVersions = {
  /** EKS control plane (and the Pod Security `*-version` labels). */
  kubernetes: '1.35',
  /** Knative Serving installed by the operator's KnativeServing CR. */
  // renovate: datasource=github-tags packageName=knative/serving extractVersion=^knative-v(?<version>.+)$
  knativeServing: '1.21.1',
  /** Argo CD the user installs; our CRDs and settings target it. */
  // renovate: datasource=github-tags packageName=argoproj/argo-cd
  argoCd: 'v3.3.14',
  /** docker.io/library/busybox of the Dragonfly chart's wait-for init containers (the chart defaults to `latest`). */
  // renovate: datasource=docker packageName=docker.io/library/busybox
  busybox: '1.37.0',
} as const;

/**
 * Images of the disaggregated prefill/decode kind (`kind: 'disaggregated'`), pinned here and
 * nowhere else.
 */
export const disaggregatedImages = {
  /**
   * The vLLM production-stack router, the release matching chart vllm-stack-0.1.12: the release
   * workflow pushes `lmcache/lmstack-router:v<chart version>`
   * (vllm-project/production-stack .github/workflows/helm-release.yml@vllm-stack-0.1.12). Its
   * `--routing-logic disaggregated_prefill_orchestrated` is in
   * src/vllm_router/parsers/parser.py@vllm-stack-0.1.12.
   */
  router: 'lmcache/lmstack-router:v0.1.12',
  /**
   * The vLLM engine both roles run (vllm-project/vllm, Docker Hub `vllm/vllm-openai`): the
   * release whose NixlConnector, environment variables and metric names the roles cite
   * (`@v0.33.0`: read in the released package, PyPI vllm 0.33.0, built from that tag; the git
   * repository is too large to fetch where this project is built). A mirror on the account's
   * ECR with the same tag is fine.
   */
  vllmEngine: 'vllm/vllm-openai:v0.33.0',
} as const;

/** One upstream source of CRDs for imports/: its files at the tag of the pin above it follows. */
export interface CrdSource {
  /** The comment above its URLs in cdk8s.yaml. */
  readonly title: string;
  /** Its CRD files; the tag in each URL is computed from a pin above, never written twice. */
  readonly urls: readonly string[];
}

const bare = (version: string): string => version.replace(/^v/, '');
const raw = (repo: string, tag: string, dir: string, files: readonly string[]): string[] =>
  files.map((f) => `https://raw.githubusercontent.com/${repo}/${tag}/${dir}/${f}`);

/**
 * The CRDs `npm run import` turns into imports/, in cdk8s.yaml's order. cdk8s.yaml's `imports` is
 * generated from this list by `npm run import` (test/config/versions.test.ts fails when they
 * differ), so a CRD version lives only in the pin it follows: a chart's appVersion, a platform
 * version, or (prometheus-operator) the kube-prometheus-stack chart version that ships it.
 */
export const crdSources: readonly CrdSource[] = [
  {
    title: `Karpenter ${bare(helmCharts.karpenter.appVersion)}`,
    urls: raw('aws/karpenter-provider-aws', `v${bare(helmCharts.karpenter.appVersion)}`, 'pkg/apis/crds', [
      'karpenter.sh_nodepools.yaml',
      'karpenter.k8s.aws_ec2nodeclasses.yaml',
    ]),
  },
  {
    title: `KEDA ${bare(helmCharts.keda.appVersion)}`,
    urls: raw('kedacore/keda', `v${bare(helmCharts.keda.appVersion)}`, 'config/crd/bases', [
      'keda.sh_scaledobjects.yaml',
      'keda.sh_triggerauthentications.yaml',
      'keda.sh_clustertriggerauthentications.yaml',
    ]),
  },
  {
    title: `Knative Serving ${bare(platformVersions.knativeServing)} and Knative Operator ${bare(helmCharts.knativeOperator.appVersion)}`,
    urls: [
      `https://github.com/knative/serving/releases/download/knative-v${bare(platformVersions.knativeServing)}/serving-crds.yaml`,
      ...raw('knative/operator', `knative-v${bare(helmCharts.knativeOperator.appVersion)}`, 'config/crd/bases', ['operator.knative.dev_knativeservings.yaml']),
    ],
  },
  {
    title: `Kyverno ${bare(helmCharts.kyverno.appVersion)} (chart ${helmCharts.kyverno.version})`,
    urls: raw('kyverno/kyverno', `v${bare(helmCharts.kyverno.appVersion)}`, 'config/crds/kyverno', [
      'kyverno.io_clusterpolicies.yaml',
      'kyverno.io_policyexceptions.yaml',
    ]),
  },
  {
    title: `Argo CD ${bare(platformVersions.argoCd)}`,
    urls: raw('argoproj/argo-cd', `v${bare(platformVersions.argoCd)}`, 'manifests/crds', ['application-crd.yaml', 'applicationset-crd.yaml', 'appproject-crd.yaml']),
  },
  {
    title: `External Secrets ${bare(helmCharts.externalSecrets.appVersion)}`,
    urls: raw('external-secrets/external-secrets', `v${bare(helmCharts.externalSecrets.appVersion)}`, 'config/crds/bases', [
      'external-secrets.io_externalsecrets.yaml',
      'external-secrets.io_clustersecretstores.yaml',
    ]),
  },
  {
    title: `prometheus-operator ${bare(helmCharts.kubePrometheusStack.appVersion)} (as shipped by kube-prometheus-stack ${helmCharts.kubePrometheusStack.version})`,
    urls: raw(
      'prometheus-community/helm-charts',
      `kube-prometheus-stack-${helmCharts.kubePrometheusStack.version}`,
      'charts/kube-prometheus-stack/charts/crds/crds',
      ['crd-prometheusrules.yaml', 'crd-servicemonitors.yaml', 'crd-podmonitors.yaml'],
    ),
  },
];
