/**
 * Security-group rule specifications for the network layer's extension point
 * (`additionalIngress` / `additionalEgress`) and the checks applied to them.
 */

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
 * Checks a rule spec; returns the problems found (empty when fine).
 * `reservedNames` are the layer's own rule names on that group and direction.
 */
export function ruleSpecProblems(
  tier: SecurityGroupTier,
  direction: 'ingress' | 'egress',
  spec: SecurityGroupRuleSpec,
  reservedNames: readonly string[],
  endpointsEnabled: boolean,
): string[] {
  const where = `${direction} rule "${spec.name}" on the ${tier} security group`;
  const problems: string[] = [];
  if (!RULE_NAME.test(spec.name)) problems.push(`${where}: name must be snake_case (a-z, 0-9, _), starting with a letter, at most 40 characters`);
  if (reservedNames.includes(spec.name)) problems.push(`${where}: name is used by one of the layer's own rules (${reservedNames.join(', ')})`);
  if (!isValidSgDescription(spec.description ?? '')) {
    problems.push(`${where}: description is required: 1-255 characters of letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*`);
  }
  const peers = [spec.cidrIpv4, spec.prefixListId, spec.securityGroupId, spec.peer].filter((p) => p !== undefined);
  if (peers.length !== 1) problems.push(`${where}: set exactly one of cidrIpv4, prefixListId, securityGroupId, peer (got ${peers.length})`);
  if (spec.cidrIpv4 !== undefined && !CIDR.test(spec.cidrIpv4)) problems.push(`${where}: cidrIpv4 "${spec.cidrIpv4}" is not an IPv4 CIDR`);
  if (spec.peer === 'endpoints' && !endpointsEnabled) problems.push(`${where}: peer "endpoints" needs vpcEndpoints on`);
  if (direction === 'ingress' && tier !== 'alb' && spec.cidrIpv4 !== undefined && spec.cidrIpv4.endsWith('/0')) {
    problems.push(`${where}: only the ALB group may accept traffic from the whole internet (${spec.cidrIpv4})`);
  }
  const protocol = spec.protocol ?? 'tcp';
  const to = spec.toPort ?? spec.fromPort;
  if (protocol === 'icmp') {
    if (!Number.isInteger(spec.fromPort) || spec.fromPort < -1 || spec.fromPort > 255 || !Number.isInteger(to) || to < -1 || to > 255) {
      problems.push(`${where}: ICMP type and code must be whole numbers from -1 to 255`);
    }
  } else {
    const port = (p: number) => Number.isInteger(p) && p >= 0 && p <= 65535;
    if (!port(spec.fromPort) || !port(to) || to < spec.fromPort) problems.push(`${where}: ports must be whole numbers 0-65535 with fromPort <= toPort`);
  }
  return problems;
}
