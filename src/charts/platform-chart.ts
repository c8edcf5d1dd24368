import { ApiObject, Chart } from 'cdk8s';
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

  /**
   * Orders objects inside this Application with Argo CD sync waves by kind, e.g. Namespaces
   * before what lives in them, a Deployment before the ScaledObject that targets it.
   */
  protected syncWaves(waves: Readonly<Record<string, number>>): void {
    for (const obj of this.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)) {
      const wave = waves[obj.kind];
      if (wave !== undefined) obj.metadata.addAnnotation('argocd.argoproj.io/sync-wave', String(wave));
    }
  }

  public generateObjectName(apiObject: ApiObject): string {
    throw new Error(`${apiObject.node.path}: set metadata.name explicitly (generated names are not stable)`);
  }
}
