# S3 backend for prod: terraform init -backend-config=envs/backend-prod.hcl
# Create the bucket once, in the prod account, with versioning and default encryption on.
# use_lockfile writes a .tflock object next to the state (S3 native locking, Terraform >= 1.10;
# no DynamoDB table). On Terraform 1.9 use dynamodb_table = "<table>" instead.
bucket       = "gpu-inference-tfstate-444455556666"
key          = "gpu-inference/prod/terraform.tfstate"
region       = "us-east-1"
encrypt      = true
use_lockfile = true
