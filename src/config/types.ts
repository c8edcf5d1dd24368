/**
 * The typed shape of one environment. Every value that differs per environment is a field
 * here, and every field changes the rendered output (test/config/fields.test.ts proves it).
 */

/** Pod Security Standards level. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** Identity of the EKS cluster and the AWS names the manifests refer to (Terraform creates them). */
export interface ClusterConfig {
  /** EKS cluster name; also the `karpenter.sh/discovery` tag value. */
  readonly name: string;
  /** AWS region, e.g. `us-east-1`. */
  readonly region: string;
  /** 12-digit AWS account id. */
  readonly accountId: string;
  /** ECR registry host the workloads pull from (`<account>.dkr.ecr.<region>.amazonaws.com`). */
  readonly registryHost: string;
  /** IAM role name of Karpenter-launched nodes. */
  readonly nodeRoleName: string;
  /** SQS queue Karpenter reads spot interruption and rebalance events from. */
  readonly interruptionQueueName: string;
}

/** Pod Security admission labels of one namespace. */
export interface PodSecurityConfig {
  readonly enforce: PodSecurityLevel;
  readonly audit: PodSecurityLevel;
  readonly warn: PodSecurityLevel;
}

/** A namespace the platform owns. */
export interface NamespaceConfig {
  readonly podSecurity: PodSecurityConfig;
  /** Why this namespace needs its enforce level; required when enforce is `privileged`. */
  readonly reason: string;
}

/** Where Argo CD reads this repository. */
export interface GitOpsConfig {
  /** Git URL of this repository. */
  readonly repoUrl: string;
  /** Branch, tag or commit Argo CD tracks for this environment. */
  readonly targetRevision: string;
}

/** One environment (dev, prod, ...): everything that is rendered for it. */
export interface EnvironmentConfig {
  /** Environment name: the dist/<name> and argocd/<name> folder. */
  readonly name: string;
  readonly cluster: ClusterConfig;
  readonly gitops: GitOpsConfig;
  /** Namespaces by name. */
  readonly namespaces: Readonly<Record<string, NamespaceConfig>>;
}

/** A recursive partial, for environment overrides of the base. */
export type Override<T> = T extends readonly (infer _U)[]
  ? T
  : T extends object
    ? { readonly [K in keyof T]?: Override<T[K]> }
    : T;
