/**
 * The consequence of each change, in one line, from what changed and from the rest of the
 * environment's output (the ScaledObject of a Deployment, the NodePools of an EC2NodeClass, the
 * budget report's cold starts). Changes that remove capacity or widen exposure carry a `risk`.
 */
import { sameValue, type FieldChange } from './fields';
import { drainPace, maxNodes, nodeClassDrift, nodePoolDrift, quantity } from './karpenter';
import { HELM_VALUES, describeObject, type EnvironmentOutput, type RenderedObject } from './objects';
import type { BudgetHeadline } from './budget';

export type Risk = 'capacity' | 'exposure';

export type RuleId =
  | 'pod-restart'
  | 'karpenter-drift'
  | 'kyverno-mode'
  | 'quota-limit'
  | 'argocd'
  | 'chart-version'
  | 'helm-values'
  | 'exposure'
  | 'capacity'
  | 'identity';

export interface Consequence {
  readonly rule: RuleId;
  readonly text: string;
  readonly risk?: Risk;
}

export type ChangeType = 'added' | 'removed' | 'changed' | 'renamed' | 'moved';

/** One object's change as the rules see it. */
export interface RuleInput {
  readonly type: ChangeType;
  readonly before?: RenderedObject;
  readonly after?: RenderedObject;
  readonly fields: readonly FieldChange[];
}

/** The environment on both sides. */
export interface RuleContext {
  readonly env: string;
  readonly base?: EnvironmentOutput;
  readonly head?: EnvironmentOutput;
  readonly baseBudget?: BudgetHeadline;
  readonly headBudget?: BudgetHeadline;
}

const objectsOf = (out: EnvironmentOutput | undefined, kind: string): RenderedObject[] =>
  out ? [...out.apps.values()].flatMap((app) => [...app.values()].filter((o) => o.kind === kind)) : [];

const under = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
const touched = (fields: readonly FieldChange[], prefix: string) => fields.some((f) => under(f.path, prefix));
const list = (xs: readonly string[], max = 4) => (xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// --- pod templates --------------------------------------------------------------------------

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const isKnativeService = (o: RenderedObject | undefined) => o?.kind === 'Service' && o.apiVersion.startsWith('serving.knative.dev/');

function gpusPerPod(podSpec: any): number {
  return (podSpec?.containers ?? []).reduce((n: number, c: any) => n + (quantity(c?.resources?.limits?.['nvidia.com/gpu']) ?? 0), 0);
}

function coldStartText(ctx: RuleContext, o: RenderedObject): string {
  const name = o.doc.metadata?.labels?.['gpu-inference.io/workload'] ?? o.name;
  const w = ctx.headBudget?.workloads.get(name);
  if (!w || w.withoutP2pSeconds === undefined) return 'cold start not in the budget report';
  return `each new replica cold-starts in up to ${w.withoutP2pSeconds} s (${w.withP2pSeconds ?? '?'} s from a P2P peer; budget report)`;
}

/** min..max replicas of a Deployment (its ScaledObject's bounds when KEDA scales it). */
function replicaRange(ctx: RuleContext, o: RenderedObject): { min: number; max: number; by: string } {
  const so = objectsOf(ctx.head, 'ScaledObject').find(
    (s) => s.namespace === o.namespace && s.doc.spec?.scaleTargetRef?.name === o.name && (s.doc.spec?.scaleTargetRef?.kind ?? 'Deployment') === o.kind,
  );
  if (so) return { min: so.doc.spec.minReplicaCount ?? 0, max: so.doc.spec.maxReplicaCount ?? 100, by: `KEDA ${so.name}` };
  const n = o.doc.spec?.replicas ?? 1;
  return { min: n, max: n, by: 'spec.replicas' };
}

function podTemplate(input: RuleInput, ctx: RuleContext): Consequence[] {
  const o = input.after;
  if (!o || !(WORKLOAD_KINDS.has(o.kind) || isKnativeService(o))) return [];
  if (input.type === 'renamed') {
    return [{ rule: 'pod-restart', risk: 'capacity', text: `renamed from ${input.before!.name}: the old ${o.kind} and all its pods are deleted and new ones created, not rolled` }];
  }
  const spec = o.doc.spec?.template?.spec;
  const gpus = gpusPerPod(spec);
  if (input.type === 'added' && gpus > 0) {
    const range = isKnativeService(o)
      ? `${o.doc.spec?.template?.metadata?.annotations?.['autoscaling.knative.dev/min-scale'] ?? 0}..${o.doc.spec?.template?.metadata?.annotations?.['autoscaling.knative.dev/max-scale'] ?? 'unbounded'}`
      : (({ min, max }) => `${min}..${max}`)(replicaRange(ctx, o));
    return [{ rule: 'pod-restart', text: `new GPU workload: ${range} replicas of ${gpus} GPU each; ${coldStartText(ctx, o)}` }];
  }
  if ((input.type !== 'changed' && input.type !== 'moved') || !touched(input.fields, 'spec.template')) return [];
  if (isKnativeService(o)) {
    const ann = o.doc.spec?.template?.metadata?.annotations ?? {};
    const min = Number(ann['autoscaling.knative.dev/min-scale'] ?? 0);
    const max = ann['autoscaling.knative.dev/max-scale'];
    const initial = Number(ann['autoscaling.knative.dev/initial-scale'] ?? 1);
    const what = gpus > 0 ? `${plural(initial, 'GPU replica')} (${gpus} GPU each)` : plural(initial, 'replica');
    const start = initial > 0 ? `it starts ${what} and takes the traffic once ready` : 'it starts with no replicas (initial-scale 0) and takes the traffic at once: the next request cold-starts one';
    return [
      {
        rule: 'pod-restart',
        text: `new Knative revision: ${start}, then scales within ${min}..${max ?? 'unbounded'} while the old revision drains${gpus > 0 ? `; ${coldStartText(ctx, o)}` : ''}`,
      },
    ];
  }
  if (o.kind === 'DaemonSet') return [{ rule: 'pod-restart', text: `rolling restart of its pod on every node it runs on${gpus > 0 ? ` (${gpus} GPU each)` : ''}` }];
  const r = replicaRange(ctx, o);
  const count = r.min === r.max ? `${r.max}` : `up to ${r.max}`;
  if (o.doc.spec?.strategy?.type === 'Recreate') {
    return [{ rule: 'pod-restart', risk: gpus > 0 ? 'capacity' : undefined, text: `all ${count} replica${r.max === 1 ? '' : 's'} stop before new ones start (strategy Recreate)${gpus > 0 ? `; ${coldStartText(ctx, o)}` : ''}` }];
  }
  if (gpus === 0) return [{ rule: 'pod-restart', text: `rolling restart of ${count} replica${r.max === 1 ? '' : 's'} (no GPUs; ${r.by})` }];
  return [
    {
      rule: 'pod-restart',
      text: `rolling restart of ${count} GPU replica${r.max === 1 ? '' : 's'} (${gpus} GPU each; ${r.min}..${r.max} by ${r.by}); ${coldStartText(ctx, o)}`,
    },
  ];
}

// --- Karpenter ------------------------------------------------------------------------------

const isNodePool = (o: RenderedObject | undefined) => o?.kind === 'NodePool' && o.apiVersion.startsWith('karpenter.sh/');
const isNodeClass = (o: RenderedObject | undefined) => o?.kind === 'EC2NodeClass' && o.apiVersion.startsWith('karpenter.k8s.aws/');

function poolsUsing(ctx: RuleContext, nodeClass: string): RenderedObject[] {
  return objectsOf(ctx.head, 'NodePool').filter((p) => p.doc.spec?.template?.spec?.nodeClassRef?.name === nodeClass);
}

function karpenter(input: RuleInput, ctx: RuleContext): Consequence[] {
  const { before, after } = input;
  if (input.type === 'removed' && isNodePool(before)) {
    return [{ rule: 'karpenter-drift', risk: 'capacity', text: `pool ${before!.name} removed: Karpenter deletes all its nodes (NodeClaims are owned by the pool; disruption budgets do not apply)` }];
  }
  if (input.type === 'removed' && isNodeClass(before)) {
    const users = poolsUsing(ctx, before!.name);
    return [{ rule: 'karpenter-drift', risk: 'capacity', text: users.length ? `EC2NodeClass ${before!.name} removed while pools ${list(users.map((p) => p.name))} still use it: they cannot launch nodes` : `EC2NodeClass ${before!.name} removed (no pool uses it)` }];
  }
  if (input.type === 'renamed' && isNodePool(after)) {
    return [{ rule: 'karpenter-drift', risk: 'capacity', text: `pool renamed from ${before!.name}: Karpenter deletes every node of ${before!.name} and launches new ones for ${after!.name} as pods need them` }];
  }
  if (input.type !== 'changed' && input.type !== 'moved') return [];
  if (isNodePool(after)) {
    const d = nodePoolDrift(before!.doc, after!.doc, input.fields);
    const out: Consequence[] = [];
    if (d.replaces === 'none') out.push({ rule: 'karpenter-drift', text: `no drift: existing nodes stay (${d.why})` });
    else {
      const whose = d.replaces === 'all' ? `every node of pool ${after!.name}` : `the nodes of pool ${after!.name} that no longer fit`;
      out.push({ rule: 'karpenter-drift', text: `Karpenter replaces ${whose} (${d.why}): ${drainPace(after!.doc)}` });
    }
    return out;
  }
  if (isNodeClass(after)) {
    const d = nodeClassDrift(input.fields);
    const pools = poolsUsing(ctx, after!.name);
    if (d.replaces === 'none') return [{ rule: 'karpenter-drift', text: `no drift: existing nodes stay (${d.why})` }];
    const pace = pools.map((p) => `${p.name}: ${drainPace(p.doc)}`).join('; ');
    const whose = `${d.replaces === 'all' ? 'every node' : 'affected nodes'} of ${pools.length ? `pool${pools.length === 1 ? '' : 's'} ${list(pools.map((p) => p.name))}` : 'no pool (none uses it)'}`;
    return [{ rule: 'karpenter-drift', text: `Karpenter replaces ${whose} (${d.why})${pace ? `; ${pace}` : ''}` }];
  }
  return [];
}

// --- Kyverno --------------------------------------------------------------------------------

const isKyvernoPolicy = (o: RenderedObject | undefined) => !!o && (o.kind === 'ClusterPolicy' || o.kind === 'Policy') && o.apiVersion.startsWith('kyverno.io/');

/** rule name -> Audit/Enforce (a rule's own failureAction, else the deprecated policy-wide one, else Audit). */
function ruleModes(doc: any): Map<string, string> {
  const policyWide = doc?.spec?.validationFailureAction;
  return new Map(
    (doc?.spec?.rules ?? [])
      .filter((r: any) => r?.validate)
      .map((r: any) => [r.name, String(r.validate.failureAction ?? policyWide ?? 'Audit').replace(/^(audit|enforce)$/, (m: string) => m[0].toUpperCase() + m.slice(1))]),
  );
}

function kyverno(input: RuleInput): Consequence[] {
  const { before, after } = input;
  if (!isKyvernoPolicy(before) && !isKyvernoPolicy(after)) return [];
  const old = ruleModes(before?.doc);
  const now = ruleModes(after?.doc);
  const enforced = [...now].filter(([n, m]) => m === 'Enforce' && old.get(n) !== 'Enforce').map(([n]) => n);
  const relaxed = [...old].filter(([n, m]) => m === 'Enforce' && now.get(n) !== 'Enforce').map(([n]) => n);
  const name = (after ?? before)!.name;
  const rules = (xs: string[]) => `rule${xs.length === 1 ? '' : 's'} ${list(xs)}`;
  const out: Consequence[] = [];
  if (enforced.length) {
    const from = input.type === 'added' ? 'new Enforce policy' : 'Audit -> Enforce';
    out.push({ rule: 'kyverno-mode', text: `${from}: ${rules(enforced)} start${enforced.length === 1 ? 's' : ''} blocking: Pods that violate ${enforced.length === 1 ? 'it' : 'them'} are refused at admission (running Pods stay; background scans report them)` });
  }
  if (relaxed.length) {
    const why = input.type === 'removed' || !now.size ? 'policy removed' : 'Enforce -> Audit';
    out.push({ rule: 'kyverno-mode', risk: 'exposure', text: `${why}: ${rules(relaxed)} of ${name} stop${relaxed.length === 1 ? 's' : ''} blocking${why === 'policy removed' ? '' : '; violations are only reported'}` });
  }
  // Kyverno 1.13+: spec.webhookConfiguration.failurePolicy; spec.failurePolicy before (deprecated). Default Fail.
  const failure = (d: any): string => d?.spec?.webhookConfiguration?.failurePolicy ?? d?.spec?.failurePolicy ?? 'Fail';
  if (before && after && failure(before.doc) !== failure(after.doc)) {
    const now = failure(after.doc);
    out.push({ rule: 'kyverno-mode', text: `webhook failurePolicy ${failure(before.doc)} -> ${now}: ${now === 'Fail' ? 'a Kyverno outage blocks the resources it checks' : 'during a Kyverno outage resources are admitted unchecked'}` });
  }
  return out;
}

// --- quotas, pool limits, replica bounds -----------------------------------------------------

function numericChanges(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined, unit: (k: string) => 'count' | 'GiB') {
  const keys = [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])].sort();
  return keys
    .filter((k) => !sameValue(a?.[k], b?.[k]))
    .map((k) => {
      const x = quantity(a?.[k], unit(k));
      const y = quantity(b?.[k], unit(k));
      const down = b?.[k] === undefined ? false : a?.[k] === undefined ? true : x !== undefined && y !== undefined && y < x;
      return { key: k, from: a?.[k] === undefined ? 'none' : String(a[k]), to: b?.[k] === undefined ? 'none' : String(b[k]), down };
    });
}

const memUnit = (k: string): 'count' | 'GiB' => (/memory|storage/.test(k) ? 'GiB' : 'count');

function limits(input: RuleInput): Consequence[] {
  const { before, after } = input;
  if (input.type !== 'changed' && input.type !== 'moved') return [];
  const out: Consequence[] = [];
  if (after!.kind === 'ResourceQuota') {
    const ch = numericChanges(before!.doc.spec?.hard, after!.doc.spec?.hard, memUnit);
    const down = ch.filter((c) => c.down);
    const up = ch.filter((c) => !c.down);
    const where = `${after!.namespace}/${after!.name}`;
    if (down.length) out.push({ rule: 'quota-limit', risk: 'capacity', text: `quota ${where} lowered: ${down.map((c) => `${c.key} ${c.from} -> ${c.to}`).join(', ')}; new pods beyond it are refused (running pods stay)` });
    if (up.length) out.push({ rule: 'quota-limit', text: `quota ${where}: ${up.map((c) => `${c.key} ${c.from} -> ${c.to}`).join(', ')}` });
  }
  if (isNodePool(after) && touched(input.fields, 'spec.limits')) {
    const ch = numericChanges(before!.doc.spec?.limits, after!.doc.spec?.limits, memUnit);
    const down = ch.filter((c) => c.down);
    const nodes = [maxNodes(before!.doc), maxNodes(after!.doc)];
    const fit = nodes[0] !== undefined && nodes[1] !== undefined && nodes[0] !== nodes[1] ? `; up to ${nodes[0]} -> ${nodes[1]} nodes` : '';
    const text = `pool ${after!.name} limits: ${ch.map((c) => `${c.key} ${c.from} -> ${c.to}`).join(', ')}${fit}; Karpenter launches no node beyond them (running nodes stay; no drift)`;
    out.push(down.length ? { rule: 'quota-limit', risk: 'capacity', text } : { rule: 'quota-limit', text });
  }
  if (isNodePool(after) && touched(input.fields, 'spec.template.spec.requirements')) {
    const old = new Map<string, any>((before!.doc.spec?.template?.spec?.requirements ?? []).map((r: any) => [r.key, r]));
    const gone = (after!.doc.spec?.template?.spec?.requirements ?? []).flatMap((r: any) => {
      const o = old.get(r.key);
      if (!o || o.operator !== 'In' || r.operator !== 'In') return [];
      const lost = (o.values ?? []).filter((v: string) => !(r.values ?? []).includes(v));
      return lost.length ? [`${r.key}: ${lost.join(', ')}`] : [];
    });
    if (gone.length) out.push({ rule: 'capacity', risk: 'capacity', text: `pool ${after!.name} can no longer launch ${gone.join('; ')}` });
  }
  if (after!.kind === 'ScaledObject') {
    const [a, b] = [before!.doc.spec ?? {}, after!.doc.spec ?? {}];
    if (a.maxReplicaCount !== b.maxReplicaCount) {
      const text = `max replicas of ${b.scaleTargetRef?.name ?? after!.name} ${a.maxReplicaCount ?? 100} -> ${b.maxReplicaCount ?? 100}`;
      out.push((b.maxReplicaCount ?? 100) < (a.maxReplicaCount ?? 100) ? { rule: 'quota-limit', risk: 'capacity', text } : { rule: 'quota-limit', text });
    }
    if (a.minReplicaCount !== b.minReplicaCount) out.push({ rule: 'quota-limit', text: `min replicas of ${b.scaleTargetRef?.name ?? after!.name} ${a.minReplicaCount ?? 0} -> ${b.minReplicaCount ?? 0}${(b.minReplicaCount ?? 0) > 0 ? ' (GPU pods stay up while idle)' : ''}` });
  }
  if (isKnativeService(after)) {
    const ann = (o: RenderedObject) => o.doc.spec?.template?.metadata?.annotations ?? {};
    const [a, b] = [ann(before!), ann(after!)];
    const max = ['autoscaling.knative.dev/max-scale'].map((k) => [a[k], b[k]])[0];
    if (max[0] !== max[1]) {
      const down = max[1] !== undefined && (max[0] === undefined || Number(max[1]) < Number(max[0]));
      const text = `max scale of ${after!.name} ${max[0] ?? 'unbounded'} -> ${max[1] ?? 'unbounded'}`;
      out.push(down ? { rule: 'quota-limit', risk: 'capacity', text } : { rule: 'quota-limit', text });
    }
    const min = [a['autoscaling.knative.dev/min-scale'], b['autoscaling.knative.dev/min-scale']];
    if (min[0] !== min[1]) out.push({ rule: 'quota-limit', text: `min scale of ${after!.name} ${min[0] ?? 0} -> ${min[1] ?? 0}${Number(min[1] ?? 0) > 0 ? ' (GPU pods stay up while idle)' : ''}` });
  }
  if (after!.kind === 'LimitRange') out.push({ rule: 'quota-limit', text: `container defaults in ${after!.namespace} change: containers without their own requests/limits get the new ones when their pods are next created` });
  return out;
}

// --- Argo CD --------------------------------------------------------------------------------

const isArgo = (o: RenderedObject | undefined, kind: string) => o?.kind === kind && o.apiVersion.startsWith('argoproj.io/');

function syncPolicy(prefix: string, a: any, b: any, what: string): Consequence[] {
  if (sameValue(a, b)) return [];
  const out: string[] = [];
  const risk: Risk[] = [];
  if (a?.automated && !b?.automated) out.push(`auto-sync off for ${what}: merged changes stay unapplied until someone syncs`);
  if (!a?.automated && b?.automated) out.push(`auto-sync on for ${what}`);
  if (a?.automated && b?.automated) {
    if (a.automated.prune && !b.automated.prune) out.push(`prune off for ${what}: objects removed from git stay in the cluster`);
    if (!a.automated.prune && b.automated.prune) {
      out.push(`prune on for ${what}: objects no longer in git are deleted`);
      risk.push('capacity');
    }
    if (a.automated.selfHeal && !b.automated.selfHeal) out.push(`self-heal off for ${what}: manual edits in the cluster are no longer reverted`);
    if (!a.automated.selfHeal && b.automated.selfHeal) out.push(`self-heal on for ${what}`);
  }
  if (!sameValue(a?.retry, b?.retry)) out.push(`retry for ${what}: ${JSON.stringify(a?.retry ?? null)} -> ${JSON.stringify(b?.retry ?? null)}`);
  if (!sameValue(a?.syncOptions, b?.syncOptions)) {
    const sa: string[] = a?.syncOptions ?? [];
    const sb: string[] = b?.syncOptions ?? [];
    const d = [...sb.filter((x) => !sa.includes(x)).map((x) => `+${x}`), ...sa.filter((x) => !sb.includes(x)).map((x) => `-${x}`)];
    out.push(`sync options for ${what}: ${d.join(', ')}`);
  }
  if (out.length === 0) out.push(`sync policy of ${what} changes (${prefix})`);
  return out.map((text) => ({ rule: 'argocd' as const, text, risk: risk.length ? risk[0] : undefined }));
}

function elementsOf(doc: any): Map<string, any> {
  const out = new Map<string, any>();
  for (const g of doc?.spec?.generators ?? []) for (const e of g?.list?.elements ?? []) out.set(String(e.name ?? JSON.stringify(e)), e);
  return out;
}

function argocd(input: RuleInput): Consequence[] {
  const { before, after } = input;
  const o = after ?? before!;
  const out: Consequence[] = [];
  if (isArgo(o, 'ApplicationSet')) {
    const [ea, eb] = [elementsOf(before?.doc), elementsOf(after?.doc)];
    const preserve = (after ?? before)!.doc.spec?.syncPolicy?.preserveResourcesOnDeletion === true;
    const added = [...eb.keys()].filter((k) => !ea.has(k));
    const removed = [...ea.keys()].filter((k) => !eb.has(k));
    if (input.type === 'removed') {
      out.push({ rule: 'argocd', risk: preserve ? undefined : 'capacity', text: `ApplicationSet ${o.name} removed: its Applications ${list([...ea.keys()])} are deleted${preserve ? ' (their resources stay: preserveResourcesOnDeletion)' : ' with their resources'}` });
      return out;
    }
    if (added.length) out.push({ rule: 'argocd', text: `Argo CD creates Application${added.length === 1 ? '' : 's'} ${list(added)} (${o.name})` });
    if (removed.length && input.type !== 'added') {
      out.push({ rule: 'argocd', risk: preserve ? undefined : 'capacity', text: `Application${removed.length === 1 ? '' : 's'} ${list(removed)} deleted${preserve ? ': their resources stay in the cluster, no longer managed (preserveResourcesOnDeletion)' : ' with their resources'}` });
    }
    for (const k of [...eb.keys()].filter((x) => ea.has(x))) {
      const d = Object.keys({ ...ea.get(k), ...eb.get(k) }).filter((f) => !sameValue(ea.get(k)[f], eb.get(k)[f]) && f !== 'version');
      if (d.length) out.push({ rule: 'argocd', text: `Application ${k}: ${d.map((f) => `${f} ${ea.get(k)[f] ?? 'none'} -> ${eb.get(k)[f] ?? 'none'}`).join(', ')}` });
    }
    if (before && after) {
      const template = input.fields.filter((f) => under(f.path, 'spec.template') && !under(f.path, 'spec.template.spec.syncPolicy'));
      if (template.length) out.push({ rule: 'argocd', text: `every Application of ${o.name} (${list([...eb.keys()])}) changes: ${list(template.map((f) => f.path.replace(/^spec\.template\./, '')), 3)}` });
      out.push(...syncPolicy('spec.template.spec.syncPolicy', before.doc.spec?.template?.spec?.syncPolicy, after.doc.spec?.template?.spec?.syncPolicy, `the Applications of ${o.name}`));
      if (!sameValue(before.doc.spec?.syncPolicy, after.doc.spec?.syncPolicy)) out.push({ rule: 'argocd', text: `ApplicationSet ${o.name} sync policy: ${JSON.stringify(before.doc.spec?.syncPolicy ?? null)} -> ${JSON.stringify(after.doc.spec?.syncPolicy ?? null)}` });
    }
    return out;
  }
  if (isArgo(o, 'Application') && before && after) {
    out.push(...syncPolicy('spec.syncPolicy', before.doc.spec?.syncPolicy, after.doc.spec?.syncPolicy, `Application ${o.name}`));
    const [sa, sb] = [before.doc.spec?.source ?? {}, after.doc.spec?.source ?? {}];
    if (sa.targetRevision !== sb.targetRevision) out.push({ rule: 'argocd', text: `Application ${o.name} now tracks ${sb.targetRevision} (was ${sa.targetRevision})` });
    if (sa.path !== sb.path || sa.repoURL !== sb.repoURL) out.push({ rule: 'argocd', text: `Application ${o.name} now syncs ${sb.repoURL} ${sb.path} (was ${sa.repoURL} ${sa.path})` });
    return out;
  }
  if (isArgo(o, 'AppProject') && before && after) {
    const wider: string[] = [];
    for (const key of ['sourceRepos', 'destinations', 'clusterResourceWhitelist', 'namespaceResourceWhitelist']) {
      const a: unknown[] = before.doc.spec?.[key] ?? [];
      const b: unknown[] = after.doc.spec?.[key] ?? [];
      const extra = b.filter((x) => !a.some((y) => sameValue(x, y)));
      if (extra.length) wider.push(`${key} +${extra.map((x) => (typeof x === 'string' ? x : Object.values(x as object).join('/'))).join(', +')}`);
    }
    const blacklist = ['clusterResourceBlacklist', 'namespaceResourceBlacklist'].filter((k) => ((before.doc.spec?.[k] ?? []) as unknown[]).length > ((after.doc.spec?.[k] ?? []) as unknown[]).length);
    if (blacklist.length) wider.push(`fewer entries in ${blacklist.join(', ')}`);
    if (wider.length) out.push({ rule: 'argocd', risk: 'exposure', text: `AppProject ${o.name} allows more: ${wider.join('; ')}` });
  }
  return out;
}

// --- Helm charts ----------------------------------------------------------------------------

function helm(input: RuleInput): Consequence[] {
  const { before, after } = input;
  const o = after ?? before!;
  if (o.kind !== HELM_VALUES) return [];
  const byHand = o.app === 'argocd';
  const [a, b] = [before?.chart, after?.chart];
  const out: Consequence[] = [];
  if (input.type === 'removed') return [{ rule: 'chart-version', risk: 'capacity', text: `chart ${o.name} ${a?.version ?? ''} removed: Argo CD deletes its Application and the chart's objects` }];
  if (input.type === 'added') return [{ rule: 'chart-version', text: `new chart ${o.name} ${b?.version ?? ''}${b?.repoURL ? ` from ${b.repoURL}` : ''}` }];
  if (a && b && a.version !== b.version) {
    out.push({
      rule: 'chart-version',
      text: byHand
        ? `Helm chart ${b.chart} ${a.version} -> ${b.version}: installed by hand, not by Argo CD: re-run the README's \`helm upgrade\` with --version ${b.version}`
        : `Helm chart ${b.chart} ${a.version} -> ${b.version}: Argo CD renders the new chart (its CRDs first, server-side apply); read the chart's upgrade notes`,
    });
  }
  const values = input.fields.filter((f) => !f.path.startsWith('(chart)'));
  if (values.length) {
    out.push({ rule: 'helm-values', text: `${byHand ? 'Argo CD values (applied by the next manual helm upgrade)' : `values of ${o.name}`}: ${plural(values.length, 'field')} change; chart pods whose templates use them restart` });
  }
  return out;
}

// --- exposure -------------------------------------------------------------------------------

const PSS_LEVEL: Record<string, number> = { restricted: 0, baseline: 1, privileged: 2 };
const enforceLevel = (doc: any): string => doc?.metadata?.labels?.['pod-security.kubernetes.io/enforce'] ?? 'privileged';

function peers(rule: any, dir: 'from' | 'to'): string {
  const ps: any[] = rule?.[dir] ?? [];
  const desc = ps.length === 0 ? ['anywhere'] : ps.map((p) => {
    if (p.ipBlock) return `${p.ipBlock.cidr}${p.ipBlock.except?.length ? ` except ${p.ipBlock.except.join(', ')}` : ''}`;
    const ns = p.namespaceSelector ? (Object.keys(p.namespaceSelector).length === 0 ? 'every namespace' : `namespaces ${JSON.stringify(p.namespaceSelector.matchLabels ?? p.namespaceSelector)}`) : '';
    const pod = p.podSelector ? (Object.keys(p.podSelector).length === 0 ? 'all pods' : `pods ${JSON.stringify(p.podSelector.matchLabels ?? p.podSelector)}`) : '';
    return [pod, ns].filter(Boolean).join(' in ') || 'anything';
  });
  const ports = (rule?.ports ?? []).map((p: any) => `${p.port ?? 'any'}/${p.protocol ?? 'TCP'}`);
  return `${desc.join(', ')}${ports.length ? ` on ${ports.join(', ')}` : ' on every port'}`;
}

function netpolRules(doc: any): string[] {
  const sel = JSON.stringify(doc?.spec?.podSelector?.matchLabels ?? doc?.spec?.podSelector ?? {});
  const target = `${sel === '{}' ? 'every pod' : `pods ${sel}`} in ${doc?.metadata?.namespace ?? 'its namespace'}`;
  return [
    ...(doc?.spec?.ingress ?? []).map((r: any) => `ingress to ${target} from ${peers(r, 'from')}`),
    ...(doc?.spec?.egress ?? []).map((r: any) => `egress from ${target} to ${peers(r, 'to')}`),
  ];
}

function exposure(input: RuleInput): Consequence[] {
  const { before, after } = input;
  const o = after ?? before!;
  const out: Consequence[] = [];
  const where = `${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
  if (o.kind === 'NetworkPolicy') {
    const a = before ? netpolRules(before.doc) : [];
    const b = after ? netpolRules(after.doc) : [];
    const added = b.filter((r) => !a.includes(r));
    if (added.length && input.type !== 'removed') out.push({ rule: 'exposure', risk: 'exposure', text: `${input.type === 'added' ? 'new allow' : 'allows more'}: ${list(added, 3)}` });
    if (input.type === 'removed' && a.length === 0) out.push({ rule: 'exposure', risk: 'exposure', text: `deny-all NetworkPolicy ${where} removed: traffic it blocked is allowed unless another policy selects the pods` });
    else if (input.type === 'removed') out.push({ rule: 'exposure', text: `allows removed with ${where}: ${list(a, 2)}` });
    return out;
  }
  if (o.kind === 'Namespace') {
    const [a, b] = [before ? enforceLevel(before.doc) : undefined, after ? enforceLevel(after.doc) : undefined];
    const reason = after?.doc.metadata?.annotations?.['platform.gpu-inference.io/pod-security-reason'];
    if (b && (a === undefined ? b !== 'restricted' : PSS_LEVEL[b] > PSS_LEVEL[a])) {
      out.push({ rule: 'exposure', risk: 'exposure', text: `${a === undefined ? `new ${b} namespace` : `Pod Security enforce ${a} -> ${b}`} ${o.name}${reason ? ` (${reason})` : ''}` });
    }
    if (input.type === 'removed') out.push({ rule: 'capacity', risk: 'capacity', text: `namespace ${o.name} removed: everything in it is deleted` });
    return out;
  }
  if (o.kind === 'Service' && o.apiVersion === 'v1') {
    const type = (d: any) => d?.spec?.type ?? 'ClusterIP';
    const internal = (d: any) => d?.metadata?.annotations?.['service.beta.kubernetes.io/aws-load-balancer-internal'] === 'true';
    const open = (d: any) => (type(d) === 'LoadBalancer' ? (internal(d) ? 'an internal load balancer' : 'an internet-facing load balancer') : type(d) === 'NodePort' ? 'a port on every node' : undefined);
    const [a, b] = [before && open(before.doc), after && open(after.doc)];
    if (b && a !== b) out.push({ rule: 'exposure', risk: 'exposure', text: `Service ${where} ${a ? `moves from ${a} to` : 'is exposed through'} ${b}` });
    else if (b && before && after) {
      const ports = (d: any) => (d.spec?.ports ?? []).map((p: any) => `${p.port}/${p.protocol ?? 'TCP'}`);
      const extra = ports(after.doc).filter((p: string) => !ports(before.doc).includes(p));
      if (extra.length) out.push({ rule: 'exposure', risk: 'exposure', text: `Service ${where} opens ${extra.join(', ')} on ${b}` });
    }
    return out;
  }
  if (isKnativeService(o) && after) {
    const local = (d: any) => d?.metadata?.labels?.['networking.knative.dev/visibility'] === 'cluster-local';
    if (!local(after.doc) && (!before || local(before.doc))) out.push({ rule: 'exposure', risk: 'exposure', text: `Knative Service ${where} is no longer cluster-local: reachable through the ingress gateway` });
    return out;
  }
  if (o.kind === 'DomainMapping' && input.type === 'added') out.push({ rule: 'exposure', risk: 'exposure', text: `publishes host ${o.name} for ${after!.doc.spec?.ref?.name ?? '?'} through the ingress gateway` });
  if (o.kind === 'DomainMapping' && input.type === 'removed') out.push({ rule: 'exposure', text: `host ${o.name} no longer published` });
  return out;
}

// --- removed workloads and identity ---------------------------------------------------------

function identity(input: RuleInput): Consequence[] {
  const { before, after } = input;
  if (input.type === 'removed' && before && (WORKLOAD_KINDS.has(before.kind) || isKnativeService(before))) {
    return [{ rule: 'capacity', risk: 'capacity', text: `workload ${before.name} removed: Argo CD prunes it and all its pods` }];
  }
  if (input.type === 'removed' && before?.kind === 'ScaledObject') return [{ rule: 'capacity', text: `KEDA stops scaling ${before.doc.spec?.scaleTargetRef?.name ?? before.name}: it stays at its current replicas` }];
  if (input.type === 'moved') {
    return [{ rule: 'identity', text: `moves from Application ${before!.app} to ${after!.app}: ${before!.app} prunes it while ${after!.app} creates it, so depending on sync order it can be deleted and re-created` }];
  }
  if (input.type === 'renamed' && !WORKLOAD_KINDS.has(after!.kind) && !isKnativeService(after) && !isNodePool(after)) {
    return [{ rule: 'identity', text: `renamed from ${describeObject(before!)}: the old object is deleted and a new one created (names cannot change)` }];
  }
  return [];
}

const RULES = [podTemplate, karpenter, kyverno, limits, argocd, helm, exposure, identity];

/** Every consequence of one change. */
export function consequences(input: RuleInput, ctx: RuleContext): Consequence[] {
  return RULES.flatMap((rule) => rule(input, ctx));
}

