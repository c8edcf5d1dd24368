import type { Layer } from '../charts/platform-chart';
import type { HelmRelease } from '../charts/helm/release';

/** One Argo CD Application of an environment: a rendered folder, or a Helm chart with values. */
export interface AppRef {
  readonly name: string;
  readonly layer: Layer;
  /** Repository path of the app's folder (`dist/<env>/<name>`). */
  readonly path: string;
  /** Set for Helm apps: the chart is installed with `<path>/values.yaml`. */
  readonly helm?: HelmRelease;
}
