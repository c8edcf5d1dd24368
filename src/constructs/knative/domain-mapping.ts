import { Construct } from 'constructs';
import { ClusterDomainClaim } from '../../../imports/networking.internal.knative.dev';
import { DomainMapping } from '../../../imports/serving.knative.dev';

/** Props of {@link PublicHost}. */
export interface PublicHostProps {
  /** Exact host name (no wildcard). */
  readonly host: string;
  /** Namespace and name of the (cluster-local) Knative Service it serves. */
  readonly namespace: string;
  readonly service: string;
}

/**
 * Publishes one cluster-local Knative Service at exactly one host: a ClusterDomainClaim that
 * delegates the host to the namespace, and a DomainMapping. Knative documents that a mapping
 * to a private (cluster-local) Service makes it reachable at the mapped host only.
 */
export class PublicHost extends Construct {
  constructor(scope: Construct, id: string, props: PublicHostProps) {
    super(scope, id);
    new ClusterDomainClaim(this, 'Claim', { metadata: { name: props.host }, spec: { namespace: props.namespace } });
    new DomainMapping(this, 'Mapping', {
      metadata: { name: props.host, namespace: props.namespace },
      spec: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: props.service, namespace: props.namespace } },
    });
  }
}
