/**
 * Known-bad inputs every run must see rejected, so a check that silently stopped checking
 * (a flag dropped, admission disabled, a report format changed) fails loudly instead.
 */
import type { Finding } from './check';
import type { ApplyResult } from './apply-helper';
import type { ApplyStep, K8sObject } from './plan';

const NS = 'check-harness-control';

/** An apply that the API server must refuse, and the words its refusal must contain. */
export interface ApplyControl {
  readonly step: ApplyStep;
  readonly expect: RegExp;
}

const privilegedPod: K8sObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'privileged', namespace: NS },
  spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', securityContext: { privileged: true } }] },
};

/** Controls for the API server: Pod Security enforcement, and strict schema of a custom resource. */
export function applyControls(plan: readonly ApplyStep[]): ApplyControl[] {
  const ns: K8sObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } };
  const sa: K8sObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: NS } };
  const cr = plan.find((s) => !s.dryRun && !s.create && /\.(k8s\.aws|sh|dev|io)\//.test(s.object.apiVersion) && s.object.spec);
  const setup = (object: K8sObject): ApplyControl => ({ step: { id: `control setup: ${object.kind} ${object.metadata.name}`, dryRun: false, object }, expect: /^$/ });
  return [
    setup(ns),
    setup(sa),
    { step: { id: 'control: privileged Pod in a restricted namespace', dryRun: true, object: privilegedPod }, expect: /violates PodSecurity "restricted:/ },
    ...(cr
      ? [{ step: { id: `control: ${cr.object.kind} with an unknown field`, dryRun: true, object: { ...cr.object, spec: { ...(cr.object.spec as object), notAField: true } } }, expect: /unknown field|not declared in schema/ }]
      : []),
  ];
}

/** Findings for controls whose answer was not the expected refusal (setup steps must pass). */
export function controlFindings(controls: readonly ApplyControl[], results: readonly ApplyResult[]): Finding[] {
  return controls.flatMap((c, i) => {
    const r = results[i];
    const setupOk = c.expect.source === '^$' ? r.ok : !r.ok && c.expect.test(r.error ?? '');
    return setupOk ? [] : [{ id: c.step.id, message: `harness control not refused as expected (${c.expect}): ${r.error ?? 'accepted'}` }];
  });
}

/** A one-rule Enforce policy and a Pod that breaks it: the Kyverno CLI must report the failure. */
export const kyvernoControl = {
  policy: {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'check-harness-control' },
    spec: {
      background: true,
      rules: [{
        name: 'no-privileged',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        validate: { failureAction: 'Enforce', message: 'privileged', pattern: { spec: { containers: [{ '=(securityContext)': { '=(privileged)': 'false' } }] } } },
      }],
    },
  } as K8sObject,
  pod: privilegedPod,
};
