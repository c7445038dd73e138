/**
 * The layer's security groups (ALB -> app -> database, endpoints) and their rules: the layer's own
 * least-privilege rules, then the caller's `additionalIngress` / `additionalEgress`.
 */
import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { NetworkNaming } from './naming';
import { AppHttpsEgress, NetworkProps } from './props';
import { SECURITY_GROUP_TIERS, SecurityGroupRuleSpec, SecurityGroupRules, SecurityGroupTier, TIER_ID } from './security-groups';

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

/** What decides the layer's own rules (the props with their defaults applied). */
export interface OwnRuleSettings {
  readonly albIngressCidrs: readonly string[];
  readonly albHttpIngress: boolean;
  readonly containerPort: number;
  readonly databasePort: number;
  readonly endpointsOn: boolean;
  readonly appHttpsEgress: AppHttpsEgress;
}

/** Creates one rule on one of the layer's groups (`<group>_<direction>_<name>`). */
export type AddSecurityGroupRule = (tier: SecurityGroupTier, direction: 'ingress' | 'egress', spec: SecurityGroupRuleSpec) => void;

/** The layer's own rules; their names are reserved for `additionalIngress`/`additionalEgress`. */
export function ownRules(s: OwnRuleSettings): Record<'ingress' | 'egress', SecurityGroupRules> {
  const albCidrs = s.albIngressCidrs;
  const albPorts: [number, string][] = [[443, 'https']];
  if (s.albHttpIngress) albPorts.push([80, 'http']);
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

/** The groups (no inline rules) and their rules: per direction and group, the layer's own, then the extra ones. */
export function buildSecurityGroups(scope: Construct, vpcId: string, s: OwnRuleSettings, props: NetworkProps, naming: NetworkNaming) {
  const groups = createGroups(scope, vpcId, s.endpointsOn, naming);
  const rule = ruleFactory(scope, groups, naming);
  const own = ownRules(s);
  for (const direction of ['ingress', 'egress'] as const) {
    for (const tier of SECURITY_GROUP_TIERS) {
      for (const spec of own[direction][tier] ?? []) rule(tier, direction, spec);
      const extra = direction === 'ingress' ? props.additionalIngress : props.additionalEgress;
      for (const spec of extra?.[tier] ?? []) rule(tier, direction, spec);
    }
  }
  return { groups, rule };
}

function createGroups(scope: Construct, vpcId: string, endpointsOn: boolean, { name, tags }: NetworkNaming): NetworkSecurityGroups {
  const sg = (tier: SecurityGroupTier, description: string) =>
    new SecurityGroup(scope, `${TIER_ID[tier]}_sg`, {
      name: `${name}-${TIER_ID[tier]}`,
      description,
      vpcId,
      // Rules are separate resources (below); no inline blocks. AWS's default allow-all egress is removed by Terraform on create.
      revokeRulesOnDelete: true,
      tags: tags(`${name}-${TIER_ID[tier]}`),
    });
  return {
    // Descriptions force replacement when changed: keep them independent of tunable props.
    alb: sg('alb', `${name} load balancer: client traffic in, to the app tasks only`),
    app: sg('app', `${name} app tasks: container port from the load balancer only`),
    database: sg('database', `${name} database: database port from the app tasks only, no egress`),
    ...(endpointsOn ? { endpoints: sg('endpoints', `${name} VPC interface endpoints: HTTPS from the app tasks only`) } : {}),
  };
}

function ruleFactory(scope: Construct, groups: NetworkSecurityGroups, { name, tags }: NetworkNaming): AddSecurityGroupRule {
  return (tier, direction, spec) => {
    const Cls = direction === 'ingress' ? VpcSecurityGroupIngressRule : VpcSecurityGroupEgressRule;
    new Cls(scope, `${TIER_ID[tier]}_${direction}_${spec.name}`, {
      securityGroupId: groups[tier]!.id,
      description: spec.description,
      ipProtocol: spec.protocol ?? 'tcp',
      fromPort: spec.fromPort,
      toPort: spec.toPort ?? spec.fromPort,
      cidrIpv4: spec.cidrIpv4,
      prefixListId: spec.prefixListId,
      referencedSecurityGroupId: spec.peer !== undefined ? groups[spec.peer]!.id : spec.securityGroupId,
      tags: tags(`${name}-${TIER_ID[tier]}-${direction}-${spec.name}`),
    });
  };
}
