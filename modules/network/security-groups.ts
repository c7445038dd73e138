/**
 * Security-group rule specifications for the network layer's extension point
 * (`additionalIngress` / `additionalEgress`) and the checks applied to them.
 */
import { PropProblem, Problems } from '../core/problems';

/** The security groups the network layer owns. */
export const SECURITY_GROUP_TIERS = ['alb', 'app', 'database', 'endpoints'] as const;
export type SecurityGroupTier = (typeof SECURITY_GROUP_TIERS)[number];

/** Short construct-id prefix of each group: rule addresses read `aws_vpc_security_group_ingress_rule.network_app_ingress_alb`. */
export const TIER_ID: Record<SecurityGroupTier, string> = { alb: 'alb', app: 'app', database: 'db', endpoints: 'endpoint' };

/**
 * One extra rule on one of the layer's security groups. Set exactly one peer:
 * `cidrIpv4`, `prefixListId`, `securityGroupId` or `peer`.
 */
export interface SecurityGroupRuleSpec {
  /**
   * Short snake_case name, unique per group and direction; part of the rule's
   * Terraform address (`network_<group>_ingress_<name>`), so renaming it replaces the rule.
   */
  readonly name: string;
  /** Why the rule exists (required; AWS allows letters, digits, spaces and `._-:/()#,@[]+=&;{}!$*`, at most 255 characters). */
  readonly description: string;
  /**
   * IP protocol. All-protocol rules (`-1`) are deliberately not offered.
   * @default 'tcp'
   */
  readonly protocol?: 'tcp' | 'udp' | 'icmp';
  /** First port of the range (for ICMP: the type). */
  readonly fromPort: number;
  /**
   * Last port of the range (for ICMP: the code, -1 for all).
   * @default fromPort
   */
  readonly toPort?: number;
  /**
   * IPv4 CIDR peer. `0.0.0.0/0` ingress is accepted on the ALB group only.
   * @default undefined
   */
  readonly cidrIpv4?: string;
  /**
   * Managed prefix list peer, e.g. the CloudFront origin-facing list.
   * @default undefined
   */
  readonly prefixListId?: string;
  /**
   * Security group peer by ID (one created outside this layer).
   * @default undefined
   */
  readonly securityGroupId?: string;
  /**
   * Security group peer: another group of this layer.
   * @default undefined
   */
  readonly peer?: SecurityGroupTier;
}

/** Extra rules per security group. */
export type SecurityGroupRules = Partial<Record<SecurityGroupTier, SecurityGroupRuleSpec[]>>;

const DESCRIPTION = /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/;
const RULE_NAME = /^[a-z][a-z0-9_]{0,39}$/;
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$/;

/** Whether a text is a valid security group / rule description. */
export function isValidSgDescription(text: string): boolean {
  return DESCRIPTION.test(text);
}

/**
 * Checks a rule spec; returns the problems found (empty when fine), each naming a field of the spec
 * (`name`, `description`, `cidrIpv4`, `peer`, `fromPort`, `toPort`).
 * `reservedNames` are the layer's own rule names on that group and direction.
 */
export function ruleSpecProblems(
  tier: SecurityGroupTier,
  direction: 'ingress' | 'egress',
  spec: SecurityGroupRuleSpec,
  reservedNames: readonly string[],
  endpointsEnabled: boolean,
): PropProblem[] {
  const problems = new Problems();
  if (!RULE_NAME.test(spec.name)) problems.add('name', spec.name, 'must be snake_case (a-z, 0-9, _), starting with a letter, at most 40 characters');
  if (reservedNames.includes(spec.name)) problems.add('name', spec.name, `is used by one of the layer's own ${direction} rules on the ${tier} group (${reservedNames.join(', ')})`);
  if (!isValidSgDescription(spec.description ?? '')) {
    problems.add('description', spec.description, 'is required: 1-255 characters of letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*');
  }
  const peers = [spec.cidrIpv4, spec.prefixListId, spec.securityGroupId, spec.peer].filter((p) => p !== undefined);
  if (peers.length !== 1) problems.add('peer', spec.peer, `set exactly one of cidrIpv4, prefixListId, securityGroupId, peer (got ${peers.length})`);
  if (spec.cidrIpv4 !== undefined && !CIDR.test(spec.cidrIpv4)) problems.add('cidrIpv4', spec.cidrIpv4, 'is not an IPv4 CIDR');
  if (spec.peer === 'endpoints' && !endpointsEnabled) problems.add('peer', spec.peer, 'needs vpcEndpoints on');
  if (direction === 'ingress' && tier !== 'alb' && spec.cidrIpv4 !== undefined && spec.cidrIpv4.endsWith('/0')) {
    problems.add('cidrIpv4', spec.cidrIpv4, 'only the ALB group may accept traffic from the whole internet');
  }
  portRangeProblems(spec, problems);
  return [...problems.all];
}

/** Ports 0-65535 with fromPort <= toPort; for ICMP, type and code -1 to 255. */
function portRangeProblems(spec: SecurityGroupRuleSpec, problems: Problems): void {
  const icmp = (spec.protocol ?? 'tcp') === 'icmp';
  const [min, max] = icmp ? [-1, 255] : [0, 65535];
  const to = spec.toPort ?? spec.fromPort;
  const what = icmp ? `an ICMP type or code: a whole number from -1 to 255` : 'a port: a whole number 0-65535';
  const ok = (p: number) => Number.isInteger(p) && p >= min && p <= max;
  if (!ok(spec.fromPort)) problems.add('fromPort', spec.fromPort, `must be ${what}`);
  if (!ok(to)) problems.add('toPort', to, `must be ${what}`);
  if (!icmp && ok(spec.fromPort) && ok(to) && to < spec.fromPort) problems.add('toPort', to, `must be >= fromPort (${spec.fromPort})`);
}
