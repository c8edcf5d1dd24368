import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import * as k8s from '../constructs/k8s';
import { deviceClassQuotaKey, draQuotaDemand } from '../config/derived/dra';
import { PodSecurityNamespace } from '../constructs/namespace';
import { PlatformChart } from './platform-chart';
import { compareText } from '../config/order';

/** Every namespace the platform owns, with its Pod Security labels (first wave). */
export class NamespacesChart extends PlatformChart {
  readonly layer = 'security-infra' as const;

  constructor(scope: Construct, env: EnvironmentConfig, kubernetesVersion: string) {
    super(scope, 'namespaces');
    for (const [name, ns] of Object.entries(env.namespaces).sort(([a], [b]) => compareText(a, b))) {
      new PodSecurityNamespace(this, name, { name, ...ns.podSecurity, version: `v${kubernetesVersion}`, reason: ns.reason });
      // The workload namespace's GPU ceiling also bounds the devices its DRA workloads claim, per DeviceClass.
      const claimed = name === env.workloads.namespace ? [...draQuotaDemand(env).keys()] : [];
      if (ns.quota) this.quota(name, ns.quota, claimed);
      if (ns.containerDefaults) this.limitRange(name, ns.containerDefaults);
    }
    this.syncWaves({ Namespace: -1 });
  }

  private quota(namespace: string, q: NonNullable<EnvironmentConfig['namespaces'][string]['quota']>, deviceClasses: readonly string[]): void {
    const hard: Record<string, string> = { 'requests.cpu': String(q.cpu), 'requests.memory': `${q.memoryGiB}Gi`, 'requests.nvidia.com/gpu': String(q.gpus), pods: String(q.pods) };
    for (const c of deviceClasses) hard[deviceClassQuotaKey(c)] = String(q.gpus);
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
