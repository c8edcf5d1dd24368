import { describe, expect, it } from 'vitest';
import { validateEnvironment } from '../../../src/config/validate';
import { fixtureEnvironment } from '../../fixtures/environment';
import { FIXTURE_CLUSTER, pinCluster } from '../../fixtures/rules';

describe('platform guardrails', () => {
  it('refuses node-agent exemptions for unknown namespaces or the workload namespace', () => {
    // gpu-operator: the platform's own node-agent namespace (helm/gpu-stack.ts), accepted.
    const bad = fixtureEnvironment((d) => (d.platform.gpuNodeAgentNamespaces = ['gpu-operator', 'nvidia', d.workloads.namespace]));
    const workloadNamespace = bad.workloads.namespace;
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.platform.gpuNodeAgentNamespaces[1]', message: '"nvidia" is not a namespace in namespaces; exempt only namespaces the platform owns' },
      { path: 'fixture.platform.gpuNodeAgentNamespaces[2]', message: `"${workloadNamespace}" runs the inference workloads; exempting it switches the GPU placement policies off for them` },
    ]);
  });

  it('refuses malformed, wrongly sized or overlapping CIDRs', () => {
    const network = (vpcCidr: string, serviceCidr: string) =>
      validateEnvironment(fixtureEnvironment((d) => Object.assign(d.platform.network, { vpcCidr, serviceCidr })));
    expect(network('10.10.0.0/16', '172.20.0.0/16')).toEqual([]);
    expect(network('10.10.0.1/16', '172.20.0.0/16')).toEqual([
      { path: 'fixture.platform.network.vpcCidr', message: '"10.10.0.1/16" is not an IPv4 CIDR like 10.10.0.0/16' },
    ]);
    expect(network('0.0.0.0/0', '172.20.0.0/16')).toEqual([
      { path: 'fixture.platform.network.vpcCidr', message: '/0 is not a VPC size: AWS VPCs are /16 to /28 (must equal Terraform vpc_cidr)' },
    ]);
    expect(network('10.10.0.0/16', '10.10.128.0/20')).toEqual([
      { path: 'fixture.platform.network.serviceCidr', message: '10.10.128.0/20 overlaps network.vpcCidr 10.10.0.0/16; EKS needs a Service CIDR outside the VPC' },
    ]);
  });

  it('refuses a Grafana secret name outside the cluster prefix and bad durations', () => {
    const bad = fixtureEnvironment((d) => {
      pinCluster(d); // the message names the cluster's secret prefix
      d.platform.secrets.grafanaAdmin = '/grafana admin';
      d.platform.secrets.refreshInterval = '1 hour';
      d.platform.dashboard.refresh = 'often';
    });
    expect(validateEnvironment(bad)).toEqual([
      {
        path: 'fixture.platform.secrets.grafanaAdmin',
        message: `"/grafana admin" must be a Secrets Manager secret name below "${FIXTURE_CLUSTER.name}/" (letters, digits and /_+=.@-, no leading /)`,
      },
      { path: 'fixture.platform.secrets.refreshInterval', message: '"1 hour" is not a duration like 1h' },
      { path: 'fixture.platform.dashboard.refresh', message: '"often" is not a Grafana refresh interval like 30s or 1m' },
    ]);
  });

  it('refuses alert windows shorter than a GPU cold start', () => {
    const bad = fixtureEnvironment((d) => {
      d.platform.alerts.gpuPodPendingFor = '2m';
      d.platform.alerts.queueNotDrainingFor = '10x';
    });
    expect(validateEnvironment(bad)).toEqual([
      {
        path: 'fixture.platform.alerts.gpuPodPendingFor',
        message: '2m is shorter than a GPU cold start (node launch, image pull, model load): every scale-from-zero would page; use at least 5m',
      },
      { path: 'fixture.platform.alerts.queueNotDrainingFor', message: '"10x" is not a duration like 15m' },
    ]);
  });

  it('refuses nonsensical alert thresholds as shape problems', () => {
    const bad = fixtureEnvironment((d) => {
      d.platform.alerts.spotInterruptionsPerHour = 0.5;
      d.platform.alerts.gpuPoolLimitRatio = 90;
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: 'fixture.platform.alerts.spotInterruptionsPerHour', message: '0.5 must be a whole number of interruptions per hour, at least 1' },
      { path: 'fixture.platform.alerts.gpuPoolLimitRatio', message: "90 must be a share of the pool's GPU limit in (0, 1], e.g. 0.9" },
    ]);
  });
});
