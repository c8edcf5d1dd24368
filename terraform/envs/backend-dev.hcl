# S3 backend for dev: terraform init -backend-config=envs/backend-dev.hcl
# Create the bucket once, in the dev account, with versioning and default encryption on.
# use_lockfile writes a .tflock object next to the state (S3 native locking, Terraform >= 1.10;
# no DynamoDB table). On Terraform 1.9 use dynamodb_table = "<table>" instead.
bucket       = "gpu-inference-tfstate-111122223333"
key          = "gpu-inference/dev/terraform.tfstate"
region       = "us-east-1"
encrypt      = true
use_lockfile = true
