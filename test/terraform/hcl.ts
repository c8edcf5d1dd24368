/**
 * Reads terraform/ as data (no terraform binary here): every .tf and .tfbackend file is
 * parsed once with @cdktf/hcl2json, and the helpers below compare it with src/config.
 * Each compare* function returns one readable message per mismatch (empty when they agree),
 * so a test can both assert agreement and prove that a disagreement is reported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { mirroredRegistries } from '../../src/charts/karpenter-nodes';
import { ecrRepositories } from '../../src/config/derived/ecr';
import { autoRepairOf } from '../../src/config/derived/node-repair';
import type { EnvironmentConfig, ManagedNodeGroupConfig, PodIdentityBinding, TaintConfig } from '../../src/config/types';
import { platformVersions } from '../../src/config/versions';
import { containerdHostsToml } from '../../src/constructs/karpenter/registry-mirror';

export const TF_DIR = path.resolve(__dirname, '../../terraform');

/** Parsed JSON form of HCL: blocks are objects of arrays, expressions are "${...}" strings. */
export type Json = any;
/** Parsed files by path relative to terraform/, e.g. `eks.tf`, `generated/prod/backend.s3.tfbackend`. */
export type TfFiles = Map<string, Json>;

/** Parses every .tf and .tfbackend file under terraform/ (each once). */
export async function loadTerraform(dir = TF_DIR): Promise<TfFiles> {
  const files: TfFiles = new Map();
  const walk = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
      if (e.name.startsWith('.')) return []; // .terraform/ working data
      const p = path.join(d, e.name);
      return e.isDirectory() ? walk(p) : /\.(tf|tfbackend)$/.test(e.name) ? [p] : [];
    });
  for (const p of walk(dir).sort()) {
    files.set(path.relative(dir, p).split(path.sep).join('/'), await parse(p, fs.readFileSync(p, 'utf8')));
  }
  return files;
}

/** The .tf files only (the configuration Terraform evaluates). */
export function tfOnly(files: TfFiles): [string, Json][] {
  return [...files].filter(([f]) => f.endsWith('.tf'));
}

/** Every block of a kind (`module`, `output`, `variable`, ...) across the .tf files, by name. */
export function blocks(files: TfFiles, kind: string): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [file, json] of tfOnly(files)) {
    for (const [name, bodies] of Object.entries(json[kind] ?? {})) {
      if (name in out) throw new Error(`${kind} "${name}" is declared twice (second in ${file})`);
      out[name] = (bodies as Json[])[0];
    }
  }
  return out;
}

/** A resource or data source body: `resource('aws_iam_role', 'ebs_csi')`. */
export function resourceOf(files: TfFiles, kind: 'resource' | 'data', type: string, name: string): Json {
  for (const [, json] of tfOnly(files)) {
    const body = json[kind]?.[type]?.[name];
    if (body) return body[0];
  }
  throw new Error(`${kind} ${type}.${name} not found in terraform/`);
}

/** All `locals` blocks merged. */
export function locals(files: TfFiles): Record<string, Json> {
  return Object.assign({}, ...tfOnly(files).flatMap(([, json]) => (json.locals ?? []) as Json[]));
}

/**
 * The variables Terraform sees for one environment: `generated/<env>/platform.tfvars.json`, as
 * `npm run synth` wrote it (the only -var-file; see terraform/README.md).
 */
export function tfvarsOf(env: string): Json {
  const generatedFile = path.join(TF_DIR, 'generated', env, 'platform.tfvars.json');
  if (!fs.existsSync(generatedFile)) throw new Error(`terraform/generated/${env}/platform.tfvars.json is missing: run npm run synth`);
  return JSON.parse(fs.readFileSync(generatedFile, 'utf8')) as Json;
}

/**
 * Evaluates a string template whose only interpolations are `${var.a.b}` against tfvars, e.g.
 * the registry host output. Anything else (module outputs, functions) cannot be evaluated
 * without Terraform and is an error, so a changed expression never passes by accident.
 */
export function evalTemplate(template: string, tfvars: Json): string {
  return template.replace(/\$\{([^}]*)\}/g, (_m, expr: string) => {
    const ref = /^var\.([A-Za-z0-9_.]+)$/.exec(expr.trim());
    if (!ref) throw new Error(`cannot evaluate \${${expr}} in "${template}" from tfvars alone`);
    let v: Json = tfvars;
    for (const k of ref[1].split('.')) v = v?.[k];
    if (typeof v !== 'string') throw new Error(`var.${ref[1]} is not a string in tfvars (used in "${template}")`);
    return v;
  });
}

const show = (v: unknown): string => JSON.stringify(v);
const sortKeys = (m: Readonly<Record<string, string>> | undefined): string =>
  show(Object.entries(m ?? {}).sort(([a], [b]) => a.localeCompare(b)));

/** Taint effects: Kubernetes (src/config) -> EKS node group API (tfvars). */
export const EKS_TAINT_EFFECT: Readonly<Record<TaintConfig['effect'], string>> = {
  NoSchedule: 'NO_SCHEDULE',
  NoExecute: 'NO_EXECUTE',
  PreferNoSchedule: 'PREFER_NO_SCHEDULE',
};
const eksTaint = (t: TaintConfig) => ({ key: t.key, value: t.value, effect: EKS_TAINT_EFFECT[t.effect] });
const sortTaints = (ts: readonly { key: string; value: string; effect: string }[] | undefined): string =>
  show([...(ts ?? [])].map((t) => ({ key: t.key, value: t.value, effect: t.effect })).sort((a, b) => `${a.key}:${a.effect}`.localeCompare(`${b.key}:${b.effect}`)));

/** Collects "tfvars <field> = x, but src/config <field> = y" messages. */
class Mismatches {
  readonly list: string[] = [];
  constructor(private readonly env: string) {}
  check(tfField: string, tfValue: unknown, configField: string, configValue: unknown): void {
    const a = typeof tfValue === 'string' ? tfValue : show(tfValue);
    const b = typeof configValue === 'string' ? configValue : show(configValue);
    if (a !== b) this.list.push(`${this.env}: tfvars ${tfField} = ${show(a)}, but src/config ${configField} = ${show(b)}`);
  }
}

/** Cluster identity and the AWS names the manifests use. */
export function compareClusterIdentity(tfvars: Json, env: EnvironmentConfig): string[] {
  const m = new Mismatches(env.name);
  m.check('environment', tfvars.environment, 'name', env.name);
  m.check('cluster_name', tfvars.cluster_name, 'cluster.name', env.cluster.name);
  m.check('region', tfvars.region, 'cluster.region', env.cluster.region);
  m.check('account_id', tfvars.account_id, 'cluster.accountId', env.cluster.accountId);
  m.check('karpenter_node_role_name', tfvars.karpenter_node_role_name, 'cluster.nodeRoleName', env.cluster.nodeRoleName);
  m.check('karpenter_interruption_queue_name', tfvars.karpenter_interruption_queue_name, 'cluster.interruptionQueueName', env.cluster.interruptionQueueName);
  m.check('kubernetes_version', tfvars.kubernetes_version, 'versions.ts platformVersions.kubernetes', platformVersions.kubernetes);
  return m.list;
}

/** GPU labels/taint and both managed node groups (taint effects translated to EKS form). */
export function compareNodes(tfvars: Json, env: EnvironmentConfig): string[] {
  const m = new Mismatches(env.name);
  m.check('gpu_node_labels', sortKeys(tfvars.gpu_node_labels), 'nodes.gpuNodeLabels', sortKeys(env.nodes.gpuNodeLabels));
  m.check('gpu_taint', sortTaints([tfvars.gpu_taint]), 'nodes.gpuTaint', sortTaints([eksTaint(env.nodes.gpuTaint)]));
  const groups: [string, string, ManagedNodeGroupConfig][] = [
    ['system_node_group', 'nodes.systemNodeGroup', env.nodes.systemNodeGroup],
    ['baseline_gpu_node_group', 'nodes.baselineGpuNodeGroup', env.nodes.baselineGpuNodeGroup],
  ];
  for (const [tf, cfg, g] of groups) {
    const t = tfvars[tf] ?? {};
    m.check(`${tf}.instance_type`, t.instance_type, `${cfg}.instanceType`, g.instanceType);
    m.check(`${tf}.desired_size`, t.desired_size, `${cfg}.desiredSize`, g.desiredSize);
    m.check(`${tf}.min_size`, t.min_size, `${cfg}.minSize`, g.minSize);
    m.check(`${tf}.max_size`, t.max_size, `${cfg}.maxSize`, g.maxSize);
    m.check(`${tf}.labels`, sortKeys(t.labels), `${cfg}.labels`, sortKeys(g.labels));
    m.check(`${tf}.taints`, sortTaints(t.taints), `${cfg}.taints (EKS effect names)`, sortTaints(g.taints.map(eksTaint)));
  }
  // EKS node auto repair: the GPU group only (the system group has no such field).
  const baseline = env.nodes.baselineGpuNodeGroup;
  m.check('baseline_gpu_node_group.auto_repair', tfvars.baseline_gpu_node_group?.auto_repair, 'nodes.baselineGpuNodeGroup.autoRepair', autoRepairOf(baseline));
  return m.list;
}

/** Namespace + service account of every Pod Identity association. */
export function comparePodIdentity(tfvars: Json, env: EnvironmentConfig): string[] {
  const m = new Mismatches(env.name);
  const pairs: [string, keyof EnvironmentConfig['podIdentity']][] = [
    ['karpenter', 'karpenter'],
    ['external_secrets', 'externalSecrets'],
    ['ebs_csi', 'ebsCsi'],
  ];
  for (const [tf, cfg] of pairs) {
    const b: PodIdentityBinding = env.podIdentity[cfg];
    m.check(`pod_identity.${tf}.namespace`, tfvars.pod_identity?.[tf]?.namespace, `podIdentity.${cfg}.namespace`, b.namespace);
    m.check(`pod_identity.${tf}.service_account`, tfvars.pod_identity?.[tf]?.service_account, `podIdentity.${cfg}.serviceAccount`, b.serviceAccount);
  }
  return m.list;
}

/**
 * The CIDRs the NetworkPolicies allow API-server and node traffic by (src/config
 * platform.network): the VPC and the Kubernetes Service range the cluster is created with.
 */
export function compareNetwork(tfvars: Json, env: EnvironmentConfig): string[] {
  const m = new Mismatches(env.name);
  m.check('vpc_cidr', tfvars.vpc_cidr, 'platform.network.vpcCidr', env.platform.network.vpcCidr);
  m.check('service_ipv4_cidr', tfvars.service_ipv4_cidr, 'platform.network.serviceCidr', env.platform.network.serviceCidr);
  const api = env.platform.network.apiPublicCidrs;
  m.check('endpoint_public_access_cidrs', tfvars.endpoint_public_access_cidrs, 'platform.network.apiPublicCidrs', api);
  m.check('endpoint_public_access', tfvars.endpoint_public_access, 'platform.network.apiPublicCidrs not empty', api.length > 0);
  m.check('flow_log_retention_days', tfvars.flow_log_retention_days, 'platform.network.flowLogRetentionDays', env.platform.network.flowLogRetentionDays);
  m.check('ecr_repositories', tfvars.ecr_repositories, 'workload images on cluster.registryHost', ecrRepositories(env));
  return m.list;
}

/** Outputs evaluated with this env's tfvars: the registry host and the discovery tag. */
export function compareOutputs(files: TfFiles, tfvars: Json, env: EnvironmentConfig): string[] {
  const out = blocks(files, 'output');
  const list: string[] = [];
  const check = (what: string, got: unknown, configField: string, want: unknown) => {
    if (show(got) !== show(want)) list.push(`${env.name}: output ${what} = ${show(got)}, but src/config ${configField} = ${show(want)}`);
  };
  check('ecr_registry_host', evalTemplate(out.ecr_registry_host?.value ?? '', tfvars), 'cluster.registryHost', env.cluster.registryHost);
  const tag = out.karpenter_discovery_tag?.value ?? {};
  check('karpenter_discovery_tag', { key: tag.key, value: evalTemplate(tag.value ?? '', tfvars) }, 'karpenter.sh/discovery = cluster.name', {
    key: 'karpenter.sh/discovery',
    value: env.cluster.name,
  });
  return list;
}

/**
 * Every place in the .tf files where `karpenter.sh/discovery` appears: as an object key (a tag)
 * or inside an expression (e.g. a tag written in merge(...)), as "file: block.path".
 */
export function discoveryTagPlaces(files: TfFiles): string[] {
  const places: string[] = [];
  const walk = (v: Json, at: string, file: string): void => {
    if (typeof v === 'string') {
      // Only expressions can tag something; plain strings (descriptions, messages) cannot.
      if (v.includes('karpenter.sh/discovery') && v.includes('${')) places.push(`${file}: ${at} (expression)`);
    } else if (Array.isArray(v)) {
      v.forEach((x) => walk(x, at, file)); // HCL block lists: the index adds nothing readable
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'karpenter.sh/discovery') places.push(`${file}: ${at} = ${show(x)}`);
        else walk(x, at ? `${at}.${k}` : k, file);
      }
    }
  };
  for (const [file, json] of tfOnly(files)) walk(json, '', file);
  return places.sort();
}

/**
 * Renders a Terraform template the way templatefile() does, for the subset used under
 * terraform/templates: `${name}` is replaced by vars[name], `$${` and `%%{` are the literal
 * `${` and `%{`. Directives (`%{ for }`, `%{ if }`) and any other expression are errors, so a
 * template this helper cannot render faithfully never passes by accident.
 */
export function renderTemplate(template: string, vars: Readonly<Record<string, string>>, name = 'template'): string {
  return template.replace(/\$\$\{|%%\{|%\{|\$\{([^}]*)\}/g, (m: string, expr: string | undefined) => {
    if (m === '$${') return '${';
    if (m === '%%{') return '%{';
    if (m === '%{') throw new Error(`${name}: template directives (%{ ... }) are not supported by this test's renderer`);
    const key = (expr ?? '').trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`${name}: cannot render \${${expr}}: only plain variable names are supported`);
    if (!(key in vars)) throw new Error(`${name}: \${${key}} is not among the templatefile() variables (${Object.keys(vars).join(', ')})`);
    return vars[key];
  });
}

/** Reads a file under terraform/ (relative path, `/`-separated). */
export const readTfFile = (rel: string): string => fs.readFileSync(path.join(TF_DIR, ...rel.split('/')), 'utf8');

/** `templatefile("${path.module}/<file>", local.<vars>)`, the only form a cloud-init part may use. */
const TEMPLATEFILE_CALL = /^\$\{templatefile\("\$\{path\.module\}\/([^"]+)", local\.([A-Za-z0-9_]+)\)\}$/;

/** One cloud-init part as Terraform would render it for an environment. */
export interface RenderedPart {
  readonly contentType: string | undefined;
  /** Template file under terraform/ (e.g. `templates/registry-mirror.sh.tftpl`). */
  readonly template: string;
  readonly content: string;
}

/**
 * The `cloudinit_pre_nodeadm` parts of a managed node group in local.node_groups, rendered
 * with this environment's tfvars: the template's variables come from a local whose values
 * are `${var...}` templates (evalTemplate).
 */
export function preNodeadmParts(files: TfFiles, group: string, tfvars: Json, readFile: (rel: string) => string = readTfFile): RenderedPart[] {
  const all = locals(files);
  const parts: Json[] = all.node_groups?.[group]?.cloudinit_pre_nodeadm ?? [];
  return parts.map((part) => {
    const call = TEMPLATEFILE_CALL.exec(String(part.content));
    if (!call) throw new Error(`node group ${group}: cloudinit_pre_nodeadm content must be templatefile("\${path.module}/...", local.<vars>), got ${show(part.content)}`);
    const [, template, localName] = call;
    const raw = all[localName];
    if (!raw || typeof raw !== 'object') throw new Error(`node group ${group}: local.${localName} (templatefile variables) is not a locals object`);
    const vars = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, evalTemplate(String(v), tfvars)]));
    return { contentType: part.content_type, template, content: renderTemplate(readFile(template), vars, template) };
  });
}

/** Files a boot script writes with a quoted heredoc, `cat > <path> <<'TAG'` ... `TAG`, by path. */
export function heredocFiles(script: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = script.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = /^cat > (\S+) <<'([A-Za-z_]+)'$/.exec(lines[i]);
    if (!start) continue;
    const end = lines.indexOf(start[2], i + 1);
    if (end < 0) throw new Error(`heredoc ${start[2]} writing ${start[1]} is not terminated`);
    out.set(start[1], lines.slice(i + 1, end).join('\n') + '\n'); // the heredoc ends every line with \n
    i = end;
  }
  return out;
}

const CERTS_D = /^\/etc\/containerd\/certs\.d\/([^/]+)\/hosts\.toml$/;

/**
 * The baseline GPU group's registry mirror against src: tfvars registry_mirror_endpoint =
 * nodes.registryMirror.endpoint, and its boot script writes exactly the hosts.toml files
 * Karpenter's node classes write: one per mirrored registry (src mirroredRegistries), each
 * equal to containerdHostsToml(registry, endpoint).
 */
export function compareRegistryMirror(files: TfFiles, tfvars: Json, env: EnvironmentConfig, readFile: (rel: string) => string = readTfFile): string[] {
  const m = new Mismatches(env.name);
  const endpoint = env.nodes.registryMirror.endpoint;
  m.check('registry_mirror_endpoint', tfvars.registry_mirror_endpoint, 'nodes.registryMirror.endpoint', endpoint);
  const list = m.list;

  const scripts = preNodeadmParts(files, 'baseline-gpu', tfvars, readFile).filter((p) => p.contentType === 'text/x-shellscript');
  if (scripts.length === 0) {
    list.push(`${env.name}: node group baseline-gpu has no text/x-shellscript cloudinit_pre_nodeadm part, so its containerd has no registry mirror`);
    return list;
  }
  const written = new Map<string, { template: string; toml: string }>();
  for (const s of scripts) {
    for (const [file, toml] of heredocFiles(s.content)) {
      const registry = CERTS_D.exec(file)?.[1];
      if (registry) written.set(registry, { template: s.template, toml });
    }
  }
  const wanted = mirroredRegistries(env);
  for (const registry of wanted) {
    const got = written.get(registry);
    if (!got) {
      list.push(`${env.name}: node group baseline-gpu writes no /etc/containerd/certs.d/${registry}/hosts.toml, but Karpenter nodes mirror ${registry} (src mirroredRegistries)`);
      continue;
    }
    const want = containerdHostsToml(registry, endpoint);
    if (got.toml === want) continue;
    const a = got.toml.split('\n');
    const b = want.split('\n');
    let line = 0;
    while (line < Math.max(a.length, b.length) && a[line] === b[line]) line++;
    list.push(
      `${env.name}: baseline-gpu hosts.toml for ${registry} (terraform/${got.template}) differs from src containerdHostsToml(${show(registry)}, ${show(endpoint)}) ` +
        `at line ${line + 1}: terraform ${show(a[line] ?? '<end of file>')}, src ${show(b[line] ?? '<end of file>')}`,
    );
  }
  for (const registry of written.keys()) {
    if (!wanted.includes(registry)) {
      list.push(`${env.name}: node group baseline-gpu writes /etc/containerd/certs.d/${registry}/hosts.toml, but Karpenter nodes do not mirror ${registry} (src mirroredRegistries)`);
    }
  }
  return list;
}
