# prod: only Terraform's own choices live here; everything that comes from src/config (names,
# CIDRs, AZs and NAT layout, node groups, the 4 always-on GPUs, API access, flow log retention, ECR
# repositories) is in generated/prod/platform.tfvars.json (written by `npm run synth`; pass both
# with -var-file, see terraform/README.md).

cluster_admin_role_arns      = []
baseline_gpu_root_volume_gib = 200
