/**
 * Cross-layer test: terraform/ (parsed as HCL, no terraform binary) against src/config.
 * The names the manifests rely on (cluster, region, account/registry host, node role,
 * interruption queue, discovery tag, Pod Identity bindings, GPU labels and taint, node groups)
 * must agree, and the Terraform wiring must actually use those tfvars.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { environments } from '../../src/config/environments';
import { clusterIdentity } from '../../src/config/environments/cluster';
import { INTERFACE_ENDPOINTS, KARPENTER_INTERFACE_ENDPOINTS } from '../../src/config/derived/idle-cost';
import { instanceTypes, networkPrices, pricing } from '../../src/config/instances';
import { budgetReport } from '../../src/report';
import type { EnvironmentConfig } from '../../src/config/types';
import { al2023UserData, containerdHostsToml } from '../../src/constructs/karpenter/registry-mirror';
import { terraformVars } from '../../src/terraform/tfvars';
import { fixtureEnvironment } from '../fixtures/environment';
import {
  type Json,
  type TfFiles,
  TF_DIR,
  blocks,
  compareClusterIdentity,
  compareNetwork,
  compareNodes,
  compareOutputs,
  comparePodIdentity,
  compareRegistryMirror,
  discoveryTagPlaces,
  evalTemplate,
  heredocFiles,
  loadTerraform,
  locals,
  preNodeadmParts,
  readTfFile,
  renderTemplate,
  resourceOf,
  tfvarsOf,
} from './hcl';

/** AWS us-east-1 list prices that are not in the instance catalogue (README states them too). */
const KARPENTER_OPTIONAL_ENDPOINTS = KARPENTER_INTERFACE_ENDPOINTS.length;

/** The only places allowed to carry karpenter.sh/discovery: private subnets + node security group. */
const ALLOWED_DISCOVERY_PLACES = [
  'eks.tf: module.eks.node_security_group_tags = "${var.cluster_name}"',
  'variables.tf: variable.tags.validation.condition (expression)', // the check that var.tags lacks it
  'vpc.tf: module.vpc.private_subnet_tags = "${var.cluster_name}"',
];

/** The baseline GPU group's boot script (terraform/templates, rendered by templatefile()). */
const REGISTRY_MIRROR_TEMPLATE = 'templates/registry-mirror.sh.tftpl';
const REGISTRY_MIRROR_PART = {
  content_type: 'text/x-shellscript',
  content: `\${templatefile("\${path.module}/${REGISTRY_MIRROR_TEMPLATE}", local.registry_mirror)}`,
};

/** The text/x-shellscript part of a MIME multi-part user data document. */
function shellPartOf(mime: string): string {
  const part = /^Content-Type: text\/x-shellscript[^\n]*\n\n([\s\S]*?)\n\n--/m.exec(mime);
  if (!part) throw new Error(`no text/x-shellscript part in:\n${mime}`);
  return part[1];
}

const envNames = Object.keys(environments);
let tf: TfFiles;

beforeAll(async () => {
  tf = await loadTerraform(); // hcl2json is WASM: parse every file once
});

describe('terraform/ files', () => {
  it('parses every .tf file, and a generated tfvars and backend file per environment', () => {
    for (const f of ['versions.tf', 'providers.tf', 'variables.tf', 'vpc.tf', 'eks.tf', 'karpenter.tf', 'pod-identity.tf', 'outputs.tf']) {
      expect(tf.has(f), f).toBe(true);
    }
    expect(fs.existsSync(path.join(TF_DIR, REGISTRY_MIRROR_TEMPLATE)), `terraform/${REGISTRY_MIRROR_TEMPLATE}`).toBe(true);
    for (const env of envNames) {
      expect(fs.existsSync(path.join(TF_DIR, 'generated', env, 'platform.tfvars.json')), `terraform/generated/${env}/platform.tfvars.json`).toBe(true);
      expect(tf.has(`generated/${env}/backend.s3.tfbackend`), `terraform/generated/${env}/backend.s3.tfbackend`).toBe(true);
    }
    // Nothing per environment is kept by hand any more (one home per value: src/config).
    expect(fs.existsSync(path.join(TF_DIR, 'envs')), 'terraform/envs/').toBe(false);
  });

  it.each(envNames)('%s: the backend file, as HCL parses it, holds the state where config says', (name) => {
    const env = environments[name];
    expect(tf.get(`generated/${name}/backend.s3.tfbackend`)).toEqual({
      bucket: env.terraform.stateBucket,
      encrypt: true,
      key: `gpu-inference/${name}/terraform.tfstate`,
      region: env.cluster.region,
      use_lockfile: true,
    });
  });

  it('pins Terraform, the aws provider and every module', () => {
    const [settings] = tf.get('versions.tf').terraform;
    // use_lockfile (S3-native state locking) needs Terraform 1.10.
    expect(settings.required_version).toBe('>= 1.10');
    expect(settings.required_providers[0].aws).toEqual({ source: 'hashicorp/aws', version: '~> 6.0' });
    expect(Object.keys(settings.backend)).toEqual(['s3']);

    const mods = blocks(tf, 'module');
    expect(mods.eks).toMatchObject({ source: 'terraform-aws-modules/eks/aws', version: '21.15.1' });
    expect(mods.karpenter).toMatchObject({ source: 'terraform-aws-modules/eks/aws//modules/karpenter', version: '21.15.1' });
    expect(mods.vpc.source).toBe('terraform-aws-modules/vpc/aws');
    expect(mods.vpc.version).toMatch(/^6\.\d+\.\d+$/);
    expect(mods.vpc_endpoints).toMatchObject({ source: 'terraform-aws-modules/vpc/aws//modules/vpc-endpoints', version: mods.vpc.version });
    for (const [name, m] of Object.entries(mods)) expect(m.version, `module.${name} must pin an exact version`).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('declares exactly the variables synth generates: none is set by hand or left to a default', () => {
    const declared = Object.keys(blocks(tf, 'variable')).sort();
    for (const name of envNames) expect(Object.keys(tfvarsOf(name)).sort(), name).toEqual(declared);
  });

  it('creates exactly the interface endpoints the idle cost counts', () => {
    const l = locals(tf);
    const interfaces = Object.values(l.vpc_endpoints).filter((e: Json) => e.service_type !== 'Gateway').map((e: Json) => e.service).sort();
    expect(interfaces).toEqual([...INTERFACE_ENDPOINTS]);
    // `{ for name in ["ec2", ...] : name => {...} if var.enable_karpenter_vpc_endpoints }`
    const listed = /for name in \[([^\]]*)\]/.exec(String(l.karpenter_vpc_endpoints))?.[1] ?? '';
    expect([...listed.matchAll(/"([^"]+)"/g)].map((m) => m[1]).sort()).toEqual([...KARPENTER_INTERFACE_ENDPOINTS]);
  });

  it('logs VPC flows for the configured retention, and creates the workload repositories with immutable tags', () => {
    const vpc = blocks(tf, 'module').vpc;
    expect(vpc).toMatchObject({
      enable_flow_log: true,
      create_flow_log_cloudwatch_log_group: true,
      create_flow_log_cloudwatch_iam_role: true,
      flow_log_traffic_type: 'ALL',
      flow_log_cloudwatch_log_group_retention_in_days: '${var.flow_log_retention_days}',
    });
    const repo = resourceOf(tf, 'resource', 'aws_ecr_repository', 'workload');
    expect(repo).toMatchObject({ for_each: '${toset(var.ecr_repositories)}', image_tag_mutability: 'IMMUTABLE' });
    expect(resourceOf(tf, 'resource', 'aws_ecr_lifecycle_policy', 'workload').for_each).toBe('${aws_ecr_repository.workload}');
  });
});

describe.each(envNames)('%s: tfvars and outputs agree with src/config', (name) => {
  const env = (): EnvironmentConfig => environments[name];
  const vars = (): Json => tfvarsOf(name);

  it('cluster name, region, account, Kubernetes version, node role and interruption queue', () => {
    expect(compareClusterIdentity(vars(), env())).toEqual([]);
  });

  it('GPU node labels and taint, system and baseline GPU node groups', () => {
    expect(compareNodes(vars(), env())).toEqual([]);
  });

  it('Pod Identity namespace and service account of Karpenter, External Secrets and EBS CSI', () => {
    expect(comparePodIdentity(vars(), env())).toEqual([]);
  });

  it('VPC and Service CIDRs equal the ones the NetworkPolicies allow (platform.network)', () => {
    expect(vars().vpc_cidr, 'tfvars vpc_cidr').toBe(env().platform.network.vpcCidr);
    expect(vars().service_ipv4_cidr, 'tfvars service_ipv4_cidr').toBe(env().platform.network.serviceCidr);
    expect(compareNetwork(vars(), env())).toEqual([]);
  });

  it('outputs: registry host built from account and region, discovery tag = cluster name', () => {
    expect(blocks(tf, 'output').ecr_registry_host.value).toBe('${var.account_id}.dkr.ecr.${var.region}.amazonaws.com');
    expect(compareOutputs(tf, vars(), env())).toEqual([]);
  });

  it('External Secrets may read exactly this cluster’s secrets', () => {
    const arn = evalTemplate(locals(tf).external_secrets_secret_arn, vars());
    expect(arn).toBe(`arn:aws:secretsmanager:${env().cluster.region}:${env().cluster.accountId}:secret:${env().cluster.name}/*`);
  });

  it('network: the three configured AZs of the region; one NAT per AZ or a shared one, as configured', () => {
    const v = vars();
    expect(v.azs).toEqual(env().platform.network.availabilityZones);
    expect(new Set(v.azs).size).toBe(3);
    for (const az of v.azs) expect(az.startsWith(env().cluster.region), az).toBe(true);
    expect(v.one_nat_gateway_per_az).toBe(env().platform.network.natGatewayPerAz);
  });

  it('baseline GPU group: a GPU instance type of the catalogue, a root volume like the Karpenter GPU nodes’', () => {
    const v = vars();
    const type = instanceTypes[v.baseline_gpu_node_group.instance_type];
    expect(type, v.baseline_gpu_node_group.instance_type).toBeDefined();
    expect(type.gpuCount).toBeGreaterThan(0);
    const gpuClasses = Object.values(env().nodes.pools).filter((p) => p.gpu).map((p) => env().nodes.nodeClasses[p.nodeClass]);
    const largest = Math.max(0, ...gpuClasses.map((c) => c.volumeGiB));
    expect(v.baseline_gpu_node_group.root_volume_gib).toBe(env().nodes.baselineGpuNodeGroup.rootVolumeGiB);
    if (env().nodes.baselineGpuNodeGroup.desiredSize > 0) expect(v.baseline_gpu_node_group.root_volume_gib).toBeGreaterThanOrEqual(largest);
  });

  it('baseline GPU group: the same containerd registry mirror (hosts.toml) as Karpenter nodes', () => {
    const { cluster, nodes } = env();
    expect(vars().registry_mirror_endpoint, 'tfvars registry_mirror_endpoint').toBe(nodes.registryMirror.endpoint);
    const [part] = preNodeadmParts(tf, 'baseline-gpu', vars());
    const hostsToml = heredocFiles(part.content).get(`/etc/containerd/certs.d/${cluster.registryHost}/hosts.toml`);
    expect(hostsToml).toBe(containerdHostsToml(cluster.registryHost, nodes.registryMirror.endpoint));
    // Every mirrored registry, nothing else; readable messages when they differ.
    expect(compareRegistryMirror(tf, vars(), env())).toEqual([]);
  });

  it('baseline GPU group: the whole boot script equals the shell part of Karpenter’s AL2023 user data', () => {
    const { cluster, nodes } = env();
    const [part] = preNodeadmParts(tf, 'baseline-gpu', vars());
    const karpenter = shellPartOf(al2023UserData({ registries: [cluster.registryHost, ...nodes.registryMirror.extraRegistries], endpoint: nodes.registryMirror.endpoint }));
    expect(part.content).toBe(`${karpenter}\n`);
  });

  it('the budget report\'s idle cost is what this Terraform runs, at catalogue prices', () => {
    const v = vars();
    expect(pricing.region, 'catalogue prices are for one region only').toBe(v.region);
    const price = (t: string) => instanceTypes[t].onDemandUsdPerHour;
    const azs = v.azs.length;
    const interfaceEndpoints =
      Object.values(locals(tf).vpc_endpoints).filter((e: Json) => e.service_type !== 'Gateway').length +
      (v.enable_karpenter_vpc_endpoints ? KARPENTER_OPTIONAL_ENDPOINTS : 0);
    const hourly =
      v.system_node_group.desired_size * price(v.system_node_group.instance_type) +
      v.baseline_gpu_node_group.desired_size * price(v.baseline_gpu_node_group.instance_type) +
      (v.one_nat_gateway_per_az ? azs : 1) * networkPrices.natGatewayUsdPerHour +
      networkPrices.eksControlPlaneUsdPerHour +
      interfaceEndpoints * azs * networkPrices.interfaceEndpointUsdPerAzHour;
    expect(budgetReport(env()).idle.usdPerHour).toBeCloseTo(hourly, 10);
  });
});

describe('generated tfvars follow the config (fixture)', () => {
  it('one NAT gateway per AZ or a single shared one, as platform.network.natGatewayPerAz says', () => {
    const nat = (perAz: boolean) => terraformVars(fixtureEnvironment((d) => (d.platform.network.natGatewayPerAz = perAz))).one_nat_gateway_per_az;
    expect([nat(true), nat(false)]).toEqual([true, false]);
  });

  it('the VPC spans the configured availability zones', () => {
    const zones = ['us-east-1d', 'us-east-1e', 'us-east-1f'];
    expect(terraformVars(fixtureEnvironment((d) => (d.platform.network.availabilityZones = zones))).azs).toEqual(zones);
  });
});

describe('Terraform wiring uses the tfvars the test compares', () => {
  it('the provider refuses any account but var.account_id (so the registry host is the real one)', () => {
    const aws = tf.get('providers.tf').provider.aws[0];
    expect(aws.region).toBe('${var.region}');
    expect(aws.allowed_account_ids).toEqual(['${var.account_id}']);
  });

  it('network: VPC from var.vpc_cidr, the cluster’s Service CIDR set explicitly from var.service_ipv4_cidr', () => {
    expect(blocks(tf, 'module').vpc.cidr).toBe('${var.vpc_cidr}');
    // Without it EKS picks the range itself; the NetworkPolicies need the one in src/config.
    expect(blocks(tf, 'module').eks.service_ipv4_cidr).toBe('${var.service_ipv4_cidr}');
    expect(blocks(tf, 'variable').service_ipv4_cidr.type).toBe('${string}');
    expect(blocks(tf, 'variable').service_ipv4_cidr.default).toBeUndefined(); // every env sets it
  });

  it('EKS: name and version from tfvars, access entries, add-ons incl. VPC CNI network policy', () => {
    const eks = blocks(tf, 'module').eks;
    expect(eks.name).toBe('${var.cluster_name}');
    expect(eks.kubernetes_version).toBe('${var.kubernetes_version}');
    expect(eks.authentication_mode).toBe('API');
    expect(eks.enable_cluster_creator_admin_permissions).toBe(true);
    expect(Object.keys(eks.addons).sort()).toEqual(['aws-ebs-csi-driver', 'coredns', 'eks-node-monitoring-agent', 'eks-pod-identity-agent', 'kube-proxy', 'metrics-server', 'vpc-cni']);
    // The node monitoring agent sets AcceleratedHardwareReady, the condition Karpenter's GPU repair acts on.
    expect(eks.addons['eks-node-monitoring-agent']).toEqual({});
    expect(eks.addons['vpc-cni'].before_compute).toBe(true);
    expect(eks.addons['vpc-cni'].configuration_values).toMatch(/^\$\{jsonencode\(\{\s*enableNetworkPolicy\s*=\s*"true"\s*\}\)\}$/);
    expect(eks.addons['eks-pod-identity-agent'].before_compute).toBe(true);
    expect(eks.addons['aws-ebs-csi-driver'].pod_identity_association).toEqual([
      { role_arn: '${aws_iam_role.ebs_csi.arn}', service_account: '${var.pod_identity.ebs_csi.service_account}' },
    ]);
  });

  it('node groups: system tainted on AL2023, baseline GPU on the NVIDIA AMI, groups with 0 nodes left out', () => {
    const groups = locals(tf).node_groups;
    expect(Object.keys(groups).sort()).toEqual(['baseline-gpu', 'system']);
    for (const [key, varName] of [['system', 'system_node_group'], ['baseline-gpu', 'baseline_gpu_node_group']]) {
      const g = groups[key];
      expect(g.instance_types).toEqual([`\${var.${varName}.instance_type}`]);
      for (const f of ['desired_size', 'min_size', 'max_size', 'labels']) expect(g[f], `${key}.${f}`).toBe(`\${var.${varName}.${f}}`);
      expect(g.taints).toContain(`var.${varName}.taints`);
    }
    expect(groups.system.ami_type).toBe('AL2023_x86_64_STANDARD');
    expect(groups['baseline-gpu'].ami_type).toBe('AL2023_x86_64_NVIDIA');
    for (const [key, varName] of [['system', 'system_node_group'], ['baseline-gpu', 'baseline_gpu_node_group']]) {
      expect(groups[key].block_device_mappings.xvda.ebs, key).toEqual({
        volume_size: `\${var.${varName}.root_volume_gib}`,
        volume_type: 'gp3',
        encrypted: true,
        delete_on_termination: true,
      });
    }
    expect(blocks(tf, 'module').eks.eks_managed_node_groups).toMatch(/for .* in merge\(local\.node_groups, local\.dra_node_groups\) .* if group\.desired_size > 0/);
  });

  it('registry mirror: baseline GPU group writes it before nodeadm from templatefile(), with the registry host of the output', () => {
    const groups = locals(tf).node_groups;
    expect(groups['baseline-gpu'].cloudinit_pre_nodeadm).toEqual([REGISTRY_MIRROR_PART]);
    expect(groups.system.cloudinit_pre_nodeadm).toBeUndefined(); // no dfdaemon runs there
    expect(locals(tf).registry_mirror).toEqual({
      registry: blocks(tf, 'output').ecr_registry_host.value,
      endpoint: '${var.registry_mirror_endpoint}',
    });
    expect(blocks(tf, 'variable').registry_mirror_endpoint.type).toBe('${string}');
  });

  it('Karpenter: node role, interruption queue and Pod Identity from tfvars', () => {
    const k = blocks(tf, 'module').karpenter;
    expect(k).toMatchObject({
      cluster_name: '${module.eks.cluster_name}',
      node_iam_role_name: '${var.karpenter_node_role_name}',
      node_iam_role_use_name_prefix: false, // the exact name the EC2NodeClass uses
      create_access_entry: true,
      create_instance_profile: true,
      create_pod_identity_association: true,
      namespace: '${var.pod_identity.karpenter.namespace}',
      service_account: '${var.pod_identity.karpenter.service_account}',
      enable_spot_termination: true,
      queue_name: '${var.karpenter_interruption_queue_name}',
    });
  });

  it('External Secrets and EBS CSI: associations, roles trusting only their binding, read-only secrets', () => {
    expect(resourceOf(tf, 'resource', 'aws_eks_pod_identity_association', 'external_secrets')).toMatchObject({
      cluster_name: '${module.eks.cluster_name}',
      namespace: '${var.pod_identity.external_secrets.namespace}',
      service_account: '${var.pod_identity.external_secrets.service_account}',
    });
    // Each role trusts only its own binding's namespace + service account (session tags).
    const trust = resourceOf(tf, 'data', 'aws_iam_policy_document', 'pod_identity_trust');
    expect(trust.for_each).toEqual({ ebs_csi: '${var.pod_identity.ebs_csi}', external_secrets: '${var.pod_identity.external_secrets}' });
    expect(trust.statement[0].condition.map((c: Json) => `${c.variable}=${c.values}`)).toEqual([
      'aws:RequestTag/eks-cluster-name=${var.cluster_name}',
      'aws:RequestTag/kubernetes-namespace=${each.value.namespace}',
      'aws:RequestTag/kubernetes-service-account=${each.value.service_account}',
    ]);
    expect(resourceOf(tf, 'resource', 'aws_iam_role', 'external_secrets').assume_role_policy).toBe(
      '${data.aws_iam_policy_document.pod_identity_trust["external_secrets"].json}',
    );
    expect(resourceOf(tf, 'resource', 'aws_iam_role', 'ebs_csi').assume_role_policy).toBe('${data.aws_iam_policy_document.pod_identity_trust["ebs_csi"].json}');
    const [stmt] = resourceOf(tf, 'data', 'aws_iam_policy_document', 'external_secrets').statement;
    expect([...stmt.actions].sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(stmt.resources).toEqual(['${local.external_secrets_secret_arn}']);
  });

  it('VPC endpoints: ecr.api, ecr.dkr, s3 (gateway), sts, eks-auth, secretsmanager', () => {
    const endpoints = locals(tf).vpc_endpoints as Record<string, Json>;
    const services = Object.values(endpoints).map((e) => `${e.service}:${e.service_type ?? 'Interface'}`).sort();
    expect(services).toEqual(['ecr.api:Interface', 'ecr.dkr:Interface', 'eks-auth:Interface', 's3:Gateway', 'secretsmanager:Interface', 'sts:Interface']);
    expect(endpoints.s3.route_table_ids).toBe('${module.vpc.private_route_table_ids}');
    expect(blocks(tf, 'module').vpc_endpoints.endpoints).toBe('${merge(local.vpc_endpoints, local.karpenter_vpc_endpoints)}');
  });

  it('karpenter.sh/discovery: on the private subnets and on exactly one security group (the node SG)', () => {
    expect(discoveryTagPlaces(tf)).toEqual(ALLOWED_DISCOVERY_PLACES);
    expect(blocks(tf, 'module').vpc.private_subnets).toMatch(/var\.azs/); // one private subnet per AZ
  });
});

describe('the comparison reports a disagreement, naming the field', () => {
  const clone = <T>(v: T): Json => JSON.parse(JSON.stringify(v));

  /**
   * The fixture with the identity, network and node fields these messages name set here, and
   * its tfvars as synth generates them (terraformVars): the two agree until a test changes one.
   */
  const env = fixtureEnvironment((d) => {
    d.cluster = clusterIdentity('gpu-inference-fixture', 'us-east-1', '123456789012');
    d.podIdentity.karpenter = { namespace: 'karpenter', serviceAccount: 'karpenter' };
    d.platform.network = { ...d.platform.network, vpcCidr: '10.30.0.0/16', serviceCidr: '172.20.0.0/16' };
    d.nodes.gpuNodeLabels = { 'gpu-inference.io/accelerator': 'nvidia' };
    d.nodes.gpuTaint = { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' };
    d.nodes.baselineGpuNodeGroup.taints = [d.nodes.gpuTaint];
    d.nodes.registryMirror = { endpoint: 'http://127.0.0.1:4001', extraRegistries: [] };
  });
  const generated = () => clone(terraformVars(env));
  const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

  it('nothing while tfvars and config agree', () => {
    const vars = generated();
    expect([compareClusterIdentity(vars, env), compareNodes(vars, env), comparePodIdentity(vars, env), compareNetwork(vars, env)]).toEqual([[], [], [], []]);
    expect([compareOutputs(tf, vars, env), compareRegistryMirror(tf, vars, env)]).toEqual([[], []]);
  });

  it('a changed tfvars value', () => {
    const vars = generated();
    vars.cluster_name = 'someone-else';
    vars.baseline_gpu_node_group.taints[0].effect = 'NO_EXECUTE';
    vars.pod_identity.karpenter.service_account = 'karpenter-controller';
    vars.baseline_gpu_node_group.auto_repair = false;
    expect(compareClusterIdentity(vars, env)).toEqual(['fixture: tfvars cluster_name = "someone-else", but src/config cluster.name = "gpu-inference-fixture"']);
    expect(compareNodes(vars, env)).toContain('fixture: tfvars baseline_gpu_node_group.auto_repair = "false", but src/config nodes.baselineGpuNodeGroup.autoRepair = "true"');
    expect(compareNodes(vars, env).join('\n')).toContain('fixture: tfvars baseline_gpu_node_group.taints =');
    expect(comparePodIdentity(vars, env)).toEqual([
      'fixture: tfvars pod_identity.karpenter.service_account = "karpenter-controller", but src/config podIdentity.karpenter.serviceAccount = "karpenter"',
    ]);
  });

  it('a changed config value', () => {
    const changed = clone(env);
    changed.cluster.registryHost = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
    changed.nodes.gpuNodeLabels = { ...changed.nodes.gpuNodeLabels, 'gpu-inference.io/tier': 'a10g' };
    changed.cluster.interruptionQueueName = 'other-queue';
    const vars = generated();
    expect(compareOutputs(tf, vars, changed)).toEqual([
      `fixture: output ecr_registry_host = "${HOST}", but src/config cluster.registryHost = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"`,
    ]);
    expect(compareNodes(vars, changed).join('\n')).toContain('fixture: tfvars gpu_node_labels =');
    expect(compareClusterIdentity(vars, changed).join('\n')).toContain('but src/config cluster.interruptionQueueName = "other-queue"');
  });

  it('CIDRs that differ from the ones the NetworkPolicies allow', () => {
    const vars = generated();
    vars.vpc_cidr = '10.99.0.0/16';
    vars.service_ipv4_cidr = '10.100.0.0/16'; // EKS's other default range
    expect(compareNetwork(vars, env)).toEqual([
      'fixture: tfvars vpc_cidr = "10.99.0.0/16", but src/config platform.network.vpcCidr = "10.30.0.0/16"',
      'fixture: tfvars service_ipv4_cidr = "10.100.0.0/16", but src/config platform.network.serviceCidr = "172.20.0.0/16"',
    ]);
    // A tfvars file without the variable (EKS would pick the range) is reported too.
    delete vars.service_ipv4_cidr;
    expect(compareNetwork(vars, env).join('\n')).toContain('fixture: tfvars service_ipv4_cidr = undefined, but src/config platform.network.serviceCidr =');
  });

  it('a registry mirror that differs from src containerdHostsToml', () => {
    const endpoint = 'http://127.0.0.1:4001';
    const tomlAt = `terraform/${REGISTRY_MIRROR_TEMPLATE}`;

    // tfvars endpoint changed: the tfvars field and the rendered hosts.toml are both reported.
    const vars = generated();
    vars.registry_mirror_endpoint = 'http://127.0.0.1:4002';
    expect(compareRegistryMirror(tf, vars, env)).toEqual([
      `fixture: tfvars registry_mirror_endpoint = "http://127.0.0.1:4002", but src/config nodes.registryMirror.endpoint = "${endpoint}"`,
      `fixture: baseline-gpu hosts.toml for ${HOST} (${tomlAt}) differs from src containerdHostsToml("${HOST}", "${endpoint}") ` +
        `at line 3: terraform "[host.\\"http://127.0.0.1:4002\\"]", src "[host.\\"${endpoint}\\"]"`,
    ]);

    // Template edited by hand: the first differing line is named.
    const edited = (rel: string) => readTfFile(rel).replace('["pull", "resolve"]', '["pull"]');
    expect(compareRegistryMirror(tf, generated(), env, edited)).toEqual([
      `fixture: baseline-gpu hosts.toml for ${HOST} (${tomlAt}) differs from src containerdHostsToml("${HOST}", "${endpoint}") ` +
        `at line 4: terraform "  capabilities = [\\"pull\\"]", src "  capabilities = [\\"pull\\", \\"resolve\\"]"`,
    ]);

    // src mirrors one more registry than Terraform writes.
    const more = clone(env);
    more.nodes.registryMirror.extraRegistries = ['public.ecr.aws'];
    expect(compareRegistryMirror(tf, generated(), more)).toEqual([
      'fixture: node group baseline-gpu writes no /etc/containerd/certs.d/public.ecr.aws/hosts.toml, but Karpenter nodes mirror public.ecr.aws (src mirroredRegistries)',
    ]);

    // The renderer refuses what it cannot render like templatefile() does.
    expect(renderTemplate('a $${b} %%{c} ${d}', { d: 'e' })).toBe('a ${b} %{c} e');
    expect(() => renderTemplate('${nope}', { d: 'e' })).toThrow(/not among the templatefile\(\) variables/);
    expect(() => renderTemplate('%{ for r in rs }${r}%{ endfor }', {})).toThrow(/directives/);
  });

  it('a second security group tagged for discovery, and an output Terraform alone could not evaluate', () => {
    const files: TfFiles = new Map(tf);
    files.set('extra.tf', { resource: { aws_security_group: { extra: [{ tags: { 'karpenter.sh/discovery': '${var.cluster_name}' } }] } } });
    expect(discoveryTagPlaces(files)).toContain('extra.tf: resource.aws_security_group.extra.tags = "${var.cluster_name}"');
    expect(() => evalTemplate('${module.eks.cluster_name}.example', {})).toThrow(/cannot evaluate/);
  });
});
