provider "aws" {
  region = var.region

  # Refuse to touch any other account: a dev tfvars applied with prod credentials (or the
  # reverse) fails at plan time instead of creating a second cluster in the wrong place.
  # It also makes var.account_id trustworthy for the ARNs and the ECR host in outputs.tf.
  allowed_account_ids = [var.account_id]

  # Never put `karpenter.sh/discovery` here: default tags reach every security group
  # (cluster, endpoints, node groups) and Karpenter would attach all of them to its nodes.
  default_tags {
    tags = merge(var.tags, {
      Environment = var.environment
      Cluster     = var.cluster_name
      ManagedBy   = "terraform"
    })
  }
}
