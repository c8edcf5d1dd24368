# dev: cheap and disposable. One NAT gateway, no always-on GPU (Karpenter launches GPU nodes
# on demand and removes them when idle). Names equal src/config/environments/dev.ts
# (test/terraform/terraform.test.ts fails on any difference).

environment        = "dev"
region             = "us-east-1"
account_id         = "111122223333"
cluster_name       = "gpu-inference-dev"
kubernetes_version = "1.35"

# Both equal src/config platform.network (vpcCidr, serviceCidr): the NetworkPolicies allow
# node and API-server traffic by these CIDRs.
vpc_cidr          = "10.10.0.0/16"
service_ipv4_cidr = "172.20.0.0/16" # Kubernetes Services; outside the VPC, fixed at cluster creation
# AZ names map to different physical zones per account: pick three that offer the GPU types
# (aws ec2 describe-instance-type-offerings --location-type availability-zone ...).
azs                            = ["us-east-1a", "us-east-1b", "us-east-1c"]
one_nat_gateway_per_az         = false
enable_karpenter_vpc_endpoints = false

# src/config platform.network.apiPublicCidrs (dev: open; narrow it to your VPN/office ranges)
endpoint_public_access       = true
endpoint_public_access_cidrs = ["0.0.0.0/0"]
flow_log_retention_days      = 30

# src/config workload images on this account's registry (src/config/derived/ecr.ts)
ecr_repositories = ["inference/chat-vllm", "inference/embedding-worker"]
cluster_admin_role_arns      = []

karpenter_node_role_name          = "gpu-inference-dev-karpenter-node"
karpenter_interruption_queue_name = "gpu-inference-dev-karpenter-interruptions"

pod_identity = {
  karpenter        = { namespace = "karpenter", service_account = "karpenter" }
  external_secrets = { namespace = "external-secrets", service_account = "external-secrets" }
  ebs_csi          = { namespace = "kube-system", service_account = "ebs-csi-controller-sa" }
}

gpu_node_labels = { "gpu-inference.io/accelerator" = "nvidia" }
gpu_taint       = { key = "nvidia.com/gpu", value = "true", effect = "NO_SCHEDULE" }

system_node_group = {
  instance_type = "t3.large"
  desired_size  = 3
  min_size      = 3
  max_size      = 4
  labels        = { "gpu-inference.io/node-role" = "system" }
  taints        = [{ key = "CriticalAddonsOnly", value = "true", effect = "NO_SCHEDULE" }]
}

# desired_size 0: no baseline GPU group is created in dev.
baseline_gpu_node_group = {
  instance_type = "g4dn.xlarge"
  desired_size  = 0
  min_size      = 0
  max_size      = 0
  labels        = { "gpu-inference.io/accelerator" = "nvidia" }
  taints        = [{ key = "nvidia.com/gpu", value = "true", effect = "NO_SCHEDULE" }]
}
baseline_gpu_root_volume_gib = 100

# containerd on baseline GPU nodes tries the node-local Dragonfly dfdaemon first (same mirror
# as Karpenter's node classes; src/config nodes.registryMirror.endpoint).
registry_mirror_endpoint = "http://127.0.0.1:4001"
