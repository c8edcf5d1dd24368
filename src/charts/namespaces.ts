import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import * as k8s from 'cdk8s-plus-30/lib/imports/k8s';
import { PodSecurityNamespace } from '../constructs/namespace';
import { PlatformChart } from './platform-chart';

/** Every namespace the platform owns, with its Pod Security labels (first wave). */
export class NamespacesChart extends PlatformChart {
  readonly layer = 'security-infra' as const;

  constructor(scope: Construct, env: EnvironmentConfig, kubernetesVersion: string) {
    super(scope, 'namespaces');
    for (const [name, ns] of Object.entries(env.namespaces).sort(([a], [b]) => a.localeCompare(b))) {
      new PodSecurityNamespace(this, name, { name, ...ns.podSecurity, version: `v${kubernetesVersion}`, reason: ns.reason });
      if (ns.quota) this.quota(name, ns.quota);
      if (ns.containerDefaults) this.limitRange(name, ns.containerDefaults);
    }
    this.syncWaves({ Namespace: -1 });
  }

  private quota(namespace: string, q: NonNullable<EnvironmentConfig['namespaces'][string]['quota']>): void {
    const hard = { 'requests.cpu': String(q.cpu), 'requests.memory': `${q.memoryGiB}Gi`, 'requests.nvidia.com/gpu': String(q.gpus), pods: String(q.pods) };
    new k8s.KubeResourceQuota(this, `${namespace}-quota`, {
      metadata: { name: 'compute', namespace },
      spec: { hard: Object.fromEntries(Object.entries(hard).map(([k, v]) => [k, k8s.Quantity.fromString(v)])) },
    });
  }

  private limitRange(namespace: string, d: { readonly cpu: string; readonly memory: string }): void {
    const amounts = { cpu: k8s.Quantity.fromString(d.cpu), memory: k8s.Quantity.fromString(d.memory) };
    new k8s.KubeLimitRange(this, `${namespace}-limits`, {
      metadata: { name: 'container-defaults', namespace },
      spec: { limits: [{ type: 'Container', default: amounts, defaultRequest: amounts }] },
    });
  }
}
