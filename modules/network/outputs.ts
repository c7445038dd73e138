/** What the network layer hands to the other layers. */
export interface NetworkOutputs {
  readonly vpcId: string;
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
  /** The VPC interface endpoints' security group (443 from the app only); undefined when endpoints are off. */
  readonly endpointSecurityGroupId?: string;
  /** Route table of the public subnets (default route to the internet gateway). */
  readonly publicRouteTableId?: string;
  /** Route tables of the private app subnets, one per AZ (default route to NAT). */
  readonly appRouteTableIds?: string[];
  /** Route table of the data subnets (local routes only). */
  readonly dataRouteTableId?: string;
  /** Public IPs of the NAT gateways: the addresses third parties see from the app (for their allow-lists). */
  readonly natPublicIps?: string[];
  /** The VPC flow-log group. */
  readonly flowLogGroupName?: string;
  readonly flowLogGroupArn?: string;
  /** The port the app security group admits from the ALB. */
  readonly containerPort?: number;
  /** The port the database security group admits from the app. */
  readonly databasePort?: number;
}
