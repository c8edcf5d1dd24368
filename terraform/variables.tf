# Inputs. Every value is set per environment in generated/<env>/platform.tfvars.json, which
# `npm run synth` writes from src/config; test/terraform/terraform.test.ts fails when the
# generated file and src/config disagree or a variable here is not generated.

variable "environment" {
  description = "Environment name (dev, prod, ...): the dist/<env> folder the manifests render to."
  type        = string
}

variable "region" {
  description = "AWS region of the cluster (src/config cluster.region)."
  type        = string
}

variable "account_id" {
  description = "AWS account id (src/config cluster.accountId); the provider refuses any other account."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be the 12-digit AWS account id."
  }
}

variable "cluster_name" {
  description = "EKS cluster name (src/config cluster.name); also the karpenter.sh/discovery tag value."
  type        = string
}

variable "kubernetes_version" {
  description = "EKS control plane version (src/config/versions.ts platformVersions.kubernetes)."
  type        = string
}

variable "tags" {
  description = "Extra tags for every resource. Must not contain karpenter.sh/discovery (see providers.tf)."
  type        = map(string)
  default     = {}

  validation {
    condition     = !contains(keys(var.tags), "karpenter.sh/discovery")
    error_message = "karpenter.sh/discovery belongs on the private subnets and the node security group only."
  }
}

################################################################################
# Network
################################################################################

variable "vpc_cidr" {
  description = "VPC CIDR (src/config platform.network.vpcCidr: the NetworkPolicies allow node and API-server traffic from it). Pods take VPC addresses (VPC CNI), so the private subnets are /20s."
  type        = string
}

variable "service_ipv4_cidr" {
  description = "Kubernetes Service CIDR of the cluster (src/config platform.network.serviceCidr: the NetworkPolicies allow API traffic to it). Set only at cluster creation; a different value replaces the cluster."
  type        = string

  validation {
    # EKS accepts /12 to /24 ranges outside the VPC (src/config rules check the overlap, and the
    # test checks tfvars vpc_cidr and service_ipv4_cidr equal src/config).
    condition     = can(regex("^([0-9]{1,3}\\.){3}[0-9]{1,3}/(1[2-9]|2[0-4])$", var.service_ipv4_cidr)) && can(cidrnetmask(var.service_ipv4_cidr))
    error_message = "service_ipv4_cidr must be an IPv4 CIDR from /12 to /24, e.g. 172.20.0.0/16."
  }
}

variable "azs" {
  description = "Exactly three availability zones of var.region that offer the GPU instance types used."
  type        = list(string)

  validation {
    condition     = length(distinct(var.azs)) == 3
    error_message = "azs must list three distinct availability zones."
  }
}

variable "one_nat_gateway_per_az" {
  description = "true: one NAT gateway per AZ (an AZ outage does not cut egress; prod). false: a single NAT gateway (dev)."
  type        = bool
}

variable "enable_karpenter_vpc_endpoints" {
  description = "Add the ec2, sqs, ssm and eks interface endpoints Karpenter needs when private subnets have no NAT route."
  type        = bool
  default     = false
}

################################################################################
# Cluster access
################################################################################

variable "endpoint_public_access" {
  description = "Expose the EKS API endpoint publicly (bootstrap from outside the VPC). true exactly when src/config platform.network.apiPublicCidrs is not empty."
  type        = bool
}

variable "endpoint_public_access_cidrs" {
  description = "CIDRs allowed to reach the public API endpoint: src/config platform.network.apiPublicCidrs."
  type        = list(string)

  validation {
    condition     = !var.endpoint_public_access || length(var.endpoint_public_access_cidrs) > 0
    error_message = "A public endpoint needs at least one allowed CIDR; leave it private instead."
  }
}

variable "flow_log_retention_days" {
  description = "Days VPC flow logs stay in CloudWatch Logs: src/config platform.network.flowLogRetentionDays."
  type        = number
}

variable "ecr_repositories" {
  description = "ECR repositories the workloads pull from (src/config workload images under the account's registry)."
  type        = list(string)
}

variable "cluster_admin_role_arns" {
  description = "IAM role ARNs that get an EKS access entry with AmazonEKSClusterAdminPolicy (besides the creator)."
  type        = list(string)
  default     = []
}

################################################################################
# Karpenter and Pod Identity (names the manifests reference)
################################################################################

variable "karpenter_node_role_name" {
  description = "IAM role of Karpenter-launched nodes (src/config cluster.nodeRoleName; EC2NodeClass spec.role)."
  type        = string

  validation {
    condition     = length(var.karpenter_node_role_name) > 0 && length(var.karpenter_node_role_name) <= 64
    error_message = "karpenter_node_role_name must be an IAM role name of 1-64 characters."
  }
}

variable "karpenter_interruption_queue_name" {
  description = "SQS queue for spot interruption and rebalance events (src/config cluster.interruptionQueueName)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", var.karpenter_interruption_queue_name))
    error_message = "karpenter_interruption_queue_name must be an SQS queue name (1-80 of A-Z a-z 0-9 _ -)."
  }
}

variable "pod_identity" {
  description = "Namespace and service account of each Pod Identity association (src/config podIdentity)."
  type = object({
    karpenter        = object({ namespace = string, service_account = string })
    external_secrets = object({ namespace = string, service_account = string })
    ebs_csi          = object({ namespace = string, service_account = string })
  })

  validation {
    # The aws-ebs-csi-driver EKS add-on always installs its controller into kube-system.
    condition     = var.pod_identity.ebs_csi.namespace == "kube-system"
    error_message = "pod_identity.ebs_csi.namespace must be kube-system (where the EKS add-on runs its controller)."
  }
}

################################################################################
# Node groups (always-on capacity; Karpenter adds the elastic part)
################################################################################

variable "gpu_node_labels" {
  description = "Labels every GPU node carries, Karpenter-launched or baseline (src/config nodes.gpuNodeLabels)."
  type        = map(string)
}

variable "gpu_taint" {
  description = "Taint of every GPU node (src/config nodes.gpuTaint); effect in EKS form, e.g. NO_SCHEDULE."
  type        = object({ key = string, value = string, effect = string })

  validation {
    condition     = contains(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"], var.gpu_taint.effect)
    error_message = "gpu_taint.effect must be NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE."
  }
}

variable "system_node_group" {
  description = "Always-on node group for controllers (src/config nodes.systemNodeGroup)."
  type = object({
    instance_type   = string
    desired_size    = number
    min_size        = number
    max_size        = number
    labels          = map(string)
    taints          = list(object({ key = string, value = string, effect = string }))
    root_volume_gib = number
  })

  validation {
    condition = (var.system_node_group.desired_size >= 1 &&
      var.system_node_group.min_size <= var.system_node_group.desired_size &&
    var.system_node_group.desired_size <= var.system_node_group.max_size)
    error_message = "system_node_group needs 1 <= min_size <= desired_size <= max_size: controllers need somewhere to run."
  }
}

variable "system_pod_placement" {
  description = "nodeSelector and tolerations (Kubernetes form) that pin a pod to the system node group: its labels and a toleration of each taint (src/config nodes.systemNodeGroup, as the charts' controllers get them). Used by EKS add-ons that must run there (metrics-server)."
  type = object({
    node_selector = map(string)
    tolerations   = list(object({ key = string, operator = string, effect = string }))
  })
}

variable "baseline_gpu_node_group" {
  description = "Always-on GPU node group, NVIDIA AL2023 AMI (src/config nodes.baselineGpuNodeGroup); desired_size 0 creates no group. auto_repair: EKS node auto repair (node_repair_config.enabled)."
  type = object({
    instance_type   = string
    desired_size    = number
    min_size        = number
    max_size        = number
    labels          = map(string)
    taints          = list(object({ key = string, value = string, effect = string }))
    root_volume_gib = number
    auto_repair     = bool
  })

  validation {
    # EKS rejects a managed node group with max_size 0, so 0 means "no group" (see eks.tf).
    condition = (var.baseline_gpu_node_group.desired_size == 0 ||
      (var.baseline_gpu_node_group.min_size <= var.baseline_gpu_node_group.desired_size &&
    var.baseline_gpu_node_group.desired_size <= var.baseline_gpu_node_group.max_size))
    error_message = "baseline_gpu_node_group needs min_size <= desired_size <= max_size (or desired_size 0 for no group)."
  }

  validation {
    # Same labels and taint as the Karpenter GPU pools, or GPU workloads never land on it
    # (paid for, idle). Cross-variable validation: the reason for Terraform >= 1.9.
    condition = (alltrue([for k, v in var.gpu_node_labels : lookup(var.baseline_gpu_node_group.labels, k, null) == v]) &&
    contains(var.baseline_gpu_node_group.taints, var.gpu_taint))
    error_message = "baseline_gpu_node_group must carry every gpu_node_labels entry and the gpu_taint."
  }
}

variable "dra_node_group" {
  description = "The DRA node group and its Cluster Autoscaler's Pod Identity binding (src/config dra, src/terraform/dra.ts); null: no DRA path. auto_repair: EKS node auto repair (node_repair_config.enabled)."
  type = object({
    instance_type      = string
    min_size           = number
    max_size           = number
    labels             = map(string)
    taints             = list(object({ key = string, value = string, effect = string }))
    root_volume_gib    = number
    auto_repair        = bool
    asg_tags           = map(string)
    cluster_autoscaler = object({ namespace = string, service_account = string })
  })

  validation {
    # Cluster Autoscaler on AWS cannot scale a DRA group from zero (src/config/rules/dra.ts).
    condition     = var.dra_node_group == null || try(var.dra_node_group.min_size >= 1 && var.dra_node_group.min_size <= var.dra_node_group.max_size, false)
    error_message = "dra_node_group needs 1 <= min_size <= max_size."
  }
}

variable "registry_mirror_endpoint" {
  description = "Node-local Dragonfly dfdaemon proxy the baseline GPU nodes' containerd tries first (src/config nodes.registryMirror.endpoint)."
  type        = string

  validation {
    condition     = can(regex("^http://127\\.0\\.0\\.1:[0-9]+$", var.registry_mirror_endpoint))
    error_message = "registry_mirror_endpoint must be the node-local dfdaemon proxy, http://127.0.0.1:<port>."
  }
}

