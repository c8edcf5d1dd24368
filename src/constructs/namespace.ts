import { Construct } from 'constructs';
import * as k8s from './k8s';

/** Pod Security admission level. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** Props of {@link PodSecurityNamespace}. */
export interface PodSecurityNamespaceProps {
  /** Namespace name. */
  readonly name: string;
  /** Level the admission controller enforces. */
  readonly enforce: PodSecurityLevel;
  /** Level recorded in the audit log. */
  readonly audit: PodSecurityLevel;
  /** Level that returns warnings to clients. */
  readonly warn: PodSecurityLevel;
  /** Kubernetes minor version the levels are evaluated against, e.g. `v1.35`. */
  readonly version: string;
  /** Why the namespace needs its level; rendered as an annotation so reviewers see it. */
  readonly reason: string;
}

/** Annotation carrying the justification of a namespace's Pod Security level. */
export const POD_SECURITY_REASON_ANNOTATION = 'platform.gpu-inference.io/pod-security-reason';

/** A Namespace with Pod Security Standards labels pinned to a Kubernetes version. */
export class PodSecurityNamespace extends Construct {
  constructor(scope: Construct, id: string, props: PodSecurityNamespaceProps) {
    super(scope, id);
    const labels: Record<string, string> = { 'kubernetes.io/metadata.name': props.name };
    for (const mode of ['enforce', 'audit', 'warn'] as const) {
      labels[`pod-security.kubernetes.io/${mode}`] = props[mode];
      labels[`pod-security.kubernetes.io/${mode}-version`] = props.version;
    }
    new k8s.KubeNamespace(this, 'Resource', {
      metadata: { name: props.name, labels, annotations: { [POD_SECURITY_REASON_ANNOTATION]: props.reason } },
    });
  }
}
