import { dump } from 'js-yaml';

/** A rendered Kubernetes document. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [key: string]: unknown;
}

/** YAML with sorted keys, no line folding and no anchors: stable, diff-friendly output. */
export function toYaml(doc: unknown): string {
  return dump(doc, { sortKeys: true, lineWidth: -1, noRefs: true });
}

/** File name of a manifest inside its app folder: `<kind>.<namespace>.<name>.yaml` (namespace when set). */
export function manifestFileName(doc: Manifest): string {
  const parts = [doc.kind.toLowerCase(), doc.metadata.namespace, doc.metadata.name].filter(Boolean);
  return `${parts.join('.')}.yaml`;
}
