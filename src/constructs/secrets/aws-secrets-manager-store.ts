import { Construct } from 'constructs';
import { ClusterSecretStore, ClusterSecretStoreSpecProviderAwsService } from '../../../imports/external-secrets.io';

/** Props of {@link AwsSecretsManagerStore}. */
export interface AwsSecretsManagerStoreProps {
  /** ClusterSecretStore name that ExternalSecrets reference. */
  readonly name: string;
  /** AWS region of the secrets. */
  readonly region: string;
  /** Namespaces allowed to use the store (anything else cannot read platform secrets). */
  readonly namespaces: readonly string[];
}

/**
 * A ClusterSecretStore reading AWS Secrets Manager with the controller's own credentials.
 * No `auth` block on purpose: without one the provider uses the AWS SDK default credential
 * chain, which picks up EKS Pod Identity from the controller's service account (the
 * association Terraform creates for podIdentity.externalSecrets). See
 * https://external-secrets.io/v2.8.0/provider/aws-access/ ("Controller's Pod Identity").
 */
export class AwsSecretsManagerStore extends Construct {
  constructor(scope: Construct, id: string, props: AwsSecretsManagerStoreProps) {
    super(scope, id);
    new ClusterSecretStore(this, 'Resource', {
      metadata: { name: props.name },
      spec: {
        provider: { aws: { service: ClusterSecretStoreSpecProviderAwsService.SECRETS_MANAGER, region: props.region } },
        conditions: [{ namespaces: [...props.namespaces] }],
      },
    });
  }
}
