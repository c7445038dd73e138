import { Construct } from 'constructs';
import { Fn, Token } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { LOG_RETENTION_DAYS } from '../core/limits';
import { LayerBaseProps } from '../core/context';
import { policyDocument } from '../core/iam';
import { SecureKey } from '../core/kms';
import { SUBNET_TIERS, SubnetPlan, SubnetTier, cidrConflict, newBitsFor, planSubnets } from './cidr';
import { NetworkOutputs } from './outputs';
import { SECURITY_GROUP_TIERS, SecurityGroupRuleSpec, SecurityGroupRules, SecurityGroupTier, TIER_ID, ruleSpecProblems } from './security-groups';

export * from './cidr';
export * from './outputs';
export * from './security-groups';

/** Interface endpoints created by default: what an ECS Fargate task needs to start and run without NAT. */
export const DEFAULT_INTERFACE_ENDPOINTS: readonly string[] = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'kms', 'sts'];

/** How the app security group reaches HTTPS services. */
export type AppHttpsEgress = 'internet' | 'vpc-endpoints';

export interface NetworkProps extends LayerBaseProps {
  /**
   * The VPC's IPv4 CIDR, /16 to /28 (at least /23 for 3 AZs, /24 for 2 AZs).
   * Carved into equal public, private app and data subnets, one per AZ each.
   */
  readonly cidr: string;
  /**
   * Availability zone names to spread the subnets over: 2 or 3 zones of `region`,
   * e.g. `['us-east-1a', 'us-east-1b', 'us-east-1c']`. Subnet ids use the letters a, b, c in this order.
   */
  readonly availabilityZones: string[];
  /**
   * NAT gateways: one per AZ (an AZ outage never takes egress down elsewhere)
   * or a single shared one in the first AZ (cheaper; for non-production).
   * @default 'per-az'
   */
  readonly natGateways?: 'per-az' | 'single';
  /**
   * Create VPC endpoints: an S3 gateway endpoint on the app route tables and
   * the `interfaceEndpoints` in the app subnets, so AWS API traffic stays off NAT.
   * @default true
   */
  readonly vpcEndpoints?: boolean;
  /**
   * Interface endpoint services (the part after `com.amazonaws.<region>.`), used when `vpcEndpoints` is on.
   * Add e.g. `ssmmessages` for ECS Exec.
   * @default ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'kms', 'sts']
   */
  readonly interfaceEndpoints?: string[];
  /**
   * Endpoint policies allow only principals of this account (`aws:PrincipalAccount`),
   * so the endpoints cannot be used to reach other accounts' resources with foreign credentials.
   * @default true
   */
  readonly restrictEndpointsToAccount?: boolean;
  /**
   * Where the app tasks may send HTTPS (443): `'internet'` (any address, through NAT
   * or the endpoints; needed for third-party APIs) or `'vpc-endpoints'` (only the
   * interface endpoints and the S3 gateway's prefix list; needs `vpcEndpoints`).
   * @default 'internet'
   */
  readonly appHttpsEgress?: AppHttpsEgress;
  /**
   * The port the app container listens on (the only port the ALB may reach).
   * @default 8000
   */
  readonly containerPort?: number;
  /**
   * The database port (the only port the app may reach on the database).
   * @default 5432
   */
  readonly databasePort?: number;
  /**
   * Clients allowed to reach the ALB on 443 and 80. Narrow it for internal APIs.
   * @default ['0.0.0.0/0']
   */
  readonly albIngressCidrs?: string[];
  /**
   * Open port 80 on the ALB (for the HTTP-to-HTTPS redirect).
   * @default true
   */
  readonly albHttpIngress?: boolean;
  /**
   * Extra ingress rules per security group (the layer's own rules stay).
   * @default {}
   */
  readonly additionalIngress?: SecurityGroupRules;
  /**
   * Extra egress rules per security group (the layer's own rules stay).
   * @default {}
   */
  readonly additionalEgress?: SecurityGroupRules;
  /**
   * CIDR blocks the VPC must not overlap: peered VPCs, on-premises ranges, other environments.
   * @default []
   */
  readonly reservedCidrs?: string[];
  /**
   * VPC flow-log retention in days (a CloudWatch Logs retention value).
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Flow-log aggregation interval in seconds.
   * @default 600
   */
  readonly flowLogAggregationIntervalSeconds?: 60 | 600;
  /**
   * Custom flow-log record format (`${version} ${srcaddr} ...`), e.g. to add `${pkt-srcaddr}` or `${flow-direction}`.
   * @default the AWS default (version 2) format
   */
  readonly flowLogFormat?: string;
  /**
   * lifecycle prevent_destroy on the flow-log KMS key.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** The layer's security groups. */
export interface NetworkSecurityGroups {
  /** The load balancer's group (`network_alb_sg`). */
  readonly alb: SecurityGroup;
  /** The app tasks' group (`network_app_sg`). */
  readonly app: SecurityGroup;
  /** The database's group (`network_db_sg`). */
  readonly database: SecurityGroup;
  /** The interface endpoints' group (`network_endpoint_sg`); only when `vpcEndpoints` is on. @default undefined (VPC endpoints off) */
  readonly endpoints?: SecurityGroup;
}

/** The layer's route tables. */
export interface NetworkRouteTables {
  /** Shared by the public subnets; default route to the internet gateway. */
  readonly public: RouteTable;
  /** One per AZ; default route to that AZ's NAT gateway (or the single one). */
  readonly app: RouteTable[];
  /** Shared by the data subnets; local routes only. */
  readonly data: RouteTable;
}

const AZ_LETTERS = ['a', 'b', 'c'];

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
  readonly outputs: NetworkOutputs;
  readonly vpc: Vpc;
  readonly internetGateway: InternetGateway;
  /** How the CIDR was carved: tier, AZ index and CIDR of every subnet. */
  readonly subnetPlan: readonly SubnetPlan[];
  readonly publicSubnets: Subnet[];
  readonly appSubnets: Subnet[];
  readonly dataSubnets: Subnet[];
  /** The same subnets keyed by tier (`public`, `private_app`, `data`), in AZ order. */
  readonly subnets: Record<SubnetTier, Subnet[]>;
  readonly routeTables: NetworkRouteTables;
  /** One per AZ, or one in the first AZ when `natGateways` is `'single'`. */
  readonly natGateways: NatGateway[];
  readonly natEips: Eip[];
  readonly securityGroups: NetworkSecurityGroups;
  /** The VPC's default security group, managed with no rules. */
  readonly defaultSecurityGroup: DefaultSecurityGroup;
  /** The S3 gateway endpoint, when `vpcEndpoints` is on. */
  readonly s3Endpoint?: VpcEndpoint;
  /** Interface endpoints by service name (e.g. `ecr.api`), when `vpcEndpoints` is on. */
  readonly interfaceEndpoints: Record<string, VpcEndpoint>;
  readonly flowLog: FlowLog;
  readonly flowLogGroup: CloudwatchLogGroup;
  readonly flowLogRole: IamRole;
  readonly flowLogKey: SecureKey;
  readonly containerPort: number;
  readonly databasePort: number;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const settings = checkProps(props);
    const { azs, plan, natMode, endpointsOn, containerPort, databasePort } = settings;
    this.containerPort = containerPort;
    this.databasePort = databasePort;
    this.subnetPlan = plan;
    const name = props.name;
    const partition = props.partition ?? 'aws';
    const tags = (n: string) => ({ ...(props.tags ?? {}), Name: n });

    // --- VPC, subnets -----------------------------------------------------------------
    this.vpc = new Vpc(this, 'vpc', { cidrBlock: props.cidr, enableDnsSupport: true, enableDnsHostnames: true, tags: tags(name) });
    const vpcId = this.vpc.id;
    this.defaultSecurityGroup = new DefaultSecurityGroup(this, 'default_security_group', {
      vpcId,
      // No ingress/egress blocks: Terraform removes every rule of the default group and keeps it empty.
      tags: tags(`${name}-default-unused`),
    });
    this.internetGateway = new InternetGateway(this, 'igw', { vpcId, tags: tags(name) });

    const subnetsOf = (tier: SubnetTier, label: string) =>
      plan
        .filter((s) => s.tier === tier)
        .map(
          (s) =>
            new Subnet(this, `${tier}_${AZ_LETTERS[s.azIndex]}`, {
              vpcId,
              cidrBlock: s.cidr,
              availabilityZone: azs[s.azIndex],
              mapPublicIpOnLaunch: false,
              tags: { ...tags(`${name}-${label}-${AZ_LETTERS[s.azIndex]}`), Tier: label },
            }),
        );
    this.publicSubnets = subnetsOf('public', 'public');
    this.appSubnets = subnetsOf('private_app', 'app');
    this.dataSubnets = subnetsOf('data', 'data');
    this.subnets = { public: this.publicSubnets, private_app: this.appSubnets, data: this.dataSubnets };

    // --- NAT --------------------------------------------------------------------------
    const natCount = natMode === 'single' ? 1 : azs.length;
    this.natEips = [];
    this.natGateways = [];
    for (let i = 0; i < natCount; i++) {
      const l = AZ_LETTERS[i];
      const eip = new Eip(this, `nat_eip_${l}`, { domain: 'vpc', tags: tags(`${name}-nat-${l}`), dependsOn: [this.internetGateway] });
      this.natEips.push(eip);
      this.natGateways.push(
        new NatGateway(this, `nat_${l}`, {
          allocationId: eip.allocationId,
          subnetId: this.publicSubnets[i].id,
          connectivityType: 'public',
          tags: tags(`${name}-nat-${l}`),
          dependsOn: [this.internetGateway],
        }),
      );
    }

    // --- Route tables -----------------------------------------------------------------
    const publicRt = new RouteTable(this, 'public_rt', { vpcId, tags: tags(`${name}-public`) });
    new Route(this, 'public_internet_route', { routeTableId: publicRt.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: this.internetGateway.id });
    this.publicSubnets.forEach((s, i) => new RouteTableAssociation(this, `public_${AZ_LETTERS[i]}_rta`, { subnetId: s.id, routeTableId: publicRt.id }));

    // One app route table per AZ in both NAT modes, so switching modes only re-points routes.
    const appRts = this.appSubnets.map((s, i) => {
      const l = AZ_LETTERS[i];
      const rt = new RouteTable(this, `private_app_rt_${l}`, { vpcId, tags: tags(`${name}-app-${l}`) });
      const nat = this.natGateways[natMode === 'single' ? 0 : i];
      new Route(this, `private_app_nat_route_${l}`, { routeTableId: rt.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
      new RouteTableAssociation(this, `private_app_${l}_rta`, { subnetId: s.id, routeTableId: rt.id });
      return rt;
    });

    // The data tier has only the VPC's local route: no internet, no NAT.
    const dataRt = new RouteTable(this, 'data_rt', { vpcId, tags: tags(`${name}-data`) });
    this.dataSubnets.forEach((s, i) => new RouteTableAssociation(this, `data_${AZ_LETTERS[i]}_rta`, { subnetId: s.id, routeTableId: dataRt.id }));
    this.routeTables = { public: publicRt, app: appRts, data: dataRt };

    // --- Security groups --------------------------------------------------------------
    const sg = (tier: SecurityGroupTier, description: string) =>
      new SecurityGroup(this, `${TIER_ID[tier]}_sg`, {
        name: `${name}-${TIER_ID[tier]}`,
        description,
        vpcId,
        // Rules are separate resources (below); no inline blocks. AWS's default allow-all egress is removed by Terraform on create.
        revokeRulesOnDelete: true,
        tags: tags(`${name}-${TIER_ID[tier]}`),
      });
    const groups: Partial<Record<SecurityGroupTier, SecurityGroup>> = {
      // Descriptions force replacement when changed: keep them independent of tunable props.
      alb: sg('alb', `${name} load balancer: client traffic in, to the app tasks only`),
      app: sg('app', `${name} app tasks: container port from the load balancer only`),
      database: sg('database', `${name} database: database port from the app tasks only, no egress`),
    };
    if (endpointsOn) groups.endpoints = sg('endpoints', `${name} VPC interface endpoints: HTTPS from the app tasks only`);
    this.securityGroups = groups as NetworkSecurityGroups;

    const rule = (tier: SecurityGroupTier, direction: 'ingress' | 'egress', spec: SecurityGroupRuleSpec) => {
      const Cls = direction === 'ingress' ? VpcSecurityGroupIngressRule : VpcSecurityGroupEgressRule;
      const protocol = spec.protocol ?? 'tcp';
      return new Cls(this, `${TIER_ID[tier]}_${direction}_${spec.name}`, {
        securityGroupId: groups[tier]!.id,
        description: spec.description,
        ipProtocol: protocol,
        fromPort: spec.fromPort,
        toPort: spec.toPort ?? spec.fromPort,
        cidrIpv4: spec.cidrIpv4,
        prefixListId: spec.prefixListId,
        referencedSecurityGroupId: spec.peer !== undefined ? groups[spec.peer]!.id : spec.securityGroupId,
        tags: tags(`${name}-${TIER_ID[tier]}-${direction}-${spec.name}`),
      });
    };
    const own = ownRules(props, settings);
    for (const direction of ['ingress', 'egress'] as const) {
      for (const tier of SECURITY_GROUP_TIERS) {
        for (const spec of own[direction][tier] ?? []) rule(tier, direction, spec);
        const extra = direction === 'ingress' ? props.additionalIngress : props.additionalEgress;
        for (const spec of extra?.[tier] ?? []) rule(tier, direction, spec);
      }
    }

    // --- VPC endpoints ----------------------------------------------------------------
    this.interfaceEndpoints = {};
    if (endpointsOn) {
      const policy =
        props.restrictEndpointsToAccount ?? true
          ? policyDocument([
              {
                Sid: 'OnlyThisAccountsPrincipals',
                Effect: 'Allow',
                Principal: '*',
                Action: '*',
                Resource: '*',
                Condition: { StringEquals: { 'aws:PrincipalAccount': props.accountId } },
              },
            ])
          : undefined;
      // ECR serves image layers from an AWS-owned bucket through pre-signed URLs signed by ECR, not by this account.
      const s3Policy =
        policy &&
        policyDocument([
          ...JSON.parse(policy).Statement,
          {
            Sid: 'EcrImageLayers',
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: `arn:${partition}:s3:::prod-${props.region}-starport-layer-bucket/*`,
          },
        ]);
      this.s3Endpoint = new VpcEndpoint(this, 'endpoint_s3', {
        vpcId,
        serviceName: `com.amazonaws.${props.region}.s3`,
        vpcEndpointType: 'Gateway',
        routeTableIds: appRts.map((rt) => rt.id),
        policy: s3Policy,
        tags: tags(`${name}-s3`),
      });
      for (const service of settings.interfaceServices) {
        this.interfaceEndpoints[service] = new VpcEndpoint(this, `endpoint_${service.replace(/[^a-z0-9]+/g, '_')}`, {
          vpcId,
          serviceName: `com.amazonaws.${props.region}.${service}`,
          vpcEndpointType: 'Interface',
          privateDnsEnabled: true,
          subnetIds: this.appSubnets.map((s) => s.id),
          securityGroupIds: [groups.endpoints!.id],
          policy,
          tags: tags(`${name}-${service}`),
        });
      }
      if (settings.appHttpsEgress === 'vpc-endpoints') {
        rule('app', 'egress', {
          name: 's3',
          description: 'HTTPS to S3 through the gateway endpoint (ECR image layers)',
          fromPort: 443,
          prefixListId: this.s3Endpoint.prefixListId,
        });
      }
    }

    // --- Flow logs --------------------------------------------------------------------
    this.flowLogKey = new SecureKey(this, 'flow_logs_kms', {
      name,
      accountId: props.accountId,
      region: props.region,
      partition: props.partition,
      tags: props.tags,
      purpose: 'vpc-flow-logs',
      allowCloudWatchLogs: true,
      preventDestroy: props.preventDestroy ?? true,
    });
    this.flowLogGroup = new CloudwatchLogGroup(this, 'flow_logs', {
      name: `/vpc/${name}/flow-logs`,
      retentionInDays: settings.retention,
      kmsKeyId: this.flowLogKey.arn,
      tags: tags(`${name}-vpc-flow-logs`),
    });
    this.flowLogRole = new IamRole(this, 'flow_logs_role', {
      name: `${name}-vpc-flow-logs`,
      description: `Lets VPC Flow Logs write ${name} flow logs to their log group`,
      assumeRolePolicy: policyDocument([
        {
          Effect: 'Allow',
          Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': props.accountId },
            ArnLike: { 'aws:SourceArn': `arn:${partition}:ec2:${props.region}:${props.accountId}:vpc-flow-log/*` },
          },
        },
      ]),
      tags: tags(`${name}-vpc-flow-logs`),
    });
    new IamRolePolicy(this, 'flow_logs_role_policy', {
      name: 'write-flow-logs',
      role: this.flowLogRole.id,
      policy: policyDocument([
        {
          Sid: 'WriteThisLogGroupOnly',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: `${this.flowLogGroup.arn}:*`,
        },
      ]),
    });
    this.flowLog = new FlowLog(this, 'flow_log', {
      vpcId,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.flowLogGroup.arn,
      iamRoleArn: this.flowLogRole.arn,
      maxAggregationInterval: props.flowLogAggregationIntervalSeconds ?? 600,
      // `${field}` must reach AWS literally: `$${` is Terraform's escape for it.
      logFormat: props.flowLogFormat?.replace(/\$\{/g, '$$${'),
      tags: tags(`${name}-vpc`),
    });

    this.outputs = {
      vpcId,
      vpcCidr: props.cidr,
      availabilityZones: [...azs],
      publicSubnetIds: this.publicSubnets.map((s) => s.id),
      appSubnetIds: this.appSubnets.map((s) => s.id),
      dataSubnetIds: this.dataSubnets.map((s) => s.id),
      albSecurityGroupId: groups.alb!.id,
      appSecurityGroupId: groups.app!.id,
      databaseSecurityGroupId: groups.database!.id,
      endpointSecurityGroupId: groups.endpoints?.id,
      publicRouteTableId: publicRt.id,
      appRouteTableIds: appRts.map((rt) => rt.id),
      dataRouteTableId: dataRt.id,
      natPublicIps: this.natEips.map((e) => e.publicIp),
      flowLogGroupName: this.flowLogGroup.name,
      flowLogGroupArn: this.flowLogGroup.arn,
      containerPort,
      databasePort,
    };
  }
}

/**
 * The subnet plan of a CIDR that is a Terraform expression (a module variable): the same
 * tier-by-tier carving as `planSubnets`, computed by Terraform with `cidrsubnet()`.
 * The prefix is checked by the caller's validation (at most /23 for 3 AZs, /24 for 2).
 */
function tokenSubnetPlan(cidr: string, azCount: number): { ok: true; subnets: SubnetPlan[] } {
  const newBits = newBitsFor(SUBNET_TIERS.length * azCount);
  const subnets: SubnetPlan[] = [];
  SUBNET_TIERS.forEach((tier, t) => {
    for (let az = 0; az < azCount; az++) subnets.push({ tier, azIndex: az, cidr: Fn.cidrsubnet(cidr, newBits, t * azCount + az) });
  });
  return { ok: true, subnets };
}

interface Settings {
  readonly azs: string[];
  readonly plan: SubnetPlan[];
  readonly natMode: 'per-az' | 'single';
  readonly endpointsOn: boolean;
  readonly interfaceServices: string[];
  readonly appHttpsEgress: AppHttpsEgress;
  readonly containerPort: number;
  readonly databasePort: number;
  readonly retention: number;
}

/** The layer's own rules; their names are reserved for `additionalIngress`/`additionalEgress`. */
function ownRules(props: NetworkProps, s: Settings): Record<'ingress' | 'egress', SecurityGroupRules> {
  const albCidrs = props.albIngressCidrs ?? ['0.0.0.0/0'];
  const albPorts: [number, string][] = [[443, 'https']];
  if (props.albHttpIngress ?? true) albPorts.push([80, 'http']);
  const world = (c: string) => (c === '0.0.0.0/0' ? 'the internet' : c);
  const suffix = (i: number) => (albCidrs.length === 1 ? '' : `_${i + 1}`);
  return {
    ingress: {
      alb: albPorts.flatMap(([port, label]) =>
        albCidrs.map((cidr, i) => ({
          name: `${label}${suffix(i)}`,
          description: `${label.toUpperCase()} from ${world(cidr)} to the load balancer listeners`,
          fromPort: port,
          cidrIpv4: cidr,
        })),
      ),
      app: [{ name: 'alb', description: 'Container port from the load balancer only', fromPort: s.containerPort, peer: 'alb' }],
      database: [{ name: 'app', description: 'PostgreSQL from the app tasks only', fromPort: s.databasePort, peer: 'app' }],
      ...(s.endpointsOn ? { endpoints: [{ name: 'app', description: 'HTTPS from the app tasks to the AWS API endpoints', fromPort: 443, peer: 'app' as const }] } : {}),
    },
    egress: {
      alb: [{ name: 'app', description: 'To the app tasks on the container port (traffic and health checks)', fromPort: s.containerPort, peer: 'app' }],
      app: [
        { name: 'db', description: 'To the database on its port', fromPort: s.databasePort, peer: 'database' },
        s.appHttpsEgress === 'internet'
          ? { name: 'https', description: 'HTTPS to AWS APIs and third-party services (through NAT or the VPC endpoints)', fromPort: 443, cidrIpv4: '0.0.0.0/0' }
          : { name: 'endpoints', description: 'HTTPS to the AWS API interface endpoints', fromPort: 443, peer: 'endpoints' },
      ],
    },
  };
}

/** Validates the props; throws one Error listing every problem. */
function checkProps(props: NetworkProps): Settings {
  const problems: string[] = [];
  const azs = props.availabilityZones ?? [];
  if (azs.length < 2 || azs.length > 3) problems.push(`availabilityZones must list 2 or 3 zones, got ${azs.length}${azs.length ? ` (${azs.join(', ')})` : ''}`);
  azs.forEach((az) => {
    // Terraform variables (the published HCL module) are checked by the module's validation blocks.
    if (Token.isUnresolved(az) || Token.isUnresolved(props.region)) return;
    if (!new RegExp(`^${props.region.replace(/[^a-z0-9-]/g, '')}[a-z]$`).test(az)) problems.push(`availability zone "${az}" is not a zone of ${props.region} (expected e.g. ${props.region}a)`);
  });
  if (new Set(azs).size !== azs.length) problems.push(`availabilityZones must not repeat a zone (${azs.join(', ')})`);

  let plan: SubnetPlan[] = [];
  const azCount = Math.min(Math.max(azs.length, 2), 3);
  const planned = Token.isUnresolved(props.cidr) ? tokenSubnetPlan(props.cidr, azCount) : planSubnets(props.cidr, azCount);
  if (!planned.ok) problems.push(`cidr: ${planned.error}`);
  else if (Token.isUnresolved(props.cidr)) plan = planned.subnets;
  else {
    plan = planned.subnets;
    const conflict = cidrConflict(props.cidr, props.reservedCidrs ?? []);
    if (conflict) problems.push(`cidr: ${conflict}`);
  }

  const port = (value: number | undefined, fallback: number, what: string) => {
    const p = value ?? fallback;
    if (!Number.isInteger(p) || p < 1 || p > 65535) problems.push(`${what} must be a whole number 1-65535, got ${p}`);
    return p;
  };
  const containerPort = port(props.containerPort, 8000, 'containerPort');
  const databasePort = port(props.databasePort, 5432, 'databasePort');

  const endpointsOn = props.vpcEndpoints ?? true;
  const appHttpsEgress = props.appHttpsEgress ?? 'internet';
  if (appHttpsEgress === 'vpc-endpoints' && !endpointsOn) problems.push(`appHttpsEgress 'vpc-endpoints' needs vpcEndpoints on`);
  const interfaceServices = [...(props.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS)];
  interfaceServices.forEach((svc) => {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(svc)) problems.push(`interfaceEndpoints: "${svc}" is not a service name such as ecr.api`);
    if (svc === 's3') problems.push('interfaceEndpoints: s3 is served by the gateway endpoint; leave it out');
  });
  if (new Set(interfaceServices).size !== interfaceServices.length) problems.push(`interfaceEndpoints must not repeat a service (${interfaceServices.join(', ')})`);

  const natMode = props.natGateways ?? 'per-az';
  if (natMode !== 'per-az' && natMode !== 'single') problems.push(`natGateways must be 'per-az' or 'single', got ${JSON.stringify(natMode)}`);

  const retention = props.flowLogRetentionDays ?? 365;
  if (!Token.isUnresolved(retention) && !(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
    problems.push(`flowLogRetentionDays must be a CloudWatch Logs retention value (${LOG_RETENTION_DAYS.join(', ')}), got ${retention}`);
  }
  const interval = props.flowLogAggregationIntervalSeconds ?? 600;
  if (interval !== 60 && interval !== 600) problems.push(`flowLogAggregationIntervalSeconds must be 60 or 600, got ${interval}`);
  if (props.flowLogFormat !== undefined && !/^\$\{[a-z-]+\}( \$\{[a-z-]+\})*$/.test(props.flowLogFormat)) {
    problems.push(`flowLogFormat must be space-separated \${field} names, e.g. "\${version} \${srcaddr} \${dstaddr}", got "${props.flowLogFormat}"`);
  }

  for (const cidr of props.albIngressCidrs ?? []) {
    if (Token.isUnresolved(cidr)) continue;
    if (!/^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$/.test(cidr)) problems.push(`albIngressCidrs: "${cidr}" is not an IPv4 CIDR`);
  }
  if (props.albIngressCidrs !== undefined && props.albIngressCidrs.length === 0) problems.push('albIngressCidrs must list at least one CIDR');

  const settings: Settings = { azs, plan, natMode, endpointsOn, interfaceServices, appHttpsEgress, containerPort, databasePort, retention };
  const own = ownRules(props, settings);
  for (const direction of ['ingress', 'egress'] as const) {
    const extra = direction === 'ingress' ? props.additionalIngress : props.additionalEgress;
    for (const [tier, specs] of Object.entries(extra ?? {}) as [SecurityGroupTier, SecurityGroupRuleSpec[] | undefined][]) {
      if (!(SECURITY_GROUP_TIERS as readonly string[]).includes(tier)) {
        problems.push(`additional${direction === 'ingress' ? 'Ingress' : 'Egress'}: unknown security group "${tier}" (use ${SECURITY_GROUP_TIERS.join(', ')})`);
        continue;
      }
      if (tier === 'endpoints' && !endpointsOn && (specs ?? []).length > 0) problems.push(`additional ${direction} rules on the endpoints group need vpcEndpoints on`);
      const reserved = (own[direction][tier] ?? []).map((r) => r.name);
      if (tier === 'app' && direction === 'egress') reserved.push('s3', 'https', 'endpoints');
      const seen = new Set<string>();
      for (const spec of specs ?? []) {
        problems.push(...ruleSpecProblems(tier, direction, spec, reserved, endpointsOn));
        if (seen.has(spec.name)) problems.push(`${direction} rule "${spec.name}" on the ${tier} security group is defined twice`);
        seen.add(spec.name);
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(`Invalid network props for "${props.name}":\n  - ${problems.join('\n  - ')}`);
  }
  return settings;
}
