# EKS control plane, add-ons and the always-on managed node groups. Everything elastic
# (general and GPU burst capacity) is launched by Karpenter (karpenter.tf) from the manifests.

locals {
  # The containerd registry mirror of GPU nodes (templates/registry-mirror.sh.tftpl): pulls
  # from the cluster's ECR registry try the node-local Dragonfly dfdaemon first and fall back
  # to ECR. The same hosts.toml as Karpenter's AL2023 node classes write
  # (src/constructs/karpenter/registry-mirror.ts); test/terraform checks the two agree.
  registry_mirror = {
    registry = "${var.account_id}.dkr.ecr.${var.region}.amazonaws.com"
    endpoint = var.registry_mirror_endpoint
  }

  # Managed node groups as plain data. Taint effects are in EKS form (NO_SCHEDULE ...); the
  # module wants taints as a map, keyed here by "key:effect" (a duplicate is an error).
  #
  # EKS node auto repair (node_repair_config) of the GPU groups: the eks module passes each
  # group's `node_repair_config` through to its eks-managed-node-group submodule
  # (terraform-aws-modules/terraform-aws-eks node_groups.tf@v21.15.1, variables.tf@v21.15.1:
  # optional(object({ enabled = optional(bool), max_parallel_nodes_repaired_count, ... }))), which
  # writes a `node_repair_config` block on aws_eks_node_group only when it is not null
  # (modules/eks-managed-node-group/main.tf@v21.15.1, variable default null in
  # modules/eks-managed-node-group/variables.tf@v21.15.1). Only `enabled` is set here: it is all
  # the provider had before hashicorp/terraform-provider-aws 6.20.0 added the max_* and override
  # fields (its CHANGELOG.md, section 6.20.0, #44894; the module raised its floor to aws >= 6.20
  # for them, commit c0ed29b, v21.9.0), so it holds across versions.tf's "~> 6.0". The module's
  # own versions.tf@v21.15.1 requires aws ">= 6.28", which Terraform adds to ours anyway.
  node_groups = {
    # Controllers only: tainted CriticalAddonsOnly so workloads never land here. CoreDNS, the
    # EBS CSI controller and the Karpenter chart already tolerate it; other platform charts
    # need the toleration (or run on Karpenter's general pool).
    #
    # No node_repair_config on purpose: the module then writes no block and the group keeps the
    # EKS API's default, auto repair off. Nothing in the module or provider sources asks for it
    # here; the gap closed by auto_repair is broken GPUs, and these nodes have none.
    system = {
      ami_type       = "AL2023_x86_64_STANDARD"
      capacity_type  = "ON_DEMAND"
      instance_types = [var.system_node_group.instance_type]
      desired_size   = var.system_node_group.desired_size
      min_size       = var.system_node_group.min_size
      max_size       = var.system_node_group.max_size
      labels         = var.system_node_group.labels
      taints         = { for t in var.system_node_group.taints : "${t.key}:${t.effect}" => t }
      block_device_mappings = {
        xvda = {
          device_name = "/dev/xvda"
          ebs = {
            volume_size           = var.system_node_group.root_volume_gib
            volume_type           = "gp3"
            encrypted             = true
            delete_on_termination = true
          }
        }
      }
    }

    # GPU capacity that never scales to zero (prod). The NVIDIA AL2023 AMI ships the driver and
    # container toolkit; labels and taint equal the Karpenter GPU pools', so the same workloads
    # land here first and Karpenter only adds burst capacity on top.
    baseline-gpu = {
      ami_type       = "AL2023_x86_64_NVIDIA"
      capacity_type  = "ON_DEMAND"
      instance_types = [var.baseline_gpu_node_group.instance_type]
      desired_size   = var.baseline_gpu_node_group.desired_size
      min_size       = var.baseline_gpu_node_group.min_size
      max_size       = var.baseline_gpu_node_group.max_size
      labels         = var.baseline_gpu_node_group.labels
      taints         = { for t in var.baseline_gpu_node_group.taints : "${t.key}:${t.effect}" => t }
      # EKS node auto repair (src/config nodes.baselineGpuNodeGroup.autoRepair): Karpenter's
      # NodeRepair never reaches this group. With the node monitoring agent add-on below, EKS
      # replaces or reboots a node whose AcceleratedHardwareReady stays False for 10 minutes.
      # false is sent as enabled = false, not left out, so a console change shows up as drift.
      node_repair_config = { enabled = var.baseline_gpu_node_group.auto_repair }
      # Registry mirror written at boot by a shell part that cloud-init runs before nodeadm
      # starts containerd, so the first image pull already goes through Dragonfly. EKS merges
      # its own nodeadm NodeConfig into this MIME user data. One writer per hosts.toml: this
      # part (Karpenter nodes: their EC2NodeClass user data); the chart's dfinit stays off.
      cloudinit_pre_nodeadm = [{
        content_type = "text/x-shellscript"
        content      = templatefile("${path.module}/templates/registry-mirror.sh.tftpl", local.registry_mirror)
      }]
      # Room for multi-GB inference images, like the Karpenter GPU node class volume.
      block_device_mappings = {
        xvda = {
          device_name = "/dev/xvda"
          ebs = {
            volume_size           = var.baseline_gpu_node_group.root_volume_gib
            volume_type           = "gp3"
            encrypted             = true
            delete_on_termination = true
          }
        }
      }
    }
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "21.15.1"

  name               = var.cluster_name
  kubernetes_version = var.kubernetes_version

  vpc_id     = module.vpc.vpc_id
  subnet_ids = module.vpc.private_subnets

  # Explicit, not EKS's pick: the NetworkPolicies allow API traffic to this range
  # (src/config platform.network.serviceCidr). Fixed at cluster creation.
  service_ipv4_cidr = var.service_ipv4_cidr

  # The private endpoint is always on (nodes, Argo CD and in-VPC operators use it; the module's
  # default, terraform-aws-modules/terraform-aws-eks variables.tf@v21.15.1); the public one only
  # for the CIDRs of src/config platform.network.apiPublicCidrs (none in prod).
  endpoint_private_access      = true
  endpoint_public_access       = var.endpoint_public_access
  endpoint_public_access_cidrs = var.endpoint_public_access_cidrs

  # Access entries only (no aws-auth ConfigMap). The identity running Terraform becomes admin
  # so it can bootstrap Argo CD; further admins come from tfvars.
  authentication_mode                      = "API"
  enable_cluster_creator_admin_permissions = true
  access_entries = {
    for arn in var.cluster_admin_role_arns : arn => {
      principal_arn = arn
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }

  addons = {
    # Before any node joins: pods need the CNI for addresses, and the Pod Identity agent must
    # be on the node before Karpenter or EBS CSI ask it for credentials.
    vpc-cni = {
      before_compute = true
      # NetworkPolicies (default-deny in every namespace we own) are only enforced on EKS
      # when the VPC CNI's network policy agent is enabled.
      configuration_values = jsonencode({ enableNetworkPolicy = "true" })
    }
    eks-pod-identity-agent = {
      before_compute = true
    }
    coredns    = {}
    kube-proxy = {}
    # A DaemonSet that reads node logs (GPU XID errors among them) and sets node conditions such
    # as AcceleratedHardwareReady; Karpenter's node repair replaces a node whose condition stays
    # False, and EKS node auto repair does the same for the managed GPU groups (node_repair_config
    # above and in dra.tf) ("Detect node health issues and enable automatic node repair", Amazon
    # EKS User Guide, https://docs.aws.amazon.com/eks/latest/userguide/node-health.html).
    eks-node-monitoring-agent = {}
    # gp3 volumes through ebs.csi.aws.com; the controller gets AWS credentials via Pod Identity.
    aws-ebs-csi-driver = {
      pod_identity_association = [{
        role_arn        = aws_iam_role.ebs_csi.arn
        service_account = var.pod_identity.ebs_csi.service_account
      }]
    }
    # Serves metrics.k8s.io, which EKS does not deploy by default ("View resource usage with the
    # Kubernetes Metrics Server", Amazon EKS User Guide,
    # https://docs.aws.amazon.com/eks/latest/userguide/metrics-server.html). The Knative Operator's
    # CPU HorizontalPodAutoscalers need it: activator and webhook (knative/operator
    # cmd/operator/kodata/knative-serving/1.21.1/2-serving-core.yaml@knative-v1.21.1) and
    # 3scale-kourier-gateway (cmd/operator/kodata/ingress/1.21/kourier/kourier.yaml@knative-v1.21.1);
    # without it they report FailedGetResourceMetric and the HTTP path stays at minReplicas.
    # A community add-on, name `metrics-server`, namespace kube-system ("Community add-ons", Amazon
    # EKS User Guide, https://docs.aws.amazon.com/eks/latest/userguide/community-addons.html).
    # Version: like every add-on here, none given; the module picks the most recent for the
    # cluster's Kubernetes version (data "aws_eks_addon_version" with most_recent, default true:
    # terraform-aws-modules/terraform-aws-eks main.tf, variables.tf@v21.15.1).
    # Ports: the add-on listens on 10251 (same user guide page: "pre-configured to use port
    # 10251"); the API server reaches it through the module's recommended node security group rule
    # ingress_cluster_10251_webhook ("metrics-server, current EKS default port", node_groups.tf@v21.15.1),
    # on while node_security_group_enable_recommended_rules keeps its default true (variables.tf@v21.15.1).
    # It scrapes kubelets on 10250 from pod IPs that carry the node security group: ingress_self_all below.
    # Placement: the upstream chart tolerates no taint (kubernetes-sigs/metrics-server
    # charts/metrics-server/values.yaml@metrics-server-helm-chart-3.13.1, `tolerations: []`), and
    # while Terraform runs the only nodes are tainted (system, GPU). Its pods would stay Pending, the
    # add-on DEGRADED, and aws_eks_addon waits for ACTIVE until its create timeout ("EKS Addon
    # waitForCreated allowing DEGRADED as a terminal status",
    # https://github.com/hashicorp/terraform-provider-aws/issues/44669). So it gets the system
    # nodes' placement (tfvars system_pod_placement, from src/config nodes.systemNodeGroup), where
    # the system capacity check counts it (src/config/eks-addons.ts). nodeSelector and tolerations
    # are the chart's keys (values.yaml above); the add-on's own schema (`aws eks
    # describe-addon-configuration --addon-name metrics-server`) was not read here. EKS checks
    # configuration values against that JSON schema ("Amazon EKS add-ons", Amazon EKS User Guide,
    # https://docs.aws.amazon.com/eks/latest/userguide/eks-add-ons.html), so a key it lacks fails
    # the apply instead of being ignored.
    metrics-server = {
      configuration_values = jsonencode({
        nodeSelector = var.system_pod_placement.node_selector
        tolerations  = var.system_pod_placement.tolerations
      })
    }
  }

  # The ONE security group Karpenter discovers (EC2NodeClass securityGroupSelectorTerms).
  # Not the cluster primary security group (the module copies only its own `tags` input there,
  # and we pass none), and not `kubernetes.io/cluster/<name>`, which several groups carry.
  node_security_group_tags = {
    "karpenter.sh/discovery" = var.cluster_name
  }

  # Managed and Karpenter nodes share the node security group; allow all traffic between them
  # (the recommended rules open only ephemeral ports). Pod-level isolation is the job of the
  # NetworkPolicies, which the CNI enforces.
  node_security_group_additional_rules = {
    ingress_self_all = {
      description = "Node to node, all ports and protocols"
      protocol    = "-1"
      from_port   = 0
      to_port     = 0
      type        = "ingress"
      self        = true
    }
  }

  # EKS rejects a managed node group with max_size 0, so a group with desired_size 0 (the
  # baseline GPU group in dev) is left out instead of created empty. dra.tf adds the DRA group.
  eks_managed_node_groups = { for name, group in merge(local.node_groups, local.dra_node_groups) : name => group if group.desired_size > 0 }
}
