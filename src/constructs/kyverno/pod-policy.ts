import { Construct } from 'constructs';
import {
  ClusterPolicy,
  ClusterPolicySpecRulesValidateFailureAction,
  ClusterPolicySpecWebhookConfigurationFailurePolicy,
  type ClusterPolicySpecRules,
} from '../../../imports/kyverno.io';

/** Kyverno failure action of a validate rule. */
export type FailureAction = 'Audit' | 'Enforce';

/**
 * What the API server does when Kyverno cannot answer (down, timing out): `Fail` refuses the
 * request, `Ignore` admits it unchecked. Kyverno defaults to Fail (ClusterPolicy
 * `spec.webhookConfiguration.failurePolicy`, kyverno/kyverno api/kyverno/v1/spec_types.go@v1.17.2).
 */
export type WebhookFailurePolicy = 'Fail' | 'Ignore';

/** A Kyverno condition (`key` is a `{{ JMESPath }}` expression). */
export interface Condition {
  readonly key: string;
  readonly operator: 'Equals' | 'GreaterThan' | 'AnyIn';
  readonly value: unknown;
}

/** What a rule checks: an overlay pattern, or deny conditions (`any`: one true condition denies). */
export type Check =
  | { readonly pattern: Record<string, unknown> }
  | { readonly deny: { readonly any: readonly Condition[] } | { readonly all: readonly Condition[] } };

/** One validate rule on Pods. */
export interface PodRule {
  readonly name: string;
  readonly message: string;
  /** Only these namespaces. @default every namespace */
  readonly namespaces?: readonly string[];
  /** Every namespace except these. @default none */
  readonly excludeNamespaces?: readonly string[];
  /** The rule applies only when all these hold. @default always */
  readonly preconditions?: readonly Condition[];
  readonly check: Check;
}

/** Props of {@link PodPolicy}. */
export interface PodPolicyProps {
  readonly name: string;
  /** Human-readable title and description (`policies.kyverno.io/*` annotations). */
  readonly title: string;
  readonly description: string;
  /** Per-rule `validate.failureAction` (the policy-level `validationFailureAction` is deprecated). */
  readonly failureAction: FailureAction;
  /** No default on purpose: every policy decides whether it may block pods while Kyverno is down. */
  readonly failurePolicy: WebhookFailurePolicy;
  readonly rules: readonly PodRule[];
}

const ACTIONS: Record<FailureAction, ClusterPolicySpecRulesValidateFailureAction> = {
  Audit: ClusterPolicySpecRulesValidateFailureAction.AUDIT,
  Enforce: ClusterPolicySpecRulesValidateFailureAction.ENFORCE,
};

const FAILURE_POLICIES: Record<WebhookFailurePolicy, ClusterPolicySpecWebhookConfigurationFailurePolicy> = {
  Fail: ClusterPolicySpecWebhookConfigurationFailurePolicy.FAIL,
  Ignore: ClusterPolicySpecWebhookConfigurationFailurePolicy.IGNORE,
};

function toRule(rule: PodRule, failureAction: FailureAction): ClusterPolicySpecRules {
  const resources = { kinds: ['Pod'], ...(rule.namespaces ? { namespaces: [...rule.namespaces] } : {}) };
  const check = 'pattern' in rule.check ? { pattern: rule.check.pattern } : { deny: { conditions: rule.check.deny } };
  return {
    name: rule.name,
    match: { any: [{ resources }] },
    ...(rule.excludeNamespaces?.length ? { exclude: { any: [{ resources: { kinds: ['Pod'], namespaces: [...rule.excludeNamespaces] } }] } } : {}),
    ...(rule.preconditions ? { preconditions: { all: rule.preconditions } } : {}),
    validate: { failureAction: ACTIONS[failureAction], message: rule.message, ...check },
  };
}

/**
 * A Kyverno ClusterPolicy of validate rules matching Pods. Kyverno's auto-generation
 * (on by default) derives the same rules for Deployments, StatefulSets, DaemonSets, Jobs and
 * CronJobs, so a bad controller is refused at apply time, not only when its pods are created.
 * Background scans report existing violations (every rule reads only `request.object`).
 */
export class PodPolicy extends Construct {
  constructor(scope: Construct, id: string, props: PodPolicyProps) {
    super(scope, id);
    new ClusterPolicy(this, 'Resource', {
      metadata: {
        name: props.name,
        annotations: {
          'policies.kyverno.io/title': props.title,
          'policies.kyverno.io/description': props.description,
          'policies.kyverno.io/subject': 'Pod',
        },
      },
      spec: {
        background: true,
        webhookConfiguration: { failurePolicy: FAILURE_POLICIES[props.failurePolicy] },
        rules: props.rules.map((r) => toRule(r, props.failureAction)),
      },
    });
  }
}
