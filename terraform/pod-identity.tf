# EKS Pod Identity roles besides Karpenter's (karpenter.tf): the EBS CSI controller (bound
# through its EKS add-on in eks.tf) and External Secrets. Pod Identity needs no OIDC provider;
# the eks-pod-identity-agent add-on hands credentials to pods via the EKS Auth API.

# Trust policy per role: only the pods.eks.amazonaws.com service, and only for the one
# cluster, namespace and service account of the binding. Pod Identity passes these as session
# tags (the reason for sts:TagSession), so another association in the account that points at
# this role cannot use it.
data "aws_iam_policy_document" "pod_identity_trust" {
  for_each = {
    ebs_csi          = var.pod_identity.ebs_csi
    external_secrets = var.pod_identity.external_secrets
  }

  statement {
    sid     = "EksPodIdentity"
    actions = ["sts:AssumeRole", "sts:TagSession"]

    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/eks-cluster-name"
      values   = [var.cluster_name]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-namespace"
      values   = [each.value.namespace]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-service-account"
      values   = [each.value.service_account]
    }
  }
}

################################################################################
# EBS CSI driver
################################################################################

resource "aws_iam_role" "ebs_csi" {
  name               = "${var.cluster_name}-ebs-csi"
  description        = "EBS CSI controller (${var.pod_identity.ebs_csi.namespace}/${var.pod_identity.ebs_csi.service_account}) via Pod Identity"
  assume_role_policy = data.aws_iam_policy_document.pod_identity_trust["ebs_csi"].json
}

resource "aws_iam_role_policy_attachment" "ebs_csi" {
  role       = aws_iam_role.ebs_csi.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
}

################################################################################
# External Secrets Operator
################################################################################

locals {
  # External Secrets may read only this cluster's secrets: names start with "<cluster>/".
  external_secrets_secret_arn = "arn:aws:secretsmanager:${var.region}:${var.account_id}:secret:${var.cluster_name}/*"
}

resource "aws_iam_role" "external_secrets" {
  name               = "${var.cluster_name}-external-secrets"
  description        = "External Secrets (${var.pod_identity.external_secrets.namespace}/${var.pod_identity.external_secrets.service_account}) via Pod Identity"
  assume_role_policy = data.aws_iam_policy_document.pod_identity_trust["external_secrets"].json
}

data "aws_iam_policy_document" "external_secrets" {
  statement {
    sid       = "ReadClusterSecrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [local.external_secrets_secret_arn]
  }
}

resource "aws_iam_role_policy" "external_secrets" {
  name   = "read-cluster-secrets"
  role   = aws_iam_role.external_secrets.id
  policy = data.aws_iam_policy_document.external_secrets.json
}

resource "aws_eks_pod_identity_association" "external_secrets" {
  cluster_name    = module.eks.cluster_name
  namespace       = var.pod_identity.external_secrets.namespace
  service_account = var.pod_identity.external_secrets.service_account
  role_arn        = aws_iam_role.external_secrets.arn
}
