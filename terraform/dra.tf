# The DRA path (src/config `dra`, absent = nothing here): a managed node group of GPU nodes whose
# GPUs the NVIDIA DRA driver publishes, scaled by Cluster Autoscaler, because Karpenter cannot
# provision for ResourceClaims (kubernetes-sigs/karpenter#1231). Cluster Autoscaler finds only
# this group: its ASG alone carries the DRA tag (src/charts/helm/cluster-autoscaler.ts).

locals {
  dra_node_groups = var.dra_node_group == null ? {} : {
    dra-gpu = {
      ami_type       = "AL2023_x86_64_NVIDIA"
      capacity_type  = "ON_DEMAND"
      instance_types = [var.dra_node_group.instance_type]
      # Cluster Autoscaler owns the size from here on (the module ignores desired_size changes,
      # terraform-aws-modules/terraform-aws-eks modules/eks-managed-node-group/main.tf@v21.15.1).
      desired_size = var.dra_node_group.min_size
      min_size     = var.dra_node_group.min_size
      max_size     = var.dra_node_group.max_size
      labels       = var.dra_node_group.labels
      taints       = { for t in var.dra_node_group.taints : "${t.key}:${t.effect}" => t }
      # EKS node auto repair (src/config dra.nodeGroup.autoRepair), passed as for the baseline GPU
      # group (see eks.tf: module input node_repair_config, terraform-aws-modules/terraform-aws-eks
      # modules/eks-managed-node-group/variables.tf@v21.15.1).
      node_repair_config = { enabled = var.dra_node_group.auto_repair }
      cloudinit_pre_nodeadm = [{
        content_type = "text/x-shellscript"
        content      = templatefile("${path.module}/templates/registry-mirror.sh.tftpl", local.registry_mirror)
      }]
      block_device_mappings = {
        xvda = {
          device_name = "/dev/xvda"
          ebs = {
            volume_size           = var.dra_node_group.root_volume_gib
            volume_type           = "gp3"
            encrypted             = true
            delete_on_termination = true
          }
        }
      }
    }
  }
}

# EKS does not copy node group tags to the ASG; Cluster Autoscaler reads the ASG's.
resource "aws_autoscaling_group_tag" "dra" {
  for_each               = var.dra_node_group == null ? {} : var.dra_node_group.asg_tags
  autoscaling_group_name = module.eks.eks_managed_node_groups["dra-gpu"].node_group_autoscaling_group_names[0]

  tag {
    key                 = each.key
    value               = each.value
    propagate_at_launch = false
  }
}

################################################################################
# Cluster Autoscaler via Pod Identity (the pattern of pod-identity.tf)
################################################################################

data "aws_iam_policy_document" "cluster_autoscaler_trust" {
  count = var.dra_node_group == null ? 0 : 1

  statement {
    sid     = "EksPodIdentity"
    actions = ["sts:AssumeRole", "sts:TagSession"]

    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/eks-cluster-name"
      values   = [var.cluster_name]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-namespace"
      values   = [var.dra_node_group.cluster_autoscaler.namespace]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-service-account"
      values   = [var.dra_node_group.cluster_autoscaler.service_account]
    }
  }
}

# The recommended policy (kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/README.md
# @cluster-autoscaler-1.35.0, "Full Cluster Autoscaler Features Policy"), with the scaling
# actions restricted to ASGs carrying the DRA tag: it can never resize another group.
data "aws_iam_policy_document" "cluster_autoscaler" {
  count = var.dra_node_group == null ? 0 : 1

  statement {
    sid = "Describe"
    actions = [
      "autoscaling:DescribeAutoScalingGroups",
      "autoscaling:DescribeAutoScalingInstances",
      "autoscaling:DescribeLaunchConfigurations",
      "autoscaling:DescribeScalingActivities",
      "ec2:DescribeImages",
      "ec2:DescribeInstanceTypes",
      "ec2:DescribeLaunchTemplateVersions",
      "ec2:GetInstanceTypesFromInstanceRequirements",
      "eks:DescribeNodegroup",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "ScaleTheDraGroupOnly"
    actions   = ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/gpu-inference.io/dra-node-group"
      values   = ["true"]
    }
  }
}

resource "aws_iam_role" "cluster_autoscaler" {
  count              = var.dra_node_group == null ? 0 : 1
  name               = "${var.cluster_name}-cluster-autoscaler"
  description        = "Cluster Autoscaler of the DRA node group via Pod Identity"
  assume_role_policy = data.aws_iam_policy_document.cluster_autoscaler_trust[0].json
}

resource "aws_iam_role_policy" "cluster_autoscaler" {
  count  = var.dra_node_group == null ? 0 : 1
  name   = "scale-dra-node-group"
  role   = aws_iam_role.cluster_autoscaler[0].id
  policy = data.aws_iam_policy_document.cluster_autoscaler[0].json
}

resource "aws_eks_pod_identity_association" "cluster_autoscaler" {
  count           = var.dra_node_group == null ? 0 : 1
  cluster_name    = module.eks.cluster_name
  namespace       = var.dra_node_group.cluster_autoscaler.namespace
  service_account = var.dra_node_group.cluster_autoscaler.service_account
  role_arn        = aws_iam_role.cluster_autoscaler[0].arn
}
