import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * Dynamic Resource Allocation for a GPU pod: a ResourceClaimTemplate (one claim per pod,
 * deleted with it) and the pod fields that use it. Shapes are kubernetes/api
 * resource/v1/types.go and core/v1/types.go @v0.35.4 (`resource.k8s.io/v1`, served since
 * Kubernetes 1.34): `spec.spec.devices.requests[].exactly.{deviceClassName, selectors[].cel.expression, count}`,
 * `PodResourceClaim.resourceClaimTemplateName`, `ResourceClaim.name` in a container's resources.
 */

/** The claim a GPU pod takes (GpuPodProps.claim). */
export interface GpuClaim {
  /** Name of the ResourceClaimTemplate (and of the pod's claim entry). */
  readonly templateName: string;
  /** Labels of the nodes that publish these devices (the DRA node group). */
  readonly nodeLabels: Readonly<Record<string, string>>;
}

/** Props of {@link GpuResourceClaimTemplate}. */
export interface GpuResourceClaimTemplateProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** DeviceClass of the request, e.g. `gpu.nvidia.com`. */
  readonly deviceClassName: string;
  /** CEL expressions, all of which a device must satisfy. @default none */
  readonly selectors?: readonly string[];
  /** Devices per claim (ExactCount). */
  readonly count: number;
}

/** Name of the one request in the claim (a DNS label). */
export const GPU_REQUEST = 'gpus';

/** A ResourceClaimTemplate with one ExactCount request. */
export class GpuResourceClaimTemplate extends Construct {
  constructor(scope: Construct, id: string, props: GpuResourceClaimTemplateProps) {
    super(scope, id);
    const selectors = (props.selectors ?? []).map((expression) => ({ cel: { expression } }));
    new ApiObject(this, 'Resource', {
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceClaimTemplate',
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels ? { ...props.labels } : undefined },
      spec: {
        spec: {
          devices: {
            requests: [
              {
                name: GPU_REQUEST,
                exactly: {
                  deviceClassName: props.deviceClassName,
                  allocationMode: 'ExactCount',
                  count: props.count,
                  ...(selectors.length > 0 ? { selectors } : {}),
                },
              },
            ],
          },
        },
      },
    });
  }
}

/**
 * Adds the claim to a pod template at `podPath` (e.g. `/spec/template/spec`) of a typed object.
 * cdk8s-plus-30's classes know the 1.30 `PodResourceClaim` (`source`, removed in 1.31) and
 * drop unknown fields after JSON patches are applied, so the 1.35 fields are added to the
 * object's final JSON instead.
 */
export function addClaimToPod(obj: ApiObject, podPath: string, claim: GpuClaim, container = 0): void {
  const ops = [
    JsonPatch.add(`${podPath}/resourceClaims`, [{ name: claim.templateName, resourceClaimTemplateName: claim.templateName }]),
    JsonPatch.add(`${podPath}/containers/${container}/resources/claims`, [{ name: claim.templateName }]),
  ];
  const typed = obj.toJson.bind(obj);
  obj.toJson = () => JsonPatch.apply(typed(), ...ops);
}
