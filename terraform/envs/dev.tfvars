# dev: cheap and disposable. One NAT gateway, no always-on GPU (Karpenter launches GPU nodes
# on demand and removes them when idle). Only Terraform's own choices live here; everything
# that comes from src/config is in generated/dev/platform.tfvars.json (written by
# `npm run synth`; pass both with -var-file, see terraform/README.md).

# AZ names map to different physical zones per account: pick three that offer the GPU types
# (aws ec2 describe-instance-type-offerings --location-type availability-zone ...).
azs                            = ["us-east-1a", "us-east-1b", "us-east-1c"]
one_nat_gateway_per_az         = false
enable_karpenter_vpc_endpoints = false
cluster_admin_role_arns        = []
baseline_gpu_root_volume_gib   = 100
