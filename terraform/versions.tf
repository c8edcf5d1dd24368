# Pinned toolchain. Terraform 1.10 is the floor: the S3 backend's native lock file
# (`use_lockfile` in generated/<env>/backend.s3.tfbackend) arrived in 1.10, and variables.tf
# validates one variable against another (1.9 and later).
terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0" # the eks v21 and vpc v6 modules require provider v6
    }
  }

  # Partial configuration: bucket, key, region and locking come from
  # `terraform init -backend-config=generated/<env>/backend.s3.tfbackend` (written by synth from
  # src/config), so one code base serves every environment.
  backend "s3" {}
}
