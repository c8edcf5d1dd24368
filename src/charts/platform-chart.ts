import { Chart, type ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';

/** The four Argo CD ApplicationSets, in sync-wave order. */
export const LAYERS = ['security-infra', 'platform-helm', 'platform-config', 'apps'] as const;
export type Layer = (typeof LAYERS)[number];

/** Labels every rendered object carries. */
export const PART_OF_LABEL = { 'app.kubernetes.io/part-of': 'gpu-inference-platform' } as const;

/**
 * One cdk8s chart = one Argo CD Application = one dist/<env>/<name> folder.
 * Objects must be named explicitly: cdk8s' generated names (with hash suffixes) are refused.
 */
export abstract class PlatformChart extends Chart {
  /** ApplicationSet (and sync wave) this chart's Application belongs to. */
  abstract readonly layer: Layer;

  constructor(scope: Construct, name: string) {
    super(scope, name, { disableResourceNameHashes: true, labels: { ...PART_OF_LABEL, 'app.kubernetes.io/managed-by': 'argocd' } });
  }

  /** The dist folder and Argo CD Application name. */
  get appName(): string {
    return this.node.id;
  }

  public generateObjectName(apiObject: ApiObject): string {
    throw new Error(`${apiObject.node.path}: set metadata.name explicitly (generated names are not stable)`);
  }
}
