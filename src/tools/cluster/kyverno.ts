/**
 * Every Enforce rule of the environment's Kyverno policies, evaluated by the pinned Kyverno CLI
 * (`kyverno apply`, github.com/kyverno/kyverno cmd/cli/kubectl-kyverno@v1.17.2) against every
 * Pod the platform would start. Audit rules only report in a cluster, so they are left out.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import type { Finding } from './check';
import { describe, type K8sObject } from './plan';
import { goTool } from './toolchain';

interface Rule {
  readonly name: string;
  readonly validate?: { readonly failureAction?: string };
}

const POLICY_KINDS = ['ClusterPolicy', 'Policy'];

/** The policies' Enforce rules only (a rule's failureAction, else the policy's). */
export function enforceRules(objects: readonly K8sObject[]): K8sObject[] {
  return objects.flatMap((o) => {
    if (!POLICY_KINDS.includes(o.kind) || !o.apiVersion.startsWith('kyverno.io/')) return [];
    const spec = o.spec as { rules: Rule[]; validationFailureAction?: string };
    const rules = spec.rules.filter((r) => (r.validate?.failureAction ?? spec.validationFailureAction) === 'Enforce');
    return rules.length ? [{ ...o, spec: { ...spec, rules } }] : [];
  });
}

interface ReportResult {
  readonly policy: string;
  readonly rule: string;
  readonly result: string;
  readonly message?: string;
  readonly resources?: readonly { readonly kind: string; readonly namespace?: string; readonly name: string }[];
}

/** Fail and error results of the CLI's JSON policy reports (one per namespace, `---` between). */
export function reportFindings(stdout: string): Finding[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .flatMap((l) => ((JSON.parse(l) as { results?: ReportResult[] }).results ?? []))
    .filter((r) => r.result === 'fail' || r.result === 'error')
    .map((r) => ({
      id: `kyverno ${r.policy}/${r.rule}: ${(r.resources ?? []).map((x) => `${x.kind} ${x.namespace ? `${x.namespace}/` : ''}${x.name}`).join(', ')}`,
      message: r.message ?? r.result,
    }));
}

/** Runs the CLI; an empty list means every Pod passes every Enforce rule. */
export function kyvernoFindings(policies: readonly K8sObject[], pods: readonly K8sObject[], workDir: string): Finding[] {
  if (policies.length === 0 || pods.length === 0) return [];
  const dir = fs.mkdtempSync(path.join(workDir, 'kyverno-'));
  const policyFile = path.join(dir, 'policies.yaml');
  const podFile = path.join(dir, 'pods.yaml');
  fs.writeFileSync(policyFile, policies.map((p) => yaml.dump(p, { noRefs: true })).join('---\n'));
  fs.writeFileSync(podFile, pods.map((p) => yaml.dump(p, { noRefs: true })).join('---\n'));
  let stdout: string;
  try {
    stdout = execFileSync(goTool('kyverno'), ['apply', policyFile, '--resource', podFile, '--policy-report', '--output-format', 'json', '--remove-color'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    // Exit 1 means violations; the report on stdout says which.
    stdout = (e as { stdout?: string }).stdout ?? '';
    if (!stdout.includes('{')) throw new Error(`kyverno apply failed: ${(e as Error).message}`);
  }
  const findings = reportFindings(stdout);
  if (findings.length === 0 && !stdout.includes('"results"') && pods.length > 0) {
    throw new Error(`kyverno apply printed no policy report for ${pods.map(describe).length} pods:\n${stdout.slice(0, 2000)}`);
  }
  return findings;
}
