# The repositories the inference workloads pull from. Tags are immutable: the image guardrail
# (synth refuses :latest, Kyverno disallow-latest-tag) trusts a tag to name one image forever,
# which only holds if nobody can push the same tag again.

resource "aws_ecr_repository" "workload" {
  for_each = toset(var.ecr_repositories)

  name                 = each.value
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }

  tags = var.tags
}

# Untagged layers (interrupted pushes, superseded multi-arch indexes) go after a week; tagged
# images are kept, since a rollback needs the previous release's exact tag.
resource "aws_ecr_lifecycle_policy" "workload" {
  for_each   = aws_ecr_repository.workload
  repository = each.value.name

  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Expire untagged images after 7 days"
      selection = {
        tagStatus   = "untagged"
        countType   = "sinceImagePushed"
        countUnit   = "days"
        countNumber = 7
      }
      action = { type = "expire" }
    }]
  })
}
