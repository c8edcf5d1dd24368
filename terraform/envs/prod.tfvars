# prod: NAT per AZ and 4 always-on GPUs (4 x g5.xlarge, 1 A10G each) for the business-hours
# baseline and warm image caches; Karpenter bursts above them. Names equal
# src/config/environments/prod.ts (test/terraform/terraform.test.ts fails on any difference).

environment        = "prod"
region             = "us-east-1"
account_id         = "444455556666"
cluster_name       = "gpu-inference-prod"
kubernetes_version = "1.35"

# Both equal src/config platform.network (vpcCidr, serviceCidr): the NetworkPolicies allow
# node and API-server traffic by these CIDRs.
vpc_cidr          = "10.20.0.0/16"
service_ipv4_cidr = "172.20.0.0/16" # Kubernetes Services; outside the VPC, fixed at cluster creation
# AZ names map to different physical zones per account: pick three that offer the GPU types
# (aws ec2 describe-instance-type-offerings --location-type availability-zone ...).
azs                            = ["us-east-1a", "us-east-1b", "us-east-1c"]
one_nat_gateway_per_az         = true
enable_karpenter_vpc_endpoints = false

# src/config platform.network.apiPublicCidrs: none, the API endpoint is private (reach it
# through the VPC: VPN or SSM port forwarding; Argo CD runs in the cluster)
endpoint_public_access       = false
endpoint_public_access_cidrs = []
flow_log_retention_days      = 365

# src/config workload images on this account's registry (src/config/derived/ecr.ts)
ecr_repositories = ["inference/chat-vllm", "inference/embedding-worker"]
cluster_admin_role_arns      = []

karpenter_node_role_name          = "gpu-inference-prod-karpenter-node"
karpenter_interruption_queue_name = "gpu-inference-prod-karpenter-interruptions"

pod_identity = {
  karpenter        = { namespace = "karpenter", service_account = "karpenter" }
  external_secrets = { namespace = "external-secrets", service_account = "external-secrets" }
  ebs_csi          = { namespace = "kube-system", service_account = "ebs-csi-controller-sa" }
}

gpu_node_labels = { "gpu-inference.io/accelerator" = "nvidia" }
gpu_taint       = { key = "nvidia.com/gpu", value = "true", effect = "NO_SCHEDULE" }

system_node_group = {
  instance_type = "m6i.xlarge"
  desired_size  = 4
  min_size      = 4
  max_size      = 6
  labels        = { "gpu-inference.io/node-role" = "system" }
  taints        = [{ key = "CriticalAddonsOnly", value = "true", effect = "NO_SCHEDULE" }]
}

baseline_gpu_node_group = {
  instance_type = "g5.xlarge"
  desired_size  = 4
  min_size      = 4
  max_size      = 4
  labels        = { "gpu-inference.io/accelerator" = "nvidia" }
  taints        = [{ key = "nvidia.com/gpu", value = "true", effect = "NO_SCHEDULE" }]
}
baseline_gpu_root_volume_gib = 200

# containerd on baseline GPU nodes tries the node-local Dragonfly dfdaemon first (same mirror
# as Karpenter's node classes; src/config nodes.registryMirror.endpoint).
registry_mirror_endpoint = "http://127.0.0.1:4001"
