import { describe, expect, it } from 'vitest';
import { systemNodePods } from '../../../src/charts/helm/system-pods';
import { validateEnvironment } from '../../../src/config/validate';
import { fixtureEnvironment } from '../../fixtures/environment';
import { withOverride } from '../../support/rendered';

/**
 * The fixture environment with every input of the system-node demand set here (replicas,
 * requests, node group), so the numbers below follow from it, the pinned chart defaults, the
 * cited Knative Serving requests and the EKS add-ons, never from the sample configs.
 */
const small = { cpu: '100m', memory: '128Mi' };
const fixture = fixtureEnvironment((d) => {
  d.knative.replicas = 1;
  d.addons.karpenter = { replicas: 1, resources: { cpu: '1', memory: '1Gi' } };
  d.addons.keda = { operatorReplicas: 1, metricsServerReplicas: 1, webhookReplicas: 1 };
  d.addons.prometheus = { ...d.addons.prometheus, replicas: 1, resources: { cpu: '1', memory: '2Gi' }, operatorResources: { cpu: '100m', memory: '256Mi' } };
  d.addons.alertmanager = { ...d.addons.alertmanager, replicas: 1, resources: small };
  d.addons.pushgateway = { ...d.addons.pushgateway, resources: small };
  d.addons.kyverno = { admissionReplicas: 1, controllerReplicas: 1 };
  d.addons.externalSecrets = { replicas: 1, webhookReplicas: 1, resources: small };
  d.addons.dragonfly = { ...d.addons.dragonfly, managerReplicas: 1, schedulerReplicas: 1, seedClientReplicas: 1, managerRequests: small, schedulerRequests: small, seedClientRequests: small };
  d.nodes.systemNodeGroup = { ...d.nodes.systemNodeGroup, instanceType: 'm6i.xlarge', desiredSize: 3, minSize: 3, maxSize: 4 };
});
const capacityProblems = (env = fixture) => validateEnvironment(env).filter((p) => p.path.endsWith('systemNodeGroup.instanceType'));

describe('system node capacity', () => {
  it('accepts system pods that fit on minSize - 1 nodes', () => {
    expect(capacityProblems()).toEqual([]);
  });

  it('refuses a node group that cannot hold them with one node drained, and says how many nodes would', () => {
    const bad = withOverride(fixture, (d) => (d.nodes.systemNodeGroup.minSize = d.nodes.systemNodeGroup.desiredSize = 2));
    expect(capacityProblems(bad)).toEqual([
      {
        path: 'fixture.nodes.systemNodeGroup.instanceType',
        message:
          'system pods request 5.57 vCPU / 7.1 GiB but 2 x m6i.xlarge with one node drained leave 3.75 vCPU / 14.9 GiB ' +
          '(allocatable 3.92 vCPU / 15.0 GiB per node minus 0.17 vCPU / 0.1 GiB of DaemonSets); choose a larger instance type or raise minSize to 3',
      },
    ]);
  });

  it('counts replicas: three Knative replicas run the Serving control plane (1.03 vCPU each) three times, its post-install Jobs once', () => {
    const bad = withOverride(fixture, (d) => {
      d.knative.replicas = 3;
      d.nodes.systemNodeGroup = { ...d.nodes.systemNodeGroup, instanceType: 'm6i.large', desiredSize: 3, minSize: 3 };
    });
    expect(capacityProblems(bad).map((p) => p.message)).toEqual([
      'system pods request 7.63 vCPU / 8.7 GiB but 3 x m6i.large with one node drained leave 3.53 vCPU / 14.4 GiB ' +
        '(allocatable 1.93 vCPU / 7.3 GiB per node minus 0.17 vCPU / 0.1 GiB of DaemonSets); choose a larger instance type or raise minSize to 6',
    ]);
  });

  it('counts chart pods pinned to the system nodes with our replicas, Knative Serving and the EKS add-ons', () => {
    const names = systemNodePods(fixture).map((p) => `${p.name} x${p.replicas}`);
    expect(names).toEqual(expect.arrayContaining(['karpenter/controller.image x1', 'keda/image.keda x1', 'knative-serving/activator x1', 'knative-serving/autoscaler-hpa x1', 'knative-serving/cleanup-serving-* (Job) x1', 'eks/aws-node xper-node', 'eks/metrics-server x2', 'eks/eks-node-monitoring-agent xper-node']));
    expect(names.filter((n) => n.includes('initContainer') || n.startsWith('dcgm-exporter') || n.startsWith('nvidia-device-plugin'))).toEqual([]);
  });
});
