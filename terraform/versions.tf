# Pinned toolchain. Terraform 1.9 is the floor because variables.tf validates one variable
# against another (cross-variable validation arrived in 1.9). The S3 backend's native lock
# file (`use_lockfile`, see envs/backend-*.hcl) needs 1.10 or later.
terraform {
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0" # the eks v21 and vpc v6 modules require provider v6
    }
  }

  # Partial configuration: bucket, key, region and locking come from
  # `terraform init -backend-config=envs/backend-<env>.hcl`, so one code base serves every
  # environment without committing account-specific state locations into the module.
  backend "s3" {}
}
