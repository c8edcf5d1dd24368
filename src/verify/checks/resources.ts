/**
 * Rendered custom resources whose controllers report a Ready condition: ScaledObjects
 * (kedacore/keda apis/keda/v1alpha1/condition_types.go@v2.19.0, ConditionReady), Knative Services
 * (knative/serving pkg/apis/serving/v1/service_lifecycle.go@knative-v1.21.1, apis.ConditionReady),
 * ExternalSecrets (external-secrets/external-secrets apis/externalsecrets/v1/externalsecret_types.go@v2.9.0,
 * ExternalSecretReady "Ready", set once the Secret is synced) and Kyverno policies
 * (kyverno/kyverno api/kyverno/v1/policy_status.go@v1.17.2, PolicyConditionReady), whose rules
 * must also keep the rendered `validate.failureAction` (api/kyverno/v1/common_types.go@v1.17.2;
 * "Enforce" or "Audit", api/kyverno/v1/spec_types.go@v1.17.2).
 */
import type { Expected } from '../expected';
import { describeCondition, fail, isTrue, pass, ref, type CheckResult, type ClusterReader, type K8sObject } from '../types';

/** The kubectl resource name of a kind. */
const resource = (kind: string): string => ({ ScaledObject: 'scaledobject', Service: 'ksvc', ExternalSecret: 'externalsecret', ClusterPolicy: 'clusterpolicy', Policy: 'policy' })[kind] ?? kind.toLowerCase();

/** Ready=True on the live copy of a rendered object. */
export function readyCheck(id: string, expected: K8sObject, live: K8sObject | undefined): CheckResult {
  const ns = expected.metadata.namespace;
  const get = `kubectl${ns ? ` -n ${ns}` : ''} get ${resource(expected.kind)}`;
  if (!live) return fail(id, ref(expected), 'not found', get);
  return isTrue(live, 'Ready') ? pass(id, ref(expected), 'Ready') : fail(id, ref(expected), describeCondition(live, 'Ready'), `${get} ${expected.metadata.name} -o yaml`);
}

/** rule name -> failureAction ("Audit" when unset, Kyverno's default; spec_types.go@v1.17.2). */
export function failureActions(p: K8sObject): Map<string, string> {
  const fallback: string = p.spec?.validationFailureAction ?? 'Audit';
  return new Map((p.spec?.rules ?? []).filter((r: any) => r.validate).map((r: any) => [r.name, r.validate.failureAction ?? fallback]));
}

/** A Kyverno policy: Ready, and each validate rule in the rendered mode (`kyverno.policy-mode`). */
export function policyChecks(expected: K8sObject, live: K8sObject | undefined): CheckResult[] {
  const ready = readyCheck('kyverno.policy-ready', expected, live);
  if (!live) return [ready];
  const want = failureActions(expected);
  const got = failureActions(live);
  const wrong = [...want].filter(([rule, mode]) => got.get(rule) !== mode).map(([rule, mode]) => `rule ${rule} is ${got.get(rule) ?? 'missing'}, config ${mode}`);
  return [
    ready,
    wrong.length ? fail('kyverno.policy-mode', ref(expected), wrong.join('; '), `kubectl get ${resource(expected.kind)} ${expected.metadata.name} -o yaml`) : pass('kyverno.policy-mode', ref(expected), [...new Set(want.values())].join(', ') || 'no validate rules'),
  ];
}

async function live(k: ClusterReader, expected: K8sObject): Promise<K8sObject | undefined> {
  return (await k.list(expected.apiVersion, expected.kind, expected.metadata.namespace)).find((x) => x.metadata.name === expected.metadata.name);
}

/** ScaledObjects, Knative Services, Kyverno policies and ExternalSecrets. */
export async function resourceChecks(e: Expected, k: ClusterReader): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const o of e.scaledObjects) out.push(readyCheck('keda.scaledobject-ready', o, await live(k, o)));
  for (const o of e.knativeServices) out.push(readyCheck('knative.service-ready', o, await live(k, o)));
  for (const o of e.policies) out.push(...policyChecks(o, await live(k, o)));
  for (const o of e.externalSecrets) out.push(readyCheck('externalsecrets.synced', o, await live(k, o)));
  return out;
}
