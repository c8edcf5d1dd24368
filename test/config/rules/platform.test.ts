import { describe, expect, it } from 'vitest';
import { environments } from '../../../src/config/environments';
import { validateEnvironment } from '../../../src/config/validate';
import { withOverride } from '../../support/rendered';

const { dev, prod } = environments;

describe('platform guardrails', () => {
  it('refuses node-agent exemptions for unknown namespaces or the workload namespace', () => {
    const bad = withOverride(prod, (d) => (d.platform.gpuNodeAgentNamespaces = ['gpu-operator', 'nvidia', 'inference']));
    expect(validateEnvironment(bad)).toEqual([
      { path: 'prod.platform.gpuNodeAgentNamespaces[1]', message: '"nvidia" is not a namespace in namespaces; exempt only namespaces the platform owns' },
      { path: 'prod.platform.gpuNodeAgentNamespaces[2]', message: '"inference" runs the inference workloads; exempting it switches the GPU placement policies off for them' },
    ]);
  });

  it('refuses malformed, wrongly sized or overlapping CIDRs', () => {
    expect(validateEnvironment(withOverride(dev, (d) => (d.platform.network.vpcCidr = '10.10.0.1/16')))).toEqual([
      { path: 'dev.platform.network.vpcCidr', message: '"10.10.0.1/16" is not an IPv4 CIDR like 10.10.0.0/16' },
    ]);
    expect(validateEnvironment(withOverride(dev, (d) => (d.platform.network.vpcCidr = '0.0.0.0/0')))).toEqual([
      { path: 'dev.platform.network.vpcCidr', message: '/0 is not a VPC size: AWS VPCs are /16 to /28 (must equal Terraform vpc_cidr)' },
    ]);
    expect(validateEnvironment(withOverride(dev, (d) => (d.platform.network.serviceCidr = '10.10.128.0/20')))).toEqual([
      { path: 'dev.platform.network.serviceCidr', message: '10.10.128.0/20 overlaps network.vpcCidr 10.10.0.0/16; EKS needs a Service CIDR outside the VPC' },
    ]);
  });

  it('refuses a Grafana secret name outside the cluster prefix and bad durations', () => {
    const bad = withOverride(prod, (d) => {
      d.platform.secrets.grafanaAdmin = '/grafana admin';
      d.platform.secrets.refreshInterval = '1 hour';
      d.platform.dashboard.refresh = 'often';
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: 'prod.platform.secrets.grafanaAdmin', message: '"/grafana admin" must be a Secrets Manager secret name below "gpu-inference-prod/" (letters, digits and /_+=.@-, no leading /)' },
      { path: 'prod.platform.secrets.refreshInterval', message: '"1 hour" is not a duration like 1h' },
      { path: 'prod.platform.dashboard.refresh', message: '"often" is not a Grafana refresh interval like 30s or 1m' },
    ]);
  });

  it('refuses alert windows shorter than a GPU cold start', () => {
    const bad = withOverride(dev, (d) => {
      d.platform.alerts.gpuPodPendingFor = '2m';
      d.platform.alerts.queueNotDrainingFor = '10x';
    });
    expect(validateEnvironment(bad)).toEqual([
      {
        path: 'dev.platform.alerts.gpuPodPendingFor',
        message: '2m is shorter than a GPU cold start (node launch, image pull, model load): every scale-from-zero would page; use at least 5m',
      },
      { path: 'dev.platform.alerts.queueNotDrainingFor', message: '"10x" is not a duration like 15m' },
    ]);
  });

  it('refuses nonsensical alert thresholds as shape problems', () => {
    const bad = withOverride(dev, (d) => {
      d.platform.alerts.spotInterruptionsPerHour = 0.5;
      d.platform.alerts.gpuPoolLimitRatio = 90;
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: 'dev.platform.alerts.spotInterruptionsPerHour', message: '0.5 must be a whole number of interruptions per hour, at least 1' },
      { path: 'dev.platform.alerts.gpuPoolLimitRatio', message: "90 must be a share of the pool's GPU limit in (0, 1], e.g. 0.9" },
    ]);
  });
});
