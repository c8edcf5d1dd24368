/**
 * Checks one environment's rendered output against a real API server: every object applied in
 * Argo CD's order (server-side apply, strict field validation), then every pod template
 * admitted as a dry-run Pod, then every Enforce Kyverno rule evaluated on those Pods by the
 * pinned Kyverno CLI. Known-bad controls run alongside and must be refused.
 */
import { applyAll } from './apply-helper';
import { startApiServer } from './control-plane';
import { applyControls, controlFindings, kyvernoControl } from './controls';
import { enforceRules, kyvernoFindings } from './kyverno';
import { applySteps, describe, type ApplyStep, type K8sObject, type PlanOptions } from './plan';
import { podFor } from './pods';

/** One rejection, with where it came from and the server's (or policy engine's) message. */
export interface Finding {
  readonly id: string;
  readonly message: string;
}

export interface EnvironmentCheck {
  readonly env: string;
  readonly applied: number;
  readonly pods: number;
  readonly enforcePolicies: number;
  readonly findings: readonly Finding[];
}

/** The ServiceAccount controller's `default` account in every namespace the plan creates. */
function defaultServiceAccounts(steps: readonly ApplyStep[]): ApplyStep[] {
  return steps
    .filter((s) => s.object.kind === 'Namespace')
    .map((s) => ({ id: `serviceaccount controller: default in ${s.object.metadata.name}`, dryRun: false, object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: s.object.metadata.name } } }));
}

/** One dry-run Pod per pod template. */
export function podSteps(steps: readonly ApplyStep[]): ApplyStep[] {
  return steps.flatMap((s) => {
    const pod = podFor(s.object, s.namespace);
    return pod ? [{ id: `${s.id} -> ${describe(pod)} (dry run)`, dryRun: true, object: pod }] : [];
  });
}

export interface CheckOptions extends PlanOptions {
  readonly etcd: string;
  readonly serviceCidr: string;
  readonly workDir: string;
}

/** Kyverno: the environment's Enforce rules on its Pods, plus the control that must fail. */
function policyFindings(objects: readonly K8sObject[], pods: readonly K8sObject[], workDir: string): { rules: K8sObject[]; findings: Finding[] } {
  const rules = enforceRules(objects);
  const control = kyvernoFindings([kyvernoControl.policy], [kyvernoControl.pod], workDir);
  const controlFailed = control.length === 0 ? [{ id: 'control: Kyverno CLI on a privileged Pod', message: 'harness control not reported as a violation' }] : [];
  return { rules, findings: [...controlFailed, ...kyvernoFindings(rules, pods, workDir)] };
}

export async function checkEnvironment(o: CheckOptions): Promise<EnvironmentCheck> {
  const server = await startApiServer({ etcd: o.etcd, etcdPrefix: `/registry-${o.env}-${Date.now().toString(36)}`, serviceCidr: o.serviceCidr, workDir: o.workDir });
  try {
    const objects = applySteps(o);
    const pods = podSteps(objects);
    const controls = applyControls(objects);
    const steps = [...objects, ...defaultServiceAccounts(objects), ...pods];
    const results = await applyAll(server.kubeconfig, [...steps, ...controls.map((c) => c.step)]);
    const rejected = results.slice(0, steps.length).filter((r) => !r.ok).map((r) => ({ id: r.id, message: r.error ?? '' }));
    const policies = policyFindings(objects.map((s) => s.object), pods.map((p) => p.object), o.workDir);
    const findings = [...controlFindings(controls, results.slice(steps.length)), ...rejected, ...policies.findings];
    return { env: o.env, applied: objects.length, pods: pods.length, enforcePolicies: policies.rules.length, findings };
  } finally {
    await server.stop();
  }
}
