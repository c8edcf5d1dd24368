import { beforeAll, describe, expect, it } from 'vitest';
import { DRA_NODE_GROUP_TAG } from '../../src/charts/helm/cluster-autoscaler';
import { environments } from '../../src/config/environments';
import { terraformVars } from '../../src/terraform/tfvars';
import { draFixture, DRA_LABEL } from '../fixtures/dra';
import { valuesOf } from '../charts/helm/releases';
import { type TfFiles, loadTerraform, locals, resourceOf, tfvarsOf } from './hcl';

let tf: TfFiles;
beforeAll(async () => {
  tf = await loadTerraform();
});

const env = draFixture();
const vars = terraformVars(env).dra_node_group as any;

describe('the DRA node group across config, Terraform and Cluster Autoscaler', () => {
  it('is null in the tfvars of an environment without a DRA path', () => {
    for (const name of Object.keys(environments)) {
      if (!environments[name].dra) expect(tfvarsOf(name).dra_node_group, name).toBeNull();
    }
  });

  it('carries the DRA and GPU labels, the GPU taint, the configured sizes and the CA tags', () => {
    expect(vars).toMatchObject({ instance_type: 'g5.xlarge', min_size: 1, max_size: 3, root_volume_gib: 200 });
    expect(vars.labels).toEqual({ ...env.nodes.gpuNodeLabels, ...DRA_LABEL });
    expect(vars.taints).toEqual([{ key: env.nodes.gpuTaint.key, value: env.nodes.gpuTaint.value, effect: 'NO_SCHEDULE' }]);
    const t = env.nodes.gpuTaint;
    expect(vars.asg_tags).toEqual({
      [DRA_NODE_GROUP_TAG]: 'true',
      ...Object.fromEntries(Object.entries(vars.labels).map(([k, v]) => [`k8s.io/cluster-autoscaler/node-template/label/${k}`, v])),
      [`k8s.io/cluster-autoscaler/node-template/taint/${t.key}`]: `${t.value}:${t.effect}`,
    });
  });

  it('Cluster Autoscaler discovers by the DRA tag, which only this group gets', () => {
    const tags: string[] = valuesOf(env, 'cluster-autoscaler').autoDiscovery.tags;
    // EKS adds the first two to every managed node group's ASG; the third is ours alone.
    expect(tags.filter((k) => !(k in vars.asg_tags))).toEqual(['k8s.io/cluster-autoscaler/enabled', `k8s.io/cluster-autoscaler/${env.cluster.name}`]);
    const scaling = resourceOf(tf, 'data', 'aws_iam_policy_document', 'cluster_autoscaler').statement.find((s: any) => s.sid === 'ScaleTheDraGroupOnly');
    expect(scaling.condition[0]).toEqual({ test: 'StringEquals', variable: `aws:ResourceTag/${DRA_NODE_GROUP_TAG}`, values: [vars.asg_tags[DRA_NODE_GROUP_TAG]] });
  });

  it('Terraform builds the group from the variable on the NVIDIA AMI and binds CA through Pod Identity', () => {
    const g = locals(tf).dra_node_groups;
    expect(g).toContain('AL2023_x86_64_NVIDIA');
    for (const f of ['instance_type', 'min_size', 'max_size', 'labels', 'taints', 'root_volume_gib']) expect(g).toContain(`var.dra_node_group.${f}`);
    const assoc = resourceOf(tf, 'resource', 'aws_eks_pod_identity_association', 'cluster_autoscaler');
    expect(assoc.namespace).toBe('${var.dra_node_group.cluster_autoscaler.namespace}');
    expect(assoc.service_account).toBe('${var.dra_node_group.cluster_autoscaler.service_account}');
    expect(vars.cluster_autoscaler).toEqual({ namespace: 'kube-system', service_account: valuesOf(env, 'cluster-autoscaler').rbac.serviceAccount.name });
    expect(resourceOf(tf, 'resource', 'aws_autoscaling_group_tag', 'dra').for_each).toContain('var.dra_node_group.asg_tags');
  });
});
