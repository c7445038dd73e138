/** What the network layer hands to the other layers. */
export interface NetworkOutputs {
  /** The VPC's ID. */
  readonly vpcId: string;
  /** The VPC's IPv4 CIDR. */
  readonly vpcCidr: string;
  /** AZ names, in subnet order. */
  readonly availabilityZones: string[];
  /** Public subnets (ALB, NAT), one per AZ. */
  readonly publicSubnetIds: string[];
  /** Private app subnets (ECS tasks), one per AZ; egress through NAT. */
  readonly appSubnetIds: string[];
  /** Isolated data subnets (RDS), one per AZ; no route to the internet. */
  readonly dataSubnetIds: string[];
  /** The ALB's security group (443/80 from the internet). */
  readonly albSecurityGroupId: string;
  /** The app tasks' security group (container port from the ALB only). */
  readonly appSecurityGroupId: string;
  /** The database's security group (5432 from the app only). */
  readonly databaseSecurityGroupId: string;
  /** The VPC interface endpoints' security group (443 from the app only); undefined when endpoints are off. @default undefined (VPC endpoints off) */
  readonly endpointSecurityGroupId?: string;
  /** Route table of the public subnets (default route to the internet gateway). @default undefined (not provided by this implementation) */
  readonly publicRouteTableId?: string;
  /** Route tables of the private app subnets, one per AZ (default route to NAT). @default undefined (not provided by this implementation) */
  readonly appRouteTableIds?: string[];
  /** Route table of the data subnets (local routes only). @default undefined (not provided by this implementation) */
  readonly dataRouteTableId?: string;
  /** Public IPs of the NAT gateways: the addresses third parties see from the app (for their allow-lists). @default undefined (not provided by this implementation) */
  readonly natPublicIps?: string[];
  /** The VPC flow-log group. @default undefined (not provided by this implementation) */
  readonly flowLogGroupName?: string;
  /**
   * ARN of the flow-log group.
   * @default undefined (not provided by this implementation)
   */
  readonly flowLogGroupArn?: string;
  /** The port the app security group admits from the ALB. @default undefined (not provided by this implementation) */
  readonly containerPort?: number;
  /** The port the database security group admits from the app. @default undefined (not provided by this implementation) */
  readonly databasePort?: number;
}

/**
 * What the `Network` construct hands over: every `NetworkOutputs` field it always provides is required here (the
 * interface leaves them optional for other implementations of the contract), so code that uses `Network` reads
 * `network.outputs.natPublicIps` without a non-null assertion. Only `endpointSecurityGroupId` stays optional
 * (undefined when `vpcEndpoints` is off).
 */
export type NetworkLayerOutputs = NetworkOutputs &
  Required<Pick<NetworkOutputs, 'publicRouteTableId' | 'appRouteTableIds' | 'dataRouteTableId' | 'natPublicIps' | 'flowLogGroupName' | 'flowLogGroupArn' | 'containerPort' | 'databasePort'>>;
