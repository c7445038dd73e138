import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { SecureKey } from '../core/kms';
import { Problems } from '../core/problems';
import { SubnetPlan, SubnetTier } from './cidr';
import { buildEndpoints, s3EgressRule } from './endpoints';
import { buildFlowLogs } from './flow-logs';
import { networkNaming } from './naming';
import { buildNatGateways } from './nat';
import { NetworkLayerOutputs } from './outputs';
import { NetworkProps } from './props';
import { buildRouteTables, NetworkRouteTables } from './routes';
import { buildSecurityGroups, NetworkSecurityGroups } from './security-group-resources';
import { buildSubnets, buildVpc } from './subnets';
import { networkPropsProblems, networkSettings } from './validation';

export * from './cidr';
export * from './outputs';
export * from './props';
export * from './security-groups';
export type { NetworkRouteTables } from './routes';
export type { NetworkSecurityGroups } from './security-group-resources';
export { NETWORK_MAX_NAME_LENGTH, networkPropsProblems } from './validation';

/**
 * The network layer: a VPC with public, private app and isolated data subnets
 * over 2 or 3 AZs, NAT per AZ (or single), least-privilege security groups
 * (ALB -> app -> database), optional VPC endpoints, and VPC flow logs for all
 * traffic to a KMS-encrypted log group.
 *
 * Security groups reach only what each tier needs:
 * - ALB: 443/80 in from `albIngressCidrs` (the only world-open ingress); out to the app group on the container port.
 * - app: in from the ALB group on the container port; out to the database group on the database port and HTTPS per `appHttpsEgress`.
 * - database: in from the app group on the database port; no egress.
 * - endpoints: 443 in from the app group; no egress.
 * DNS to the VPC resolver is not filtered by security groups, so it needs no rule.
 */
export class Network extends Construct {
  /** What the other layers take (`NetworkOutputs`, with every field this construct always sets required). */
  readonly outputs: NetworkLayerOutputs;
  /** The VPC (`aws_vpc.<id>_vpc`), with DNS support and DNS hostnames on. */
  readonly vpc: Vpc;
  /** The VPC's internet gateway (`<id>_igw`); the public route table's default route. */
  readonly internetGateway: InternetGateway;
  /** How the CIDR was carved: tier, AZ index and CIDR of every subnet. */
  readonly subnetPlan: readonly SubnetPlan[];
  /** Public subnets (ALB, NAT gateways), one per AZ, in `availabilityZones` order; none maps public IPs on launch. */
  readonly publicSubnets: Subnet[];
  /** Private app subnets (ECS tasks), one per AZ, in `availabilityZones` order; their default route goes to a NAT gateway. */
  readonly appSubnets: Subnet[];
  /** Isolated data subnets (database), one per AZ, in `availabilityZones` order; local routes only. */
  readonly dataSubnets: Subnet[];
  /** The same subnets keyed by tier (`public`, `private_app`, `data`), in AZ order. */
  readonly subnets: Record<SubnetTier, Subnet[]>;
  /** The route tables: one public, one app table per AZ, one data. */
  readonly routeTables: NetworkRouteTables;
  /** One per AZ, or one in the first AZ when `natGateways` is `'single'`. */
  readonly natGateways: NatGateway[];
  /** The NAT gateways' Elastic IPs, one per NAT gateway (in `natGateways` order). */
  readonly natEips: Eip[];
  /** The ALB, app, database and (with `vpcEndpoints`) endpoint security groups. */
  readonly securityGroups: NetworkSecurityGroups;
  /** The VPC's default security group, managed with no rules. */
  readonly defaultSecurityGroup: DefaultSecurityGroup;
  /** The S3 gateway endpoint, when `vpcEndpoints` is on. */
  readonly s3Endpoint?: VpcEndpoint;
  /** Interface endpoints by service name (e.g. `ecr.api`), when `vpcEndpoints` is on. */
  readonly interfaceEndpoints: Record<string, VpcEndpoint>;
  /** The VPC flow log (`<id>_flow_log`): all traffic, to `flowLogGroup`. */
  readonly flowLog: FlowLog;
  /** The flow logs' log group (`/vpc/<name>/flow-logs`), encrypted with `flowLogKey`. */
  readonly flowLogGroup: CloudwatchLogGroup;
  /** The role VPC Flow Logs assumes to write to `flowLogGroup` (and nowhere else). */
  readonly flowLogRole: IamRole;
  /** The KMS key of the flow logs' log group (`<id>_flow_logs_kms`). */
  readonly flowLogKey: SecureKey;
  /** The app's container port the ALB group may reach on the app group (`containerPort`, default 8000). */
  readonly containerPort: number;
  /** The database port the app group may reach on the database group (`databasePort`, default 5432). */
  readonly databasePort: number;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    // Every builder creates its resources in this scope with fixed ids (the Terraform addresses); the order of the
    // calls is the order of the resources in the synthesized JSON, so keep it when adding one.
    new Problems().addAll(networkPropsProblems(props)).throwIfAny(`Network ${this.node.path}`);
    const s = networkSettings(props);
    const naming = networkNaming(props);
    this.containerPort = s.containerPort;
    this.databasePort = s.databasePort;
    this.subnetPlan = s.plan;

    // VPC and subnets (subnets.ts)
    const core = buildVpc(this, props.cidr, naming);
    this.vpc = core.vpc;
    this.defaultSecurityGroup = core.defaultSecurityGroup;
    this.internetGateway = core.internetGateway;
    const vpcId = this.vpc.id;
    this.subnets = buildSubnets(this, vpcId, s.plan, s.azs, naming);
    this.publicSubnets = this.subnets.public;
    this.appSubnets = this.subnets.private_app;
    this.dataSubnets = this.subnets.data;

    // NAT gateways (nat.ts) and route tables (routes.ts)
    const natCount = s.natMode === 'single' ? 1 : s.azs.length;
    const nat = buildNatGateways(this, natCount, this.publicSubnets, this.internetGateway, naming);
    this.natEips = nat.eips;
    this.natGateways = nat.gateways;
    this.routeTables = buildRouteTables(this, { vpcId, subnets: this.subnets, internetGateway: this.internetGateway, natGateways: this.natGateways, natMode: s.natMode }, naming);

    // Security groups and their rules (security-group-resources.ts)
    const { groups, rule } = buildSecurityGroups(this, vpcId, s, props, naming);
    this.securityGroups = groups;

    // VPC endpoints (endpoints.ts)
    this.interfaceEndpoints = {};
    if (s.endpointsOn) {
      const endpoints = buildEndpoints(this, { vpcId, appRouteTables: this.routeTables.app, appSubnets: this.appSubnets, securityGroup: groups.endpoints!, services: s.interfaceServices }, props, naming);
      this.s3Endpoint = endpoints.s3;
      this.interfaceEndpoints = endpoints.interfaceEndpoints;
      if (s.appHttpsEgress === 'vpc-endpoints') rule('app', 'egress', s3EgressRule(endpoints.s3));
    }

    // Flow logs (flow-logs.ts)
    const flowLogs = buildFlowLogs(this, vpcId, s.retention, props, naming);
    this.flowLogKey = flowLogs.key;
    this.flowLogGroup = flowLogs.logGroup;
    this.flowLogRole = flowLogs.role;
    this.flowLog = flowLogs.flowLog;

    this.outputs = layerOutputs(this, props.cidr, s.azs);
  }
}

/** What the layer hands to the other layers. */
function layerOutputs(n: Network, cidr: string, azs: readonly string[]): NetworkLayerOutputs {
  const groups = n.securityGroups;
  return {
    vpcId: n.vpc.id,
    vpcCidr: cidr,
    availabilityZones: [...azs],
    publicSubnetIds: n.publicSubnets.map((s) => s.id),
    appSubnetIds: n.appSubnets.map((s) => s.id),
    dataSubnetIds: n.dataSubnets.map((s) => s.id),
    albSecurityGroupId: groups.alb.id,
    appSecurityGroupId: groups.app.id,
    databaseSecurityGroupId: groups.database.id,
    endpointSecurityGroupId: groups.endpoints?.id,
    publicRouteTableId: n.routeTables.public.id,
    appRouteTableIds: n.routeTables.app.map((rt) => rt.id),
    dataRouteTableId: n.routeTables.data.id,
    natPublicIps: n.natEips.map((e) => e.publicIp),
    flowLogGroupName: n.flowLogGroup.name,
    flowLogGroupArn: n.flowLogGroup.arn,
    containerPort: n.containerPort,
    databasePort: n.databasePort,
  };
}
