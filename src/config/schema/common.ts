/**
 * Building blocks of the config schema (see ./environment.ts for why zod). Every object is
 * strict, every number has a range, every name Kubernetes sees is checked as Kubernetes would.
 */
import { z } from 'zod';
import { nearest } from './nearest';

/**
 * The config is deeply frozen (environments/merge.ts); the inferred types say so, so code that
 * reads config cannot compile a mutation of it.
 */
export type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The frozen config type a schema describes. */
export type ConfigOf<S extends z.ZodType> = DeepReadonly<z.output<S>>;

/**
 * An object that refuses keys it does not know, naming the nearest known key: a misspelled
 * key would otherwise be ignored and the base value used without a word.
 */
export function strict<S extends z.ZodRawShape>(shape: S) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? unknownKeys(iss.keys, known) : undefined),
  });
}

function unknownKeys(keys: readonly string[], known: readonly string[]): string {
  const each = keys.map((k) => {
    const near = nearest(k, known);
    return near ? `unknown key "${k}": did you mean "${near}"?` : `unknown key "${k}": remove it (known keys: ${known.join(', ')})`;
  });
  return each.join('; ');
}

/** RFC 1123 label, what Kubernetes requires of namespace and most object names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** What a name would be if it followed the rule: shown as the fix. */
function asDnsLabel(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63);
}

/** A user-chosen name that becomes a Kubernetes object or namespace name. */
export const k8sName = z.string().refine((name) => name.length <= 63 && DNS_LABEL.test(name), {
  error: (iss) =>
    `"${String(iss.input)}" is not a valid Kubernetes name (RFC 1123 label: lowercase letters, digits and "-", starting and ending ` +
    `with a letter or digit, at most 63 characters); rename it, e.g. "${asDnsLabel(String(iss.input))}"`,
});

/** A count of things (replicas, nodes, GPUs): a whole number, zero allowed. */
export const count = z.int().min(0);
/** A whole number that must be above zero (seconds, sizes, thresholds in whole units). */
export const positiveInt = z.int().min(1);
/** A quantity that must be above zero (cores, GiB, thresholds); NaN and Infinity are refused. */
export const positive = z.number().gt(0);
/** A quantity that may be zero. */
export const nonNegative = z.number().min(0);
/** A range check's own message, for values where "must be above 0" would not say why. */
export const says = (message: (value: unknown) => string) => ({ error: (iss: { input?: unknown }) => message(iss.input) });
/** A string that must say something. */
export const text = z.string().min(1);
/** Labels or selectors: string to string. */
export const stringMap = z.record(z.string(), z.string());

/**
 * EKS node auto repair of a managed GPU node group (Terraform `node_repair_config.enabled`; see
 * ../derived/node-repair.ts for the default). Karpenter's `NodeRepair` gate (`nodes.repair`)
 * covers only the nodes Karpenter launched; the managed groups are repaired by EKS itself, on the
 * node conditions the EKS node monitoring agent sets (`AcceleratedHardwareReady` among them).
 * EKS replaces or reboots a node whose condition stays bad (10 minutes for a GPU) and pauses a
 * group of more than five nodes once more than 20% are unhealthy ("Automatically repair nodes in
 * EKS clusters", Amazon EKS User Guide, https://docs.aws.amazon.com/eks/latest/userguide/node-repair.html).
 * `false` sets `enabled = false`: a broken GPU node stays until someone replaces it. @default true
 */
export const autoRepair = z.boolean().optional();
