/**
 * The edge layer's rules for its props, by concern (CloudFront, load balancer, host names, WAF, security
 * headers): pure functions, so the environment validator can call them. `edgePropsProblems` reports every
 * problem at once; the construct throws them as one PropsError.
 */
import { Fn, Token } from 'cdktf';
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS } from '../core/cloudfront-origin';
import { layerBaseProblems, LayerBaseProps } from '../core/context';
import { ALB_IDLE_TIMEOUT_RANGE, isWholeNumberIn } from '../core/limits';
import { HOSTED_ZONE_ID_PATTERN, isDnsName } from '../core/patterns';
import { PropProblem, Problems } from '../core/problems';
import { resolveSecurityHeaders, ResolvedSecurityHeaders, securityHeadersProblems } from './headers';
import { HOSTS_PER_RULE } from './listeners';
import { bucketNameProblem } from './names';
import { EdgeProps } from './props';
import { DEFAULT_MANAGED_RULE_GROUPS, webAclPropsProblems, WafRuleSettings } from './waf';
import { unknownWafRuleNames, wafRuleNames } from './waf-rules';

/** Longest ALB or target-group name (CreateTargetGroup, CreateLoadBalancer). */
const ELB_NAME_MAX_LENGTH = 32;

/** Longest `name`: ALB and target-group names are `<name>-alb` / `<name>-app`, at most 32 characters (the published module's `name` limit too). */
export const EDGE_MAX_NAME_LENGTH = ELB_NAME_MAX_LENGTH - '-alb'.length;
/** Forward rules are lettered a to z. */
const MAX_API_HOSTS = 26 * HOSTS_PER_RULE;

/** The props the value rules read: every prop but the wiring (the network layer's outputs and the providers). */
export type EdgeValueProps = Omit<EdgeProps, 'network' | 'globalProvider' | 'dnsProvider'>;

/** The props with every default applied (no check: see `edgePropsProblems`). */
export interface EdgeDefaults<P extends EdgeValueProps = EdgeProps> {
  readonly props: P;
  /** name, account, region, partition, tags: for the layer's keys and web ACLs. */
  readonly base: LayerBaseProps;
  readonly cloudFront: boolean;
  readonly deletionProtection: boolean;
  /** WAF log retention and access-log expiry (days). */
  readonly retention: number;
  readonly alternativeNames: string[];
  /** The names the API answers to: `domainName`, then `alternativeNames`. */
  readonly apiHosts: string[];
  /** The name CloudFront connects to (on the ALB certificate and an alias to the ALB, with CloudFront). */
  readonly originDomainName: string;
  readonly dualstack: boolean;
  /**
   * Behind CloudFront: CloudFront's origin-facing prefix list of the region (`cloudFrontOriginPrefixListId`, else the
   * table's entry; for a region that is a Terraform variable, a `lookup` of the table). Undefined without CloudFront,
   * or for a literal region missing from the table (a props problem).
   */
  readonly originPrefixListId?: string;
  /** The rule settings both web ACLs share. */
  readonly wafRules: WafRuleSettings & { readonly ruleModes: NonNullable<WafRuleSettings['ruleModes']> };
}

/** What the layer's builders use: the defaults and the resolved security headers. */
export interface EdgeSettings extends EdgeDefaults {
  readonly headers: ResolvedSecurityHeaders;
  /** The target group's port: `containerPort`, else the port the network admits to the app. */
  readonly containerPort: number;
}

export function edgeDefaults<P extends EdgeValueProps>(props: P): EdgeDefaults<P> {
  const alternativeNames = props.alternativeNames ?? [];
  return {
    props,
    base: { name: props.name, accountId: props.accountId, region: props.region, partition: props.partition, tags: props.tags },
    cloudFront: props.cloudFront ?? true,
    deletionProtection: props.deletionProtection ?? true,
    retention: props.logRetentionDays ?? 365,
    alternativeNames,
    apiHosts: [props.domainName, ...alternativeNames],
    originDomainName: props.originDomainName ?? `origin.${props.domainName}`,
    dualstack: (props.ipAddressType ?? 'ipv4') === 'dualstack',
    originPrefixListId: (props.cloudFront ?? true) ? originPrefixListIdOf(props) : undefined,
    wafRules: {
      rateLimit: props.rateLimit ?? 1000,
      rateLimitWindowSeconds: props.rateLimitWindowSeconds ?? 300,
      pathRateLimits: props.pathRateLimits ?? [],
      ipAllowList: props.ipAllowList ?? [],
      ipDenyList: props.ipDenyList ?? [],
      managedRuleGroups: props.managedRuleGroups,
      extraRules: props.extraWafRules ?? [],
      ruleModes: props.wafRuleModes ?? {},
    },
  };
}

/** The prefix-list ID the ALB admits behind CloudFront: the prop, the table's entry, or a plan-time `lookup` of the table. */
function originPrefixListIdOf(props: EdgeValueProps): string | undefined {
  if (props.cloudFrontOriginPrefixListId !== undefined) return props.cloudFrontOriginPrefixListId;
  // The published HCL module's region is a variable: Terraform looks it up (plan fails naming the missing key).
  if (Token.isUnresolved(props.region)) return Fn.lookup(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS, props.region);
  return CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS[props.region];
}

/** The settings of props `edgePropsProblems` found nothing wrong with (bad security headers throw). */
export function edgeSettings(props: EdgeProps): EdgeSettings {
  return { ...edgeDefaults(props), headers: resolveSecurityHeaders(props.securityHeaders), containerPort: props.containerPort ?? props.network.containerPort ?? 8000 };
}

/** Every problem with the edge layer's props (empty when they are fine): the wiring's, then the values'. */
export function edgePropsProblems(props: EdgeProps): PropProblem[] {
  const problems = new Problems();
  if ((props.cloudFront ?? true) && props.globalProvider === undefined) {
    problems.add('globalProvider', undefined, 'is required while cloudFront is on: CloudFront certificates and web ACLs must be created in us-east-1 through a provider configured for us-east-1 (in us-east-1 the default provider)');
  }
  // Behind CloudFront the ALB is internal, in the private app subnets; otherwise internet-facing in the public ones.
  const [field, subnets] = (props.cloudFront ?? true) ? ['network.appSubnetIds', props.network.appSubnetIds] : ['network.publicSubnetIds', props.network.publicSubnetIds];
  if (!Token.isUnresolved(subnets) && subnets.length < 2) problems.add(field, subnets, 'must be in at least two availability zones (an ALB needs two)');
  return [...problems.addAll(edgeValueProblems(props)).all];
}

/**
 * The problems of the props that are values, not wiring (network outputs, providers): what the environment
 * validator checks before any construct exists (`edgePropsProblems` adds the wiring's).
 */
export function edgeValueProblems(props: EdgeValueProps): PropProblem[] {
  const d = edgeDefaults(props);
  const problems = new Problems();
  problems.addAll(layerBaseProblems(props, { maxNameLength: EDGE_MAX_NAME_LENGTH, nameUse: 'it prefixes the ALB and target-group names, which AWS limits to 32 characters' }));
  loadBalancerProblems(d, problems);
  originAccessProblems(d, problems);
  hostNameProblems(d, problems);
  wafProblems(d, problems);
  problems.addAll(securityHeadersProblems(props.securityHeaders), 'securityHeaders');
  if (props.testListener) {
    testListenerProblems(props.testListener, problems);
    greenTargetGroupNameProblems(props.name, problems);
  }
  return [...problems.all];
}

/**
 * Blue/green adds the target group `<name>-green` (load-balancer.ts), 2 characters longer than `<name>-alb`: within
 * EDGE_MAX_NAME_LENGTH, a name of 27 or 28 characters makes it too long for AWS (reported here; a longer name is
 * `layerBaseProblems`' already).
 */
function greenTargetGroupNameProblems(name: string, problems: Problems): void {
  const green = `${name}-green`;
  if (Token.isUnresolved(name) || green.length <= ELB_NAME_MAX_LENGTH || name.length > EDGE_MAX_NAME_LENGTH) return;
  problems.add('name', name, `makes the blue/green target group name "${green}" ${green.length} characters long: AWS allows ${ELB_NAME_MAX_LENGTH} (with testListener, at most ${ELB_NAME_MAX_LENGTH - '-green'.length} characters)`);
}

/** The blue/green test listener: a port of its own, CIDRs that are not the whole internet. */
function testListenerProblems(t: NonNullable<EdgeValueProps['testListener']>, problems: Problems): void {
  if (!Token.isUnresolved(t.port) && (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535 || t.port === 80 || t.port === 443)) {
    problems.add('testListener.port', t.port, 'must be a TCP port 1-65535 other than 80 and 443 (the production listeners)');
  }
  [t.vpcCidr, ...(t.allowedCidrs ?? [])].forEach((c, i) => {
    const prop = i === 0 ? 'testListener.vpcCidr' : `testListener.allowedCidrs.${i - 1}`;
    if (Token.isUnresolved(c)) return;
    if (!/^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$/.test(c)) problems.add(prop, c, 'must be an IPv4 CIDR such as 10.8.0.0/16');
    else if (c.endsWith('/0')) problems.add(prop, c, 'must not be the whole internet: the test listener serves untested code');
  });
}

/** The load balancer's idle timeout; the log bucket names derived from `name` within the S3 limit (the ALB's are `layerBaseProblems`'). */
function loadBalancerProblems({ props, cloudFront }: EdgeDefaults<EdgeValueProps>, problems: Problems): void {
  const idle = props.idleTimeoutSeconds;
  if (idle !== undefined && !Token.isUnresolved(idle) && !isWholeNumberIn(idle, ALB_IDLE_TIMEOUT_RANGE)) {
    problems.add('idleTimeoutSeconds', idle, `must be a whole number of seconds ${ALB_IDLE_TIMEOUT_RANGE.min}-${ALB_IDLE_TIMEOUT_RANGE.max} (what an ALB's idle timeout accepts)`);
  }
  const purposes = ['alb-logs', ...(cloudFront ? ['cdn-logs'] : [])];
  const tooLong = purposes.map((p) => bucketNameProblem(props.name, p, props.accountId, props.region)).find((p) => p !== undefined);
  if (tooLong) problems.add('name', props.name, tooLong);
}

/** Behind CloudFront: a known origin-facing prefix list for the ALB's security group. */
function originAccessProblems({ props, cloudFront, originPrefixListId }: EdgeDefaults<EdgeValueProps>, problems: Problems): void {
  if (!cloudFront) return;
  const id = props.cloudFrontOriginPrefixListId;
  if (id !== undefined && !Token.isUnresolved(id) && !/^pl-[0-9a-f]{8,17}$/.test(id)) {
    problems.add('cloudFrontOriginPrefixListId', id, 'is not a prefix-list ID (pl- and 8 to 17 hex digits)');
  }
  if (originPrefixListId === undefined) {
    problems.add(
      'cloudFrontOriginPrefixListId',
      id,
      `is required in region ${props.region}: the table of CloudFront origin-facing prefix lists covers ${Object.keys(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS).join(', ')}; ` +
        `look it up with aws ec2 describe-managed-prefix-lists --region ${props.region} --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing`,
    );
  }
}

/** A Route 53 hosted zone ID; lowercase DNS names, all different, at most as many as the forward rules can hold. */
function hostNameProblems({ props, cloudFront, alternativeNames, originDomainName }: EdgeDefaults<EdgeValueProps>, problems: Problems): void {
  const zone = props.hostedZoneId;
  if (!Token.isUnresolved(zone) && !(typeof zone === 'string' && new RegExp(HOSTED_ZONE_ID_PATTERN).test(zone))) {
    problems.add('hostedZoneId', zone, 'must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ: Z followed by 4-31 uppercase letters or digits (not /hostedzone/<id>)');
  }
  const named: [string, string][] = [['domainName', props.domainName], ...alternativeNames.map((n, i): [string, string] => [`alternativeNames.${i}`, n])];
  if (cloudFront) named.push(['originDomainName', originDomainName]);
  for (const [prop, n] of named) {
    // A Terraform variable (the published HCL module) is checked by the module's validation blocks.
    if (!Token.isUnresolved(n) && !isDnsName(n)) problems.add(prop, n, 'is not a lowercase DNS name');
  }
  const names = named.map(([, n]) => n);
  if (new Set(names).size !== names.length) {
    problems.add(alternativeNames.length > 0 ? 'alternativeNames' : 'originDomainName', names, 'domainName, alternativeNames and the origin name must all differ');
  }
  const hosts = 1 + alternativeNames.length;
  if (hosts > MAX_API_HOSTS) problems.add('alternativeNames', alternativeNames.length, `at most ${MAX_API_HOSTS} API host names (domainName + alternativeNames), got ${hosts}`);
}

/** Rule modes name rules that exist; the web ACL's own rules (checked on the ACL with every rule: the client-IP one). */
function wafProblems({ props, cloudFront, wafRules }: EdgeDefaults<EdgeValueProps>, problems: Problems): void {
  const allowed = wafRuleNames({
    managedRuleGroups: (props.managedRuleGroups ?? DEFAULT_MANAGED_RULE_GROUPS).map((g) => g.name),
    pathRateLimits: (props.pathRateLimits ?? []).length,
    ipDenyList: (props.ipDenyList ?? []).length > 0,
  });
  const modes = wafRules.ruleModes;
  for (const name of unknownWafRuleNames(modes, allowed)) problems.add(`wafRuleModes.${name}`, modes[name], `names no rule of the web ACLs; the rules are ${allowed.join(', ')}`);
  const acl = webAclPropsProblems({
    ...wafRules,
    aclName: `${props.name}-${cloudFront ? 'cloudfront' : 'alb'}`,
    clientIpRules: true,
  });
  for (const p of acl) {
    if (p.prop === 'aclName') problems.add('name', props.name, `makes the web ACL name ${JSON.stringify(p.value)} invalid: it ${p.message}`);
    else problems.add(p.prop.replace(/^extraRules\b/, 'extraWafRules'), p.value, p.message);
  }
}
