/**
 * The network layer's rules for its props, by concern (zones, CIDR, ports, endpoints, NAT, flow logs,
 * ALB ingress, extra security-group rules): pure functions, so the environment validator can call them.
 * `networkPropsProblems` reports every problem at once; the construct throws them as one PropsError.
 */
import { Fn, Token } from 'cdktf';
import { layerBaseProblems } from '../core/context';
import { containerPortProblem, isWholeNumberIn, LOG_RETENTION_DAYS } from '../core/limits';
import { PropProblem, Problems } from '../core/problems';
import { SUBNET_TIERS, SubnetPlan, SubnetPlanResult, cidrConflict, formatCidr, hasHostBits, networkOf, newBitsFor, parseCidr, planSubnets } from './cidr';
import { AppHttpsEgress, DEFAULT_INTERFACE_ENDPOINTS, NetworkProps } from './props';
import { ownRules } from './security-group-resources';
import { SECURITY_GROUP_TIERS, SecurityGroupRuleSpec, SecurityGroupTier, ruleSpecProblems } from './security-groups';

/** The database port the network admits when `databasePort` is not set (PostgreSQL's). */
export const DEFAULT_DATABASE_PORT = 5432;

/** Longest `name`: it prefixes the names of the VPC, subnets, security groups and flow logs; the published module's `name` limit too. */
export const NETWORK_MAX_NAME_LENGTH = 24;

/** The ports the security groups may admit to the database (`databasePort`): a TCP port; the HCL module's validation too. */
export const PORT_RANGE = { min: 1, max: 65535 } as const;

/** The props with every default applied: what the layer's builders use. */
export interface NetworkSettings {
  /** The availability zones, as given. */
  readonly azs: string[];
  /** The carved subnets (empty when the CIDR is refused). */
  readonly plan: SubnetPlan[];
  /** The carving result (an error when the CIDR is refused). */
  readonly planned: SubnetPlanResult | { ok: true; subnets: SubnetPlan[] };
  readonly natMode: 'per-az' | 'single';
  readonly endpointsOn: boolean;
  readonly interfaceServices: string[];
  readonly appHttpsEgress: AppHttpsEgress;
  readonly containerPort: number;
  readonly databasePort: number;
  readonly retention: number;
  readonly albIngressCidrs: string[];
  readonly albHttpIngress: boolean;
}

/** The props with every default applied (no check: see `networkPropsProblems`). */
export function networkSettings(props: NetworkProps): NetworkSettings {
  const azs = props.availabilityZones ?? [];
  const azCount = Math.min(Math.max(azs.length, 2), 3);
  const planned = Token.isUnresolved(props.cidr) ? tokenSubnetPlan(props.cidr, azCount) : planSubnets(props.cidr, azCount);
  return {
    azs,
    plan: planned.ok ? planned.subnets : [],
    planned,
    natMode: props.natGateways ?? 'per-az',
    endpointsOn: props.vpcEndpoints ?? true,
    interfaceServices: [...(props.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS)],
    appHttpsEgress: props.appHttpsEgress ?? 'internet',
    containerPort: props.containerPort ?? 8000,
    databasePort: props.databasePort ?? DEFAULT_DATABASE_PORT,
    retention: props.flowLogRetentionDays ?? 365,
    albIngressCidrs: props.albIngressCidrs ?? ['0.0.0.0/0'],
    albHttpIngress: props.albHttpIngress ?? true,
  };
}

/** Every problem with the network layer's props (empty when they are fine). */
export function networkPropsProblems(props: NetworkProps): PropProblem[] {
  const s = networkSettings(props);
  const problems = new Problems();
  problems.addAll(layerBaseProblems(props, { maxNameLength: NETWORK_MAX_NAME_LENGTH, nameUse: 'it prefixes the names of the VPC, subnets, security groups and flow logs' }));
  zoneProblems(props, s, problems);
  cidrProblems(props, s, problems);
  portProblems(s, problems);
  endpointProblems(props, s, problems);
  natProblems(s, problems);
  flowLogProblems(props, s, problems);
  albIngressProblems(props, problems);
  for (const direction of ['ingress', 'egress'] as const) extraRuleProblems(props, s, direction, problems);
  return [...problems.all];
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

function zoneProblems(props: NetworkProps, { azs }: NetworkSettings, problems: Problems): void {
  if (azs.length < 2 || azs.length > 3) problems.add('availabilityZones', azs, `must list 2 or 3 zones, got ${azs.length}`);
  azs.forEach((az, i) => {
    // Terraform variables (the published HCL module) are checked by the module's validation blocks.
    if (Token.isUnresolved(az) || Token.isUnresolved(props.region)) return;
    if (!new RegExp(`^${props.region.replace(/[^a-z0-9-]/g, '')}[a-z]$`).test(az)) {
      problems.add(`availabilityZones.${i}`, az, `is not a zone of ${props.region} (expected e.g. ${props.region}a)`);
    }
  });
  if (new Set(azs).size !== azs.length) problems.add('availabilityZones', azs, 'must not repeat a zone');
}

function cidrProblems(props: NetworkProps, { planned }: NetworkSettings, problems: Problems): void {
  if (!planned.ok) {
    problems.add('cidr', props.cidr, planned.error);
    return;
  }
  if (Token.isUnresolved(props.cidr)) return;
  const reserved = props.reservedCidrs ?? [];
  reserved.forEach((r, i) => {
    if (!parseCidr(r)) problems.add(`reservedCidrs.${i}`, r, 'is not an IPv4 CIDR (a.b.c.d/n)');
  });
  const conflict = cidrConflict(props.cidr, reserved.filter((r) => parseCidr(r) !== undefined));
  if (conflict) problems.add('cidr', props.cidr, conflict);
}

/** The container's port: what the compute layer accepts (CONTAINER_PORT_RANGE); the database's: a TCP port. */
function portProblems(s: NetworkSettings, problems: Problems): void {
  // A token (a module variable) is checked by the module's validation block (the module fixes the container port).
  if (!Token.isUnresolved(s.containerPort)) {
    const problem = containerPortProblem(s.containerPort);
    if (problem) problems.add('containerPort', s.containerPort, problem);
  }
  const port = s.databasePort;
  if (!Token.isUnresolved(port) && !isWholeNumberIn(port, PORT_RANGE)) problems.add('databasePort', port, `must be a whole number ${PORT_RANGE.min}-${PORT_RANGE.max}`);
}

function endpointProblems(props: NetworkProps, s: NetworkSettings, problems: Problems): void {
  if (s.appHttpsEgress === 'vpc-endpoints' && !s.endpointsOn) problems.add('appHttpsEgress', s.appHttpsEgress, 'needs vpcEndpoints on');
  s.interfaceServices.forEach((svc, i) => {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(svc)) problems.add(`interfaceEndpoints.${i}`, svc, 'is not a service name such as ecr.api');
    if (svc === 's3') problems.add(`interfaceEndpoints.${i}`, svc, 'is served by the gateway endpoint; leave it out');
  });
  if (new Set(s.interfaceServices).size !== s.interfaceServices.length) problems.add('interfaceEndpoints', props.interfaceEndpoints, 'must not repeat a service');
}

function natProblems({ natMode }: NetworkSettings, problems: Problems): void {
  if (natMode !== 'per-az' && natMode !== 'single') problems.add('natGateways', natMode, "must be 'per-az' or 'single'");
}

function flowLogProblems(props: NetworkProps, { retention }: NetworkSettings, problems: Problems): void {
  if (!Token.isUnresolved(retention) && !(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
    problems.add('flowLogRetentionDays', retention, `must be a CloudWatch Logs retention value (${LOG_RETENTION_DAYS.join(', ')})`);
  }
  const interval = props.flowLogAggregationIntervalSeconds ?? 600;
  if (interval !== 60 && interval !== 600) problems.add('flowLogAggregationIntervalSeconds', interval, 'must be 60 or 600');
  if (props.flowLogFormat !== undefined && !/^\$\{[a-z-]+\}( \$\{[a-z-]+\})*$/.test(props.flowLogFormat)) {
    problems.add('flowLogFormat', props.flowLogFormat, 'must be space-separated ${field} names, e.g. "${version} ${srcaddr} ${dstaddr}"');
  }
}

function albIngressProblems(props: NetworkProps, problems: Problems): void {
  (props.albIngressCidrs ?? []).forEach((cidr, i) => {
    if (Token.isUnresolved(cidr)) return;
    const parsed = parseCidr(cidr);
    if (parsed === undefined) problems.add(`albIngressCidrs.${i}`, cidr, 'is not an IPv4 CIDR');
    // The provider refuses host bits in the ingress rules' cidr_ipv4 only at apply, after the plan passed.
    else if (hasHostBits(parsed)) problems.add(`albIngressCidrs.${i}`, cidr, `has host bits set; did you mean "${formatCidr(networkOf(parsed))}"?`);
  });
}

/** `additionalIngress` / `additionalEgress`: known groups, valid rules, names unique and not the layer's own. */
function extraRuleProblems(props: NetworkProps, s: NetworkSettings, direction: 'ingress' | 'egress', problems: Problems): void {
  const prop = direction === 'ingress' ? 'additionalIngress' : 'additionalEgress';
  const own = ownRules(s)[direction];
  for (const [tier, specs] of Object.entries(props[prop] ?? {}) as [SecurityGroupTier, SecurityGroupRuleSpec[] | undefined][]) {
    if (!(SECURITY_GROUP_TIERS as readonly string[]).includes(tier)) {
      problems.add(`${prop}.${tier}`, specs, `is not a security group of the layer (use ${SECURITY_GROUP_TIERS.join(', ')})`);
      continue;
    }
    if (tier === 'endpoints' && !s.endpointsOn && (specs ?? []).length > 0) problems.add(`${prop}.${tier}`, specs, `${direction} rules on the endpoints group need vpcEndpoints on`);
    const reserved = (own[tier] ?? []).map((r) => r.name);
    if (tier === 'app' && direction === 'egress') reserved.push('s3', 'https', 'endpoints');
    const seen = new Set<string>();
    (specs ?? []).forEach((spec, i) => {
      problems.addAll(ruleSpecProblems(tier, direction, spec, reserved, s.endpointsOn), `${prop}.${tier}.${i}`);
      if (seen.has(spec.name)) problems.add(`${prop}.${tier}.${i}.name`, spec.name, `is defined twice on the ${tier} security group's ${direction} rules`);
      seen.add(spec.name);
    });
  }
}
