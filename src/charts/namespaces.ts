import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { PodSecurityNamespace } from '../constructs/namespace';
import { PlatformChart } from './platform-chart';

/** Every namespace the platform owns, with its Pod Security labels (first wave). */
export class NamespacesChart extends PlatformChart {
  readonly layer = 'security-infra' as const;

  constructor(scope: Construct, env: EnvironmentConfig, kubernetesVersion: string) {
    super(scope, 'namespaces');
    for (const [name, ns] of Object.entries(env.namespaces).sort(([a], [b]) => a.localeCompare(b))) {
      new PodSecurityNamespace(this, name, { name, ...ns.podSecurity, version: `v${kubernetesVersion}`, reason: ns.reason });
    }
  }
}
