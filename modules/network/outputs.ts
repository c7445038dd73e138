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
}
