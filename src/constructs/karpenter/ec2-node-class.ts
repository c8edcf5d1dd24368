import { Construct } from 'constructs';
import {
  Ec2NodeClass as Ec2NodeClassResource,
  Ec2NodeClassSpecBlockDeviceMappingsEbsVolumeType as VolumeType,
  Ec2NodeClassSpecMetadataOptionsHttpEndpoint as HttpEndpoint,
  Ec2NodeClassSpecMetadataOptionsHttpProtocolIPv6 as HttpIpv6,
  Ec2NodeClassSpecMetadataOptionsHttpTokens as HttpTokens,
  type Ec2NodeClassSpecBlockDeviceMappings,
} from '../../../imports/karpenter.k8s.aws';
import { al2023UserData, bottlerocketUserData, type RegistryMirrorProps } from './registry-mirror';

/** One capacity reservation selector term: an id or tags. */
export interface CapacityReservationTerm {
  readonly id?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Props of {@link Ec2NodeClass}. */
export interface Ec2NodeClassProps {
  readonly name: string;
  readonly amiFamily: 'AL2023' | 'Bottlerocket';
  /** AMI alias, e.g. `al2023@v20260818`. */
  readonly amiAlias: string;
  /** Value of the `karpenter.sh/discovery` tag on subnets and the node security group. */
  readonly discoveryTag: string;
  /** IAM role of the nodes. */
  readonly role: string;
  /** Root (AL2023) or data (Bottlerocket) volume. */
  readonly volume: { readonly sizeGiB: number; readonly iops: number; readonly throughputMiBps: number };
  /** Registry mirror written at boot. */
  readonly registryMirror: RegistryMirrorProps;
  /**
   * On-Demand Capacity Reservations the class may launch into, each by id or by tags
   * (`capacityReservationSelectorTerms`; Karpenter refuses an id with other fields). @default none
   */
  readonly capacityReservations?: readonly CapacityReservationTerm[];
  /** Tags on every instance, volume and interface. */
  readonly tags: Readonly<Record<string, string>>;
}

const DISCOVERY_TAG = 'karpenter.sh/discovery';

function ebs(sizeGiB: number, iops: number, throughput: number) {
  return { volumeSize: `${sizeGiB}Gi`, volumeType: VolumeType.GP3, iops, throughput, encrypted: true, deleteOnTermination: true };
}

/**
 * EC2NodeClass with IMDSv2 only (hop limit 1: pods use Pod Identity, not the node role),
 * subnets and security groups found by the discovery tag, encrypted gp3 sized for large images.
 */
export class Ec2NodeClass extends Construct {
  constructor(scope: Construct, id: string, props: Ec2NodeClassProps) {
    super(scope, id);
    const bottlerocket = props.amiFamily === 'Bottlerocket';
    const { sizeGiB, iops, throughputMiBps } = props.volume;
    // Bottlerocket keeps the OS on xvda and images/containers on the xvdb data volume.
    const blockDeviceMappings: Ec2NodeClassSpecBlockDeviceMappings[] = bottlerocket
      ? [
          { deviceName: '/dev/xvda', ebs: ebs(4, 3000, 125) },
          { deviceName: '/dev/xvdb', ebs: ebs(sizeGiB, iops, throughputMiBps) },
        ]
      : [{ deviceName: '/dev/xvda', rootVolume: true, ebs: ebs(sizeGiB, iops, throughputMiBps) }];
    new Ec2NodeClassResource(this, 'Resource', {
      metadata: { name: props.name },
      spec: {
        amiSelectorTerms: [{ alias: props.amiAlias }],
        role: props.role,
        subnetSelectorTerms: [{ tags: { [DISCOVERY_TAG]: props.discoveryTag } }],
        securityGroupSelectorTerms: [{ tags: { [DISCOVERY_TAG]: props.discoveryTag } }],
        capacityReservationSelectorTerms: props.capacityReservations?.map((r) => (r.id ? { id: r.id } : { tags: { ...r.tags } })),
        metadataOptions: {
          httpEndpoint: HttpEndpoint.ENABLED,
          httpProtocolIPv6: HttpIpv6.DISABLED,
          httpPutResponseHopLimit: 1,
          httpTokens: HttpTokens.REQUIRED,
        },
        blockDeviceMappings,
        userData: bottlerocket ? bottlerocketUserData(props.registryMirror) : al2023UserData(props.registryMirror),
        tags: { ...props.tags },
      },
    });
  }
}
