import type { EnvironmentConfig } from '../types';

/**
 * The ECR repositories the workloads pull from: the repository path of every workload image on
 * the environment's own registry (`<registryHost>/<repository>:<tag>` or `@<digest>`), sorted
 * and unique. Terraform creates exactly these (terraform/ecr.tf, `ecr_repositories`).
 */
export function ecrRepositories(env: EnvironmentConfig): string[] {
  const prefix = `${env.cluster.registryHost}/`;
  const repos = Object.values(env.workloads.services)
    .map((w) => w.image)
    .filter((image) => image.startsWith(prefix))
    .map((image) => image.slice(prefix.length).split('@')[0].replace(/:[^/:]+$/, ''));
  return [...new Set(repos)].sort();
}
