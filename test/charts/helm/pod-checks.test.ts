import { describe, expect, it } from 'vitest';
import { buildHelmReleases } from '../../../src/charts/helm';
import { chartFactsOf, effectiveComponents } from '../../../src/charts/helm/effective';
import { podProblems } from '../../../src/charts/helm/pod-checks';
import { loweredPriorities, systemPodProblems } from '../../../src/charts/helm/system-pods';
import type { HelmRelease } from '../../../src/charts/helm/release';
import { environments } from '../../../src/config/environments';
import type { EnvironmentConfig } from '../../../src/config/types';
import { helmCharts } from '../../../src/config/versions';
import { appsWithTemplateFacts, templateFactsOf } from '../../../src/charts/helm/template-facts';
import { fixtureEnvironment } from '../../fixtures/environment';
import { releasesOf } from './releases';

const levelOf = (env: EnvironmentConfig, r: HelmRelease) => env.namespaces[r.namespace].podSecurity.enforce;

/** The Karpenter controller image of the pinned chart's default values (we never override it). */
const KARPENTER_IMAGE = chartFactsOf(helmCharts.karpenter).images['controller.image'];

/**
 * The fixture with Karpenter's sizing and namespace set here, so the merged values below are
 * written from this file: one replica (the chart defaults to two), 250m / 512Mi.
 */
const fixture = fixtureEnvironment((d) => {
  Object.assign(d.addons.karpenter, { replicas: 1, resources: { cpu: '250m', memory: '512Mi' } });
  d.podIdentity.karpenter.namespace = 'karpenter';
});

describe('chart pods meet their namespace Pod Security level and pin their images', () => {
  for (const env of Object.values(environments)) {
    for (const release of Object.values(releasesOf(env))) {
      it(`${env.name}/${release.app}`, () => {
        expect(release.namespace in env.namespaces).toBe(true);
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
    const oc = releasesOf(fixture).opencost;
    expect(podProblems({ ...oc, values: {} }, 'restricted')).toEqual(
      ['exporter', 'ui'].flatMap((c) =>
        ['runAsNonRoot must be true', 'allowPrivilegeEscalation must be false', 'capabilities.drop must be [ALL]', 'seccompProfile.type must be RuntimeDefault'].map(
          (r) => `opencost.${c}.image: securityContext ${r} (namespace opencost enforces restricted)`,
        ),
      ),
    );
  });

  it('dragonfly: the chart alone runs its wait-for init containers on busybox:latest', () => {
    const df = releasesOf(fixture).dragonfly;
    expect(podProblems({ ...df, values: {} }, 'privileged')).toEqual(
      ['client', 'manager', 'scheduler', 'seedClient'].map((c) => `${c}.initContainer.image: image busybox:latest is not pinned; set a version tag or digest`),
    );
  });

  const karpenter = releasesOf(fixture).karpenter;

  it('merges our values over the chart defaults (replicas, requests, priority class)', () => {
    const [controller] = effectiveComponents(karpenter);
    expect(controller).toMatchObject({ path: 'controller.image', enabled: true, replicas: 1, requests: { cpu: '250m', memory: '512Mi' }, priorityClassName: 'system-cluster-critical' });
    // The image is the chart's own: our values set none.
    expect(controller.image).toMatchObject({ repository: KARPENTER_IMAGE.repository, tag: KARPENTER_IMAGE.tag });
  });

  it('refuses latest and untagged images, and missing restricted fields', () => {
    const bad = { ...karpenter, values: { ...karpenter.values, controller: { image: { tag: 'latest', digest: '' } }, podSecurityContext: { seccompProfile: null } } };
    const unpinned = `controller.image: image ${KARPENTER_IMAGE.repository}:latest is not pinned; set a version tag or digest`;
    expect(podProblems(bad, 'restricted')).toEqual([
      unpinned,
      'controller.image: securityContext seccompProfile.type must be RuntimeDefault (namespace karpenter enforces restricted)',
    ]);
    expect(podProblems(bad, 'privileged')).toEqual([unpinned]);
  });

  it('baseline refuses privileged containers and added capabilities', () => {
    const release = buildHelmReleases(fixture).find((r) => r.app === 'prometheus-pushgateway')!;
    const bad = { ...release, values: { ...release.values, containerSecurityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'] } } } };
    expect(podProblems(bad, 'baseline')).toEqual([
      'image: securityContext privileged must be not true (namespace monitoring enforces baseline)',
      'image: securityContext capabilities.add must be only the baseline set (namespace monitoring enforces baseline)',
    ]);
  });

  it('knative-operator: the chart alone gives no seccompProfile; a container-level one in values is dropped by the template', () => {
    const op = releasesOf(fixture)['knative-operator'];
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
  for (const env of Object.values(environments)) {
    it(`${env.name}: every chart pod on the system nodes has requests and a priority class, none below its chart default`, () => {
      expect(systemPodProblems(env)).toEqual([]);
    });
  }

  it('reports a system pod without requests or priority class, and a priority lowered below the chart default', () => {
    expect(systemPodProblems(fixture)).toEqual([]);
    const lowered = fixtureEnvironment((d) => {
      d.addons.alertmanager.resources = { cpu: '0', memory: '0' };
    });
    expect(systemPodProblems(lowered)).toEqual([
      'kube-prometheus-stack/alertmanager.alertmanagerSpec.image: no CPU and memory requests; set them so the system-node capacity check counts this pod',
    ]);
    const karpenter = releasesOf(fixture).karpenter;
    const values = { ...karpenter.values, priorityClassName: 'platform-critical' };
    expect(loweredPriorities(fixture, { ...karpenter, values })).toEqual([
      'karpenter/controller.image: priorityClassName platform-critical is below the chart default system-cluster-critical',
    ]);
  });
});

describe('template facts', () => {
  const releases = releasesOf(fixture);
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
