import { describe, expect, it } from 'vitest';
import { buildHelmReleases } from '../../../src/charts/helm';
import { chartFactsOf, effectiveComponents } from '../../../src/charts/helm/effective';
import { podProblems } from '../../../src/charts/helm/pod-checks';
import { loweredPriorities, systemPodProblems } from '../../../src/charts/helm/system-pods';
import type { HelmRelease } from '../../../src/charts/helm/release';
import { environments } from '../../../src/config/environments';
import { helmCharts } from '../../../src/config/versions';
import { withOverride } from '../../support/rendered';
import { appsWithTemplateFacts, templateFactsOf } from '../../../src/charts/helm/template-facts';
import { releasesOf } from './releases';

const levelOf = (env: string, r: HelmRelease) => environments[env].namespaces[r.namespace].podSecurity.enforce;

describe('chart pods meet their namespace Pod Security level and pin their images', () => {
  for (const env of Object.keys(environments)) {
    for (const release of Object.values(releasesOf(env))) {
      it(`${env}/${release.app}`, () => {
        expect(release.namespace in environments[env].namespaces).toBe(true);
        expect(podProblems(release, levelOf(env, release))).toEqual([]);
      });
    }
  }

  it('has imported facts for every pinned chart', () => {
    for (const pin of Object.values(helmCharts)) expect(Object.keys(chartFactsOf(pin).images).length, pin.chart).toBeGreaterThan(0);
  });
});

describe('pod checks', () => {
  it('opencost: the chart alone leaves pod and container security contexts empty', () => {
    const oc = releasesOf('prod').opencost;
    expect(podProblems({ ...oc, values: {} }, 'restricted')).toEqual(
      ['exporter', 'ui'].flatMap((c) =>
        ['runAsNonRoot must be true', 'allowPrivilegeEscalation must be false', 'capabilities.drop must be [ALL]', 'seccompProfile.type must be RuntimeDefault'].map(
          (r) => `opencost.${c}.image: securityContext ${r} (namespace opencost enforces restricted)`,
        ),
      ),
    );
  });

  it('dragonfly: the chart alone runs its wait-for init containers on busybox:latest', () => {
    const df = releasesOf('prod').dragonfly;
    expect(podProblems({ ...df, values: {} }, 'privileged')).toEqual(
      ['client', 'manager', 'scheduler', 'seedClient'].map((c) => `${c}.initContainer.image: image busybox:latest is not pinned; set a version tag or digest`),
    );
  });

  const karpenter = releasesOf('dev').karpenter;

  it('merges our values over the chart defaults (replicas, requests, priority class)', () => {
    const [controller] = effectiveComponents(karpenter);
    expect(controller).toMatchObject({ path: 'controller.image', enabled: true, replicas: 1, requests: { cpu: '250m', memory: '512Mi' }, priorityClassName: 'system-cluster-critical' });
    expect(controller.image).toMatchObject({ repository: 'public.ecr.aws/karpenter/controller', tag: '1.8.1' });
  });

  it('refuses latest and untagged images, and missing restricted fields', () => {
    const bad = { ...karpenter, values: { ...karpenter.values, controller: { image: { tag: 'latest', digest: '' } }, podSecurityContext: { seccompProfile: null } } };
    expect(podProblems(bad, 'restricted')).toEqual([
      'controller.image: image public.ecr.aws/karpenter/controller:latest is not pinned; set a version tag or digest',
      'controller.image: securityContext seccompProfile.type must be RuntimeDefault (namespace karpenter enforces restricted)',
    ]);
    expect(podProblems(bad, 'privileged')).toEqual(['controller.image: image public.ecr.aws/karpenter/controller:latest is not pinned; set a version tag or digest']);
  });

  it('baseline refuses privileged containers and added capabilities', () => {
    const release = buildHelmReleases(environments.dev).find((r) => r.app === 'prometheus-pushgateway')!;
    const bad = { ...release, values: { ...release.values, containerSecurityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'] } } } };
    expect(podProblems(bad, 'baseline')).toEqual([
      'image: securityContext privileged must be not true (namespace monitoring enforces baseline)',
      'image: securityContext capabilities.add must be only the baseline set (namespace monitoring enforces baseline)',
    ]);
  });

  it('knative-operator: the chart alone gives no seccompProfile; a container-level one in values is dropped by the template', () => {
    const op = releasesOf('dev')['knative-operator'];
    const missing = ['knative_operator', 'operator_webhook'].map(
      (c) => `knative_operator.${c}.image: securityContext seccompProfile.type must be RuntimeDefault (namespace knative-operator enforces restricted)`,
    );
    expect(podProblems({ ...op, values: {} }, 'restricted')).toEqual(missing);
    const containerOnly = { seccompProfile: { type: 'RuntimeDefault' } };
    const values = { knative_operator: { knative_operator: { containerSecurityContext: containerOnly }, operator_webhook: { containerSecurityContext: containerOnly } } };
    expect(podProblems({ ...op, values }, 'restricted')).toEqual(missing);
  });
});

describe('system pods: requests and priority classes', () => {
  for (const env of Object.keys(environments)) {
    it(`${env}: every chart pod on the system nodes has requests and a priority class, none below its chart default`, () => {
      expect(systemPodProblems(environments[env])).toEqual([]);
    });
  }

  it('reports a system pod without requests or priority class, and a priority lowered below the chart default', () => {
    const lowered = withOverride(environments.dev, (d) => {
      d.addons.alertmanager.resources = { cpu: '0', memory: '0' };
    });
    expect(systemPodProblems(lowered)).toEqual([
      'kube-prometheus-stack/alertmanager.alertmanagerSpec.image: no CPU and memory requests; set them so the system-node capacity check counts this pod',
    ]);
    const karpenter = releasesOf('dev').karpenter;
    const values = { ...karpenter.values, priorityClassName: 'platform-critical' };
    expect(loweredPriorities(environments.dev, { ...karpenter, values })).toEqual([
      'karpenter/controller.image: priorityClassName platform-critical is below the chart default system-cluster-critical',
    ]);
  });
});

describe('template facts', () => {
  const releases = releasesOf('prod');
  const CITATION = /^[\w.-]+\/[\w.-]+ \S+@\S+/;

  it.each(appsWithTemplateFacts())('%s: every entry names an image the pinned chart has, and cites a template at a tag', (app) => {
    const facts = chartFactsOf(releases[app].chart);
    const { components, emptyTag } = templateFactsOf(app);
    for (const [imagePath, fact] of Object.entries(components)) {
      expect(facts.images[imagePath], imagePath).toBeDefined();
      expect(fact.source, imagePath).toMatch(CITATION);
    }
    if (emptyTag) expect(emptyTag.source).toMatch(CITATION);
  });

  it('fills an empty tag with the chart appVersion only where the template does (nvidia adds a v)', () => {
    const plugin = effectiveComponents(releases['nvidia-device-plugin'])[0];
    expect(plugin.image.tag).toBe(`v${releases['nvidia-device-plugin'].chart.appVersion}`);
    const keda = effectiveComponents(releases.keda).map((c) => c.image.tag);
    expect(keda).toEqual([releases.keda.chart.appVersion, releases.keda.chart.appVersion, releases.keda.chart.appVersion]);
  });

  it('skips containers the template does not render with our values (opencost sigv4 proxy, default :latest)', () => {
    const proxy = effectiveComponents(releases.opencost).find((c) => c.path === 'opencost.sigV4Proxy.image')!;
    expect(proxy).toMatchObject({ enabled: false, image: { tag: 'latest' } });
  });
});
