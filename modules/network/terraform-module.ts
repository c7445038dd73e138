import { Fn, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { layerBaseVariables, logRetentionVariable, wholeNumberValidation } from '../core/module-variables';
import { ModuleOutputSpec, ModuleVariableSpec, stringMapValue, TerraformModuleSpec } from '../core/terraform-module';
import { VPC_MIN_PREFIX } from './cidr';
import { DATABASE_RANGES } from '../database/validation';
import { DEFAULT_DATABASE_PORT, NETWORK_MAX_NAME_LENGTH, PORT_RANGE } from './validation';
import { DEFAULT_INTERFACE_ENDPOINTS, Network, newBitsFor, SUBNET_MAX_PREFIX, SUBNET_TIERS } from './index';

/** What a network module fixes: the AZ count, and what follows from it. */
interface NetworkShape {
  readonly azCount: 2 | 3;
  /** Prefix bits added to the VPC CIDR for each subnet. */
  readonly newBits: number;
  /** The smallest VPC (largest prefix) whose subnets are still /SUBNET_MAX_PREFIX or larger. */
  readonly maxPrefix: number;
  /** Subnet letters, one per AZ. */
  readonly letters: string[];
}

function networkShape(azCount: 2 | 3): NetworkShape {
  const newBits = newBitsFor(SUBNET_TIERS.length * azCount);
  return { azCount, newBits, maxPrefix: SUBNET_MAX_PREFIX - newBits, letters: ['a', 'b', 'c'].slice(0, azCount) };
}

/**
 * The network layer as a plain Terraform module, for 2 or 3 availability zones with a NAT gateway
 * per AZ and the default VPC endpoints. The VPC CIDR is a variable: Terraform carves the 6 or 9
 * equal subnets with `cidrsubnet(var.cidr, newbits, i)` (public, then app, then data), exactly as
 * the construct does for a literal CIDR. What decides which resources exist (AZ count, NAT
 * mode, endpoints on/off) is fixed per module, so addresses never depend on a variable.
 */
function networkSpec(azCount: 2 | 3): TerraformModuleSpec {
  const shape = networkShape(azCount);
  return {
    name: azCount === 3 ? 'network' : 'network-2az',
    description: networkDescription(shape),
    variables: [...layerBaseVariables(NETWORK_MAX_NAME_LENGTH), ...networkVariables(shape)],
    testInputs: { name: 'helloapi-test', account_id: '123456789012', region: 'eu-west-1', cidr: '10.20.0.0/16', availability_zones: shape.letters.map((l) => `eu-west-1${l}`) },
    exampleInputs: { tags: { Owner: 'platform' }, alb_ingress_cidr: '10.0.0.0/8', database_port: 6432, flow_log_retention_days: 90 },
    build: (scope, v) => buildNetwork(scope, v, shape),
  };
}

function networkDescription({ azCount }: NetworkShape): string {
  return [
    `VPC over ${azCount} availability zones: public, private app and isolated data subnets (one per AZ each, carved from \`cidr\`), an internet gateway, a NAT gateway per AZ, least-privilege security groups (ALB -> app -> database, endpoints), the default security group emptied, VPC endpoints (S3 gateway and \`${DEFAULT_INTERFACE_ENDPOINTS.join(
      '`, `',
    )}\` interface endpoints, restricted to the account) and flow logs for all traffic to a KMS-encrypted log group.`,
    '',
    `Fixed in this module (they decide which resources exist): ${azCount} AZs, one NAT gateway per AZ, VPC endpoints on, app HTTPS egress to the internet, ALB ingress on 443 and 80 (redirect) from \`alb_ingress_cidr\`, container port 8000. ${
      azCount === 3 ? 'The `network-2az` module is the same over 2 AZs.' : 'The `network` module is the same over 3 AZs.'
    } For other shapes use the TypeScript construct (\`Network\` from \`helloapi-infra/network\`).`,
  ].join('\n');
}

/** cidr, availability_zones, alb_ingress_cidr, flow_log_retention_days. */
function networkVariables({ azCount, newBits, maxPrefix, letters }: NetworkShape): ModuleVariableSpec[] {
  return [
    {
      name: 'cidr',
      type: 'string',
      description: `IPv4 CIDR of the VPC, /${VPC_MIN_PREFIX} to /${maxPrefix}; carved into ${3 * azCount} equal subnets (${newBits} more prefix bits each).`,
      validation: [
        {
          condition: `can(cidrhost(var.cidr, 0)) && can(regex("^[0-9.]+/[0-9]+$", var.cidr)) && try(tonumber(split("/", var.cidr)[1]) >= ${VPC_MIN_PREFIX} && tonumber(split("/", var.cidr)[1]) <= ${maxPrefix}, false) && try(cidrhost(var.cidr, 0) == split("/", var.cidr)[0], false)`,
          errorMessage: `cidr must be an IPv4 network address with prefix /${VPC_MIN_PREFIX} to /${maxPrefix} and no host bits set, e.g. 10.20.0.0/16.`,
          // Host bits set.
          invalid: '10.20.0.1/16',
        },
      ],
    },
    {
      name: 'availability_zones',
      type: 'list(string)',
      description: `Exactly ${azCount} distinct availability zones of \`region\`, e.g. \`[${letters.map((l) => `"eu-west-1${l}"`).join(', ')}]\`; subnets ${letters.join(', ')} follow this order.`,
      validation: [
        {
          condition: `length(var.availability_zones) == ${azCount} && length(distinct(var.availability_zones)) == ${azCount}`,
          errorMessage: `availability_zones must list exactly ${azCount} distinct zones.`,
          invalid: Array.from({ length: azCount }, () => 'eu-west-1a'),
        },
        {
          condition: 'alltrue([for az in var.availability_zones : can(regex("^${var.region}[a-z]$", az))])',
          errorMessage: 'availability_zones must be zones of region (region name followed by one letter).',
          invalid: letters.map((l) => `eu-central-1${l}`),
          invalidWith: { region: 'eu-west-1' },
        },
      ],
    },
    {
      name: 'alb_ingress_cidr',
      type: 'string',
      description: 'Clients allowed to reach the load balancer on 443 and 80. Narrow it for an internal API.',
      default: '0.0.0.0/0',
      validation: [
        {
          condition: 'can(cidrhost(var.alb_ingress_cidr, 0)) && can(regex("^[0-9.]+/[0-9]+$", var.alb_ingress_cidr))',
          errorMessage: 'alb_ingress_cidr must be an IPv4 CIDR.',
          invalid: '::/0',
        },
        {
          // The provider refuses host bits only at apply (cidr_ipv4 of the ingress rules), after the plan passed.
          // A value that is no CIDR passes here: the check above refuses it, with its own message.
          condition: 'try(cidrhost(var.alb_ingress_cidr, 0) == split("/", var.alb_ingress_cidr)[0], true)',
          errorMessage: 'alb_ingress_cidr must be a network address without host bits set, e.g. 10.40.0.0/16 (not 10.40.0.1/16).',
          invalid: '10.0.0.1/8',
        },
      ],
    },
    {
      name: 'database_port',
      type: 'number',
      description: `The only port the app may reach on the database security group, ${PORT_RANGE.min}-${PORT_RANGE.max} (the database module takes ${DATABASE_RANGES.port.min}-${DATABASE_RANGES.port.max}, what RDS for PostgreSQL accepts). Pass the output \`database_port\` to the database module (its instance listens there) and, through the database module's \`port\` output, to compute.`,
      default: DEFAULT_DATABASE_PORT,
      validation: [wholeNumberValidation('database_port', PORT_RANGE)],
    },
    logRetentionVariable('flow_log_retention_days', 'Retention of the VPC flow logs in days.'),
  ];
}

function buildNetwork(scope: Construct, v: Record<string, TerraformVariable>, { letters }: NetworkShape): ModuleOutputSpec[] {
  const azs = v.availability_zones.listValue;
  const network = new Network(scope, 'network', {
    name: v.name.stringValue,
    accountId: v.account_id.stringValue,
    region: v.region.stringValue,
    partition: v.partition.stringValue,
    tags: stringMapValue(v.tags),
    cidr: v.cidr.stringValue,
    availabilityZones: letters.map((_, i) => Fn.element(azs, i)),
    albIngressCidrs: [v.alb_ingress_cidr.stringValue],
    flowLogRetentionDays: v.flow_log_retention_days.numberValue,
    databasePort: v.database_port.numberValue,
  });
  const o = network.outputs;
  return [
    { name: 'vpc_id', description: 'ID of the VPC', value: o.vpcId },
    { name: 'vpc_cidr', description: 'IPv4 CIDR of the VPC', value: o.vpcCidr },
    { name: 'availability_zones', description: 'Availability zones, in subnet order', value: azs },
    { name: 'public_subnet_ids', description: 'Public subnets (load balancer, NAT), one per AZ', value: o.publicSubnetIds },
    { name: 'app_subnet_ids', description: 'Private app subnets (ECS tasks), one per AZ; egress through the NAT gateway of their AZ', value: o.appSubnetIds },
    { name: 'data_subnet_ids', description: 'Isolated data subnets (RDS), one per AZ; no route to the internet', value: o.dataSubnetIds },
    { name: 'alb_security_group_id', description: 'Security group of the load balancer (443/80 from alb_ingress_cidr)', value: o.albSecurityGroupId },
    { name: 'app_security_group_id', description: 'Security group of the app tasks (container port 8000 from the load balancer only)', value: o.appSecurityGroupId },
    { name: 'database_security_group_id', description: 'Security group of the database (`database_port` from the app only, no egress)', value: o.databaseSecurityGroupId },
    { name: 'endpoint_security_group_id', description: 'Security group of the VPC interface endpoints (443 from the app only)', value: o.endpointSecurityGroupId },
    { name: 'public_route_table_id', description: 'Route table of the public subnets', value: o.publicRouteTableId },
    { name: 'app_route_table_ids', description: 'Route tables of the app subnets, one per AZ', value: o.appRouteTableIds },
    { name: 'data_route_table_id', description: 'Route table of the data subnets (local routes only)', value: o.dataRouteTableId },
    { name: 'nat_public_ips', description: 'Public IPs of the NAT gateways: what third parties see from the app (for their allow-lists)', value: o.natPublicIps },
    { name: 'flow_log_group_name', description: 'Log group of the VPC flow logs', value: o.flowLogGroupName },
    { name: 'container_port', description: 'Port the app security group admits from the load balancer (fixed: 8000)', value: o.containerPort },
    { name: 'database_port', description: 'Port the database security group admits from the app (input `database_port`): the database module\'s `database_port`', value: o.databasePort },
  ];
}

/** The network layer as a plain Terraform module over 3 AZs. */
export const networkModule: TerraformModuleSpec = networkSpec(3);

/** The network layer as a plain Terraform module over 2 AZs (smaller CIDRs; 2 NAT gateways). */
export const network2azModule: TerraformModuleSpec = networkSpec(2);
