# Everything the Kubernetes layer (src/config, the Karpenter/External Secrets/Argo CD
# manifests) relies on. The names equal src/config's; test/terraform checks they agree.

locals {
  # Node groups take EKS taint effects; Kubernetes objects (tolerations) take these.
  kubernetes_taint_effect = {
    NO_SCHEDULE        = "NoSchedule"
    NO_EXECUTE         = "NoExecute"
    PREFER_NO_SCHEDULE = "PreferNoSchedule"
  }
}

output "cluster_name" {
  description = "EKS cluster name (Karpenter settings.clusterName, kubeconfig)."
  value       = module.eks.cluster_name
}

output "cluster_endpoint" {
  description = "Kubernetes API endpoint (Karpenter settings.clusterEndpoint, Argo CD cluster)."
  value       = module.eks.cluster_endpoint
}

output "kubernetes_version" {
  description = "EKS control plane version."
  value       = module.eks.cluster_version
}

output "region" {
  description = "AWS region."
  value       = var.region
}

output "account_id" {
  description = "AWS account id (the provider allows no other)."
  value       = var.account_id
}

output "ecr_registry_host" {
  description = "ECR registry host workloads pull from and the Dragonfly mirror fronts."
  value       = "${var.account_id}.dkr.ecr.${var.region}.amazonaws.com"
}

output "vpc_id" {
  description = "VPC of the cluster."
  value       = module.vpc.vpc_id
}

output "private_subnet_ids" {
  description = "Private subnets (tagged karpenter.sh/discovery) where all nodes run."
  value       = module.vpc.private_subnets
}

output "karpenter_discovery_tag" {
  description = "Tag on the private subnets and the node security group that EC2NodeClass selectors match."
  value       = { key = "karpenter.sh/discovery", value = var.cluster_name }
}

output "node_security_group_id" {
  description = "The one security group carrying the discovery tag."
  value       = module.eks.node_security_group_id
}

output "karpenter_node_role_name" {
  description = "IAM role of Karpenter nodes (EC2NodeClass spec.role)."
  value       = module.karpenter.node_iam_role_name
}

output "karpenter_instance_profile_name" {
  description = "Instance profile of that role (EC2NodeClass spec.instanceProfile, if preferred to spec.role)."
  value       = module.karpenter.instance_profile_name
}

output "karpenter_interruption_queue_name" {
  description = "SQS interruption queue (Karpenter settings.interruptionQueue)."
  value       = module.karpenter.queue_name
}

output "pod_identity_associations" {
  description = "Namespace, service account and IAM role of each Pod Identity association."
  value = {
    karpenter = {
      namespace       = var.pod_identity.karpenter.namespace
      service_account = var.pod_identity.karpenter.service_account
      role_arn        = module.karpenter.iam_role_arn
    }
    external_secrets = {
      namespace       = var.pod_identity.external_secrets.namespace
      service_account = var.pod_identity.external_secrets.service_account
      role_arn        = aws_iam_role.external_secrets.arn
    }
    ebs_csi = {
      namespace       = var.pod_identity.ebs_csi.namespace
      service_account = var.pod_identity.ebs_csi.service_account
      role_arn        = aws_iam_role.ebs_csi.arn
    }
  }
}

output "external_secrets_secret_prefix" {
  description = "Secrets Manager name prefix External Secrets may read (ExternalSecret remoteRef keys start with it)."
  value       = "${var.cluster_name}/"
}

output "gpu_node_labels" {
  description = "Labels of every GPU node (Karpenter GPU pools and the baseline group)."
  value       = var.gpu_node_labels
}

output "gpu_taint" {
  description = "Taint of every GPU node, effect in Kubernetes form (for tolerations)."
  value = {
    key    = var.gpu_taint.key
    value  = var.gpu_taint.value
    effect = local.kubernetes_taint_effect[var.gpu_taint.effect]
  }
}

output "baseline_gpu_node_group" {
  description = "Baseline GPU node group as created (null when desired_size is 0)."
  value = var.baseline_gpu_node_group.desired_size > 0 ? {
    instance_type = var.baseline_gpu_node_group.instance_type
    desired_size  = var.baseline_gpu_node_group.desired_size
    labels        = var.baseline_gpu_node_group.labels
    taints = [for t in var.baseline_gpu_node_group.taints : {
      key    = t.key
      value  = t.value
      effect = local.kubernetes_taint_effect[t.effect]
    }]
  } : null
}
