/**
 * What a pinned chart's templates render that its default values cannot show, by release app
 * and by the path of a component's image in values.yaml. Each entry cites the template at the
 * chart's tag; src/charts/helm/effective.ts applies them over the merged values, so the pod
 * checks see what the cluster would get.
 */
export interface TemplateFact {
  /** `owner/repo path@tag` of the template that shows it. */
  readonly source: string;
  /** Security-context keys of values the template copies; keys not listed are dropped. */
  readonly securityContextKeys?: Partial<Record<'podSecurityContext' | 'securityContext' | 'containerSecurityContext', readonly string[]>>;
  /** Security-context fields the template renders whatever the values say. */
  readonly securityContext?: Readonly<Record<string, unknown>>;
  /** Replicas fixed in the template (no values key). */
  readonly replicas?: number;
  /** Values path of the replica count when it is not beside the image (`operator.replicaCount`). */
  readonly replicasPath?: string;
  /** Set when the template renders no priorityClassName (pods run at priority 0): why that is accepted. */
  readonly noPriorityClassKey?: string;
  /** The chart keeps one map per component under shared keys (`securityContext.<key>`, `resources.<key>`). */
  readonly componentKey?: string;
  /** Name of the init container that runs this image: it ends before the others start, adding no requests. */
  readonly initContainer?: string;
  /** Why this image is no pod of its own (a hook Job, a sidecar, an operator argument): not counted on nodes. */
  readonly notAPod?: string;
  /** Value path the template renders this container under; false or absent means not rendered. */
  readonly renderedIf?: string;
}

const KPS_TEMPLATES = 'prometheus-community/helm-charts charts/kube-prometheus-stack/templates';
const KNATIVE_OPERATOR_TEMPLATE = 'knative/operator config/charts/knative-operator/templates/operator.yaml@knative-v1.21.1';

/**
 * knative-operator 1.21.1: each container's securityContext is built from three keys of
 * `containerSecurityContext` plus a hard-coded `capabilities.drop: [ALL]`, with no
 * seccompProfile; the pod securityContext is rendered only when `securityContext` is set.
 * The knative-operator Deployment has `replicas: 1`, operator-webhook no replicas (1); neither
 * renders a priorityClassName.
 */
const knativeOperatorContainer: TemplateFact = {
  source: KNATIVE_OPERATOR_TEMPLATE,
  securityContextKeys: { containerSecurityContext: ['allowPrivilegeEscalation', 'readOnlyRootFilesystem', 'runAsNonRoot'] },
  securityContext: { capabilities: { drop: ['ALL'] } },
  replicas: 1,
  // Stays at priority 0: no values key reaches the pod spec. It only reconciles KnativeServing;
  // while Pending, Serving keeps running and nothing new is installed.
  noPriorityClassKey: 'the chart renders no priorityClassName; the operator only reconciles, Serving runs without it',
};

/** The template facts of one chart. */
export interface ChartTemplateFacts {
  /** By image path. */
  readonly components: Readonly<Record<string, TemplateFact>>;
  /** An empty image `tag` renders `<prefix><chart appVersion>` (`tag | default .Chart.AppVersion`). */
  readonly emptyTag?: { readonly source: string; readonly prefix?: string };
}

const kedaComponent = (componentKey: string, template: string, replicasPath: string): TemplateFact => ({
  source: `kedacore/charts keda/templates/${template}/deployment.yaml@v2.19.0`,
  componentKey,
  replicasPath,
});

const DRAGONFLY_TEMPLATES = 'dragonflyoss/helm-charts charts/dragonfly/templates';
/** Dragonfly's wait-for init containers: busybox, `latest` by default (pinned in dragonfly.ts). */
const waitFor = (name: string, template: string): TemplateFact => ({ source: `${DRAGONFLY_TEMPLATES}/${template}@dragonfly-1.6.15`, initContainer: name });

const tables: Readonly<Record<string, ChartTemplateFacts>> = {
  dragonfly: {
    components: {
      'manager.initContainer.image': waitFor('wait-for-redis, wait-for-mysql', 'manager/manager-deployment.yaml'),
      'scheduler.initContainer.image': waitFor('wait-for-manager', 'scheduler/scheduler-statefulset.yaml'),
      'seedClient.initContainer.image': waitFor('wait-for-manager', 'seed-client/seed-client-statefulset.yaml'),
      'client.initContainer.image': waitFor('wait-for-scheduler', 'client/client-daemonset.yaml'),
    },
  },
  kyverno: {
    components: {
      'admissionController.initContainer.image': {
        source: 'kyverno/kyverno charts/kyverno/templates/admission-controller/deployment.yaml@kyverno-chart-3.7.2',
        initContainer: 'kyverno-pre',
      },
    },
    emptyTag: { source: 'kyverno/kyverno charts/kyverno/templates/_helpers/_image.tpl@kyverno-chart-3.7.2 (defaultTag .Chart.AppVersion)' },
  },
  'knative-operator': {
    components: {
      'knative_operator.knative_operator.image': knativeOperatorContainer,
      'knative_operator.operator_webhook.image': knativeOperatorContainer,
    },
  },
  karpenter: {
    components: {
      // The controller container's context is hard-coded; values add only appArmor, SELinux and seccomp.
      'controller.image': {
        source: 'aws/karpenter-provider-aws charts/karpenter/templates/deployment.yaml@v1.9.0',
        securityContextKeys: { securityContext: ['appArmorProfile', 'seLinuxOptions', 'seccompProfile'] },
        securityContext: { privileged: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
      },
    },
  },
  keda: {
    components: {
      'image.keda': kedaComponent('operator', 'manager', 'operator.replicaCount'),
      'image.metricsApiServer': kedaComponent('metricServer', 'metrics-server', 'metricsServer.replicaCount'),
      'image.webhooks': kedaComponent('webhooks', 'webhooks', 'webhooks.replicaCount'),
    },
    emptyTag: { source: 'kedacore/charts keda/templates/manager/deployment.yaml@v2.19.0' },
  },
  opencost: {
    components: {
      // The sigv4 proxy sidecar (default image `:latest`) exists only with Amazon Managed Prometheus.
      'opencost.sigV4Proxy.image': {
        source: 'opencost/opencost-helm-chart charts/opencost/templates/deployment.yaml@opencost-2.5.14',
        renderedIf: 'opencost.prometheus.amp.enabled',
      },
    },
  },
  'kube-prometheus-stack': {
    components: {
      'prometheusOperator.admissionWebhooks.patch.image': {
        source: `${KPS_TEMPLATES}/prometheus-operator/admission-webhooks/job-patch/job-createSecret.yaml@kube-prometheus-stack-82.10.4`,
        notAPod: 'Helm hook Job that creates the webhook certificate, then completes',
      },
      'prometheusOperator.prometheusConfigReloader.image': {
        source: `${KPS_TEMPLATES}/prometheus-operator/deployment.yaml@kube-prometheus-stack-82.10.4`,
        notAPod: 'sidecar the operator adds to Prometheus and Alertmanager pods (--prometheus-config-reloader, --config-reloader-* flags)',
      },
      'prometheusOperator.thanosImage': {
        source: `${KPS_TEMPLATES}/prometheus-operator/deployment.yaml@kube-prometheus-stack-82.10.4`,
        notAPod: 'default image the operator passes to ThanosRuler (--thanos-default-base-image); we run none',
      },
    },
    emptyTag: { source: 'prometheus-community/helm-charts charts/kube-prometheus-stack/templates/prometheus-operator/deployment.yaml@kube-prometheus-stack-82.10.4' },
  },
  'prometheus-pushgateway': {
    components: {},
    emptyTag: { source: 'prometheus-community/helm-charts charts/prometheus-pushgateway/templates/_helpers.tpl@prometheus-pushgateway-2.14.0' },
  },
  'external-secrets': {
    components: {},
    emptyTag: { source: 'external-secrets/external-secrets deploy/charts/external-secrets/templates/_helpers.tpl@helm-chart-2.9.0' },
  },
  'nvidia-device-plugin': {
    components: {},
    emptyTag: { source: 'NVIDIA/k8s-device-plugin deployments/helm/nvidia-device-plugin/templates/_helpers.tpl@v0.19.1', prefix: 'v' },
  },
};

/** Apps with template facts (for tests that keep the table in step with the imported facts). */
export const appsWithTemplateFacts = (): string[] => Object.keys(tables);

/** Template facts of one release's chart (empty when its values tell it all). */
export function templateFactsOf(app: string): ChartTemplateFacts {
  return tables[app] ?? { components: {} };
}
