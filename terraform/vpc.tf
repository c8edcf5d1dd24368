# Network: public + private subnets in three AZs. Nodes (managed and Karpenter) live in the
# private subnets; the public ones hold NAT gateways and internet-facing load balancers.

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.6.1"

  name = var.cluster_name
  cidr = var.vpc_cidr
  azs  = var.azs

  # /20 private subnets (4,091 usable addresses each): with the VPC CNI every pod takes a VPC
  # address, and a GPU burst can add dozens of nodes at once. /24 public subnets are enough
  # for NAT gateways and load balancers.
  private_subnets = [for i, _ in var.azs : cidrsubnet(var.vpc_cidr, 4, i)]
  public_subnets  = [for i, _ in var.azs : cidrsubnet(var.vpc_cidr, 8, 48 + i)]

  # prod: one NAT per AZ, so losing an AZ does not cut the others' egress.
  # dev: one shared NAT gateway; cheaper, and an AZ outage in dev is acceptable.
  enable_nat_gateway     = true
  single_nat_gateway     = !var.one_nat_gateway_per_az
  one_nat_gateway_per_az = var.one_nat_gateway_per_az

  # Interface endpoints with private DNS need both.
  enable_dns_hostnames = true
  enable_dns_support   = true

  # Flow logs (accepted and rejected traffic) to CloudWatch Logs, for incident review and to
  # see what the NetworkPolicies' VPC-level counterpart drops. Inputs of
  # terraform-aws-modules/terraform-aws-vpc variables.tf@v6.6.0 (enable_flow_log,
  # create_flow_log_cloudwatch_log_group/_iam_role, flow_log_cloudwatch_log_group_retention_in_days).
  enable_flow_log                                 = true
  create_flow_log_cloudwatch_log_group            = true
  create_flow_log_cloudwatch_iam_role             = true
  flow_log_traffic_type                           = "ALL"
  flow_log_cloudwatch_log_group_retention_in_days = var.flow_log_retention_days

  public_subnet_tags = {
    "kubernetes.io/role/elb" = "1" # internet-facing load balancers (e.g. the Kourier gateway)
  }

  private_subnet_tags = {
    "kubernetes.io/role/internal-elb" = "1"
    # EC2NodeClass subnetSelectorTerms select by this tag: Karpenter launches into the
    # private subnets only (never the public ones, which carry no discovery tag).
    "karpenter.sh/discovery" = var.cluster_name
  }
}

# VPC endpoints keep image pulls and AWS API calls on the AWS network: cheaper than NAT data
# processing for multi-GB inference images, and they keep working if NAT has trouble.
module "vpc_endpoints" {
  source  = "terraform-aws-modules/vpc/aws//modules/vpc-endpoints"
  version = "6.6.1"

  vpc_id     = module.vpc.vpc_id
  subnet_ids = module.vpc.private_subnets

  # Its own security group (HTTPS from inside the VPC), deliberately without the Karpenter
  # discovery tag: only the node security group may match Karpenter's selector.
  create_security_group      = true
  security_group_name_prefix = "${var.cluster_name}-vpc-endpoints-"
  security_group_description = "HTTPS from the VPC to the interface endpoints"
  security_group_rules = {
    ingress_https = {
      description = "HTTPS from within the VPC"
      cidr_blocks = [module.vpc.vpc_cidr_block]
    }
  }

  endpoints = merge(local.vpc_endpoints, local.karpenter_vpc_endpoints)
}

locals {
  vpc_endpoints = {
    # Image layers are S3 objects: the gateway endpoint is free and carries the bulk of a pull.
    s3 = {
      service         = "s3"
      service_type    = "Gateway"
      route_table_ids = module.vpc.private_route_table_ids
      tags            = { Name = "${var.cluster_name}-s3" }
    }
    # ECR API (auth, manifests) and the registry (docker) endpoint.
    ecr_api = {
      service             = "ecr.api"
      private_dns_enabled = true
      tags                = { Name = "${var.cluster_name}-ecr-api" }
    }
    ecr_dkr = {
      service             = "ecr.dkr"
      private_dns_enabled = true
      tags                = { Name = "${var.cluster_name}-ecr-dkr" }
    }
    # SDK calls other than Pod Identity still go to STS (AssumeRole chains, GetCallerIdentity).
    sts = {
      service             = "sts"
      private_dns_enabled = true
      tags                = { Name = "${var.cluster_name}-sts" }
    }
    # Pod Identity: the node agent exchanges the pod's token for credentials at the EKS Auth
    # API (eks-auth), not at STS. Karpenter, EBS CSI and External Secrets all depend on it.
    eks_auth = {
      service             = "eks-auth"
      private_dns_enabled = true
      tags                = { Name = "${var.cluster_name}-eks-auth" }
    }
    # External Secrets reads Secrets Manager.
    secretsmanager = {
      service             = "secretsmanager"
      private_dns_enabled = true
      tags                = { Name = "${var.cluster_name}-secretsmanager" }
    }
  }

  # Both environments have NAT, so Karpenter reaches these APIs through it. In private subnets
  # WITHOUT a NAT route it cannot work without them: ec2 (CreateFleet, Describe*), sqs (the
  # interruption queue), ssm (resolving AMI aliases from public parameters) and eks
  # (DescribeCluster for endpoint discovery). The pricing API has no VPC endpoint; Karpenter
  # then falls back to its built-in price list. (A filtering `for`, not `cond ? {...} : {}`:
  # the two branches would be different object types.)
  karpenter_vpc_endpoints = { for name in ["ec2", "sqs", "ssm", "eks"] : name => {
    service             = name
    private_dns_enabled = true
    tags                = { Name = "${var.cluster_name}-${name}" }
  } if var.enable_karpenter_vpc_endpoints }
}
