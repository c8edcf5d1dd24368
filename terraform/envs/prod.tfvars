# prod: NAT per AZ, so losing an AZ does not cut the others' egress. Only Terraform's own
# choices live here; everything that comes from src/config (names, CIDRs, node groups, the
# 4 always-on GPUs, API access, flow log retention, ECR repositories) is in
# generated/prod/platform.tfvars.json (written by `npm run synth`; pass both with -var-file).

# AZ names map to different physical zones per account: pick three that offer the GPU types
# (aws ec2 describe-instance-type-offerings --location-type availability-zone ...).
azs                            = ["us-east-1a", "us-east-1b", "us-east-1c"]
one_nat_gateway_per_az         = true
enable_karpenter_vpc_endpoints = false
cluster_admin_role_arns        = []
baseline_gpu_root_volume_gib   = 200
