import { dump } from 'js-yaml';

/** A rendered Kubernetes document. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [key: string]: unknown;
}

/** Sorted keys, no line folding and no anchors: stable, diff-friendly output. */
export const DUMP_OPTIONS = Object.freeze({ sortKeys: true, lineWidth: -1, noRefs: true });

/** The YAML of one document, dumped with {@link DUMP_OPTIONS}. */
export function toYaml(doc: unknown): string {
  return dump(doc, DUMP_OPTIONS);
}

/** File name of a manifest inside its app folder: `<kind>.<namespace>.<name>.yaml` (namespace when set). */
export function manifestFileName(doc: Manifest): string {
  const parts = [doc.kind.toLowerCase(), doc.metadata.namespace, doc.metadata.name].filter(Boolean);
  return `${parts.join('.')}.yaml`;
}
