# dev: cheap and disposable. One NAT gateway, no always-on GPU (Karpenter launches GPU nodes
# on demand and removes them when idle). Only Terraform's own choices live here; everything
# that comes from src/config is in generated/dev/platform.tfvars.json (written by
# `npm run synth`; pass both with -var-file, see terraform/README.md).

cluster_admin_role_arns      = []
baseline_gpu_root_volume_gib = 100
