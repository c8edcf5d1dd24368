import { Construct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
  ExternalSecretSpecTargetTemplateEngineVersion,
  ExternalSecretSpecTargetTemplateMergePolicy,
} from '../../../imports/external-secrets.io';

/** Props of {@link SyncedSecret}. */
export interface SyncedSecretProps {
  /** Name and namespace of the Kubernetes Secret (and of the ExternalSecret creating it). */
  readonly name: string;
  readonly namespace: string;
  /** ClusterSecretStore to read from. */
  readonly store: string;
  /** Remote secret (Secrets Manager name) holding a JSON object. */
  readonly remoteKey: string;
  /** Secret keys, each taken from the JSON property of the same name. */
  readonly keys: readonly string[];
  /** How often the value is re-read, e.g. `1h`. */
  readonly refreshInterval: string;
  /**
   * Extra keys rendered from the fetched values (External Secrets template engine v2, e.g.
   * a config file embedding a password), merged with the plain keys. @default none
   */
  readonly templates?: Readonly<Record<string, string>>;
}

/**
 * A Kubernetes Secret kept in sync with a remote secret by External Secrets. Only references
 * live in Git: the values stay in the remote store.
 */
export class SyncedSecret extends Construct {
  constructor(scope: Construct, id: string, props: SyncedSecretProps) {
    super(scope, id);
    new ExternalSecret(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        refreshInterval: props.refreshInterval,
        secretStoreRef: { kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE, name: props.store },
        target: {
          name: props.name,
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
          template: props.templates
            ? {
                engineVersion: ExternalSecretSpecTargetTemplateEngineVersion.V2,
                mergePolicy: ExternalSecretSpecTargetTemplateMergePolicy.MERGE,
                data: { ...props.templates },
              }
            : undefined,
        },
        data: props.keys.map((key) => ({ secretKey: key, remoteRef: { key: props.remoteKey, property: key } })),
      },
    });
  }
}
