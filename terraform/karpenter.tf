# AWS side of Karpenter (the controller itself is a Helm chart delivered by Argo CD):
# controller IAM role + Pod Identity association, node IAM role + access entry + instance
# profile, SQS interruption queue and the EventBridge rules that feed it.

module "karpenter" {
  source  = "terraform-aws-modules/eks/aws//modules/karpenter"
  version = "21.15.1"

  cluster_name = module.eks.cluster_name

  # Controller role, assumed through EKS Pod Identity (no IRSA / OIDC trust needed). The
  # association's namespace and service account must equal the chart's, or the controller
  # runs without AWS credentials and cannot launch anything.
  iam_role_name                   = "${var.cluster_name}-karpenter-controller"
  iam_role_use_name_prefix        = false
  create_pod_identity_association = true
  namespace                       = var.pod_identity.karpenter.namespace
  service_account                 = var.pod_identity.karpenter.service_account

  # Inline policy: the controller policy plus the statements below outgrow the 6,144-character
  # limit of a managed policy more easily than the 10,240 of an inline one.
  enable_inline_policy = true
  # Read-only calls of newer Karpenter releases (capacity reservations, placement groups,
  # instance health, instance-profile garbage collection) that the module's v1 policy may
  # lag; none of these APIs supports resource-level scoping.
  iam_policy_statements = [
    {
      sid       = "KarpenterReadCapacityAndPlacement"
      actions   = ["ec2:DescribeCapacityReservations", "ec2:DescribePlacementGroups", "ec2:DescribeInstanceStatus"]
      resources = ["*"]
    },
    {
      sid       = "KarpenterListInstanceProfiles"
      actions   = ["iam:ListInstanceProfiles"]
      resources = ["*"]
    },
  ]

  # Node role: an exact name (no random suffix) because the EC2NodeClass in the manifests
  # refers to it by name (src/config cluster.nodeRoleName).
  node_iam_role_name            = var.karpenter_node_role_name
  node_iam_role_use_name_prefix = false
  node_iam_role_additional_policies = {
    # Session Manager access to nodes instead of SSH keys.
    AmazonSSMManagedInstanceCore = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
  }
  # EC2_LINUX access entry so Karpenter nodes can join (authentication_mode is API only).
  create_access_entry = true
  # Karpenter v1 creates its own instance profile from EC2NodeClass spec.role; this named
  # profile (same name as the role) also allows spec.instanceProfile instead.
  create_instance_profile = true

  # Spot interruption, rebalance, scheduled-change and state-change events -> SQS -> Karpenter
  # drains the node before AWS reclaims it (the Helm value settings.interruptionQueue).
  enable_spot_termination = true
  queue_name              = var.karpenter_interruption_queue_name
}
