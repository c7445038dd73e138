import { Construct } from 'constructs';
import { TerraformProvider, Token } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { Wafv2IpSet } from '@cdktf/provider-aws/lib/wafv2-ip-set';
import { Wafv2WebAcl, Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { LayerBaseProps } from '../core/context';
import { policyDocument } from '../core/iam';
import { isWholeNumberIn, WAF_RATE_LIMIT_RANGE } from '../core/limits';
import { PropProblem, Problems } from '../core/problems';
import { DEFAULT_MANAGED_RULE_GROUP_NAMES, IP_ALLOW_RULE_NAME, IP_DENY_RULE_NAME, pathRateLimitRuleName, RATE_LIMIT_RULE_NAME, WafRuleMode } from './waf-rules';

/**
 * A WAF statement in the provider's own block schema (snake_case keys, nested
 * blocks as objects, repeated blocks as arrays), written verbatim into the
 * synthesized JSON, e.g.
 * `{ byte_match_statement: { search_string: '/admin/', positional_constraint: 'STARTS_WITH', field_to_match: { uri_path: {} }, text_transformation: [{ priority: 0, type: 'NONE' }] } }`.
 * The provider's generated TypeScript types stop at the first statement level, so this is the readable way in.
 */
export interface WafStatement {
  readonly [statementType: string]: unknown;
}

/** A rule of your own, evaluated after the built-in rules. */
export interface ExtraWafRule {
  /** Rule name, unique in the web ACL; also the CloudWatch metric name suffix. Letters, digits, `-` and `_`. */
  readonly name: string;
  /** What a match does. */
  readonly action: 'allow' | 'block' | 'count' | 'captcha' | 'challenge';
  /** The match statement. */
  readonly statement: WafStatement;
  /**
   * Priority in the web ACL (lower runs first). Built-in rules use 0-99.
   * @default 100 + the rule's index in extraWafRules
   */
  readonly priority?: number;
}

/** An AWS managed rule group to run. */
export interface ManagedRuleGroup {
  /** Group name, e.g. `AWSManagedRulesCommonRuleSet`. */
  readonly name: string;
  /**
   * Vendor.
   * @default 'AWS'
   */
  readonly vendor?: string;
  /**
   * Rules of the group that only count instead of blocking (e.g. `SizeRestrictions_BODY`
   * for an API that accepts bodies over 8 KB). Each one is a visible, reviewable exception.
   * @default []
   */
  readonly countRules?: string[];
  /**
   * Pin a group version.
   * @default undefined (the vendor's default version)
   */
  readonly version?: string;
}

/** The managed rule groups every web ACL runs unless told otherwise. */
export const DEFAULT_MANAGED_RULE_GROUPS: readonly ManagedRuleGroup[] = DEFAULT_MANAGED_RULE_GROUP_NAMES.map((name) => ({ name }));

/**
 * The given groups with some of their rules switched to count-only, e.g.
 * `withCountRules(DEFAULT_MANAGED_RULE_GROUPS, { AWSManagedRulesCommonRuleSet: ['SizeRestrictions_BODY'] })`.
 * Throws when a group is named that is not in `groups`.
 */
export function withCountRules(groups: readonly ManagedRuleGroup[], countRules: Readonly<Partial<Record<string, readonly string[]>>>): ManagedRuleGroup[] {
  for (const name of Object.keys(countRules)) {
    if (!groups.some((g) => g.name === name)) throw new Error(`withCountRules: "${name}" is not one of the managed rule groups (${groups.map((g) => g.name).join(', ')})`);
  }
  return groups.map((g) => {
    const extra = countRules[g.name] ?? [];
    return extra.length === 0 ? g : { ...g, countRules: [...new Set([...(g.countRules ?? []), ...extra])] };
  });
}

/** A tighter rate limit on the requests whose path starts with `path`. */
export interface PathRateLimit {
  /** URL path prefix, e.g. `/api/token/`. */
  readonly path: string;
  /** Requests per client IP per window: a whole number 10-2000000000 (AWS WAF's range). */
  readonly limit: number;
}

export interface WafRuleSettings {
  /** Requests per client IP per window before WAF blocks: a whole number 10-2000000000 (AWS WAF's range). */
  readonly rateLimit: number;
  /** The rate-limit evaluation window in seconds: 60, 120, 300 or 600. */
  readonly rateLimitWindowSeconds: number;
  /**
   * Tighter per-path limits.
   * @default []
   */
  readonly pathRateLimits?: readonly PathRateLimit[];
  /**
   * Client CIDRs let through without further checks (they skip the rate limits and managed rules).
   * @default []
   */
  readonly ipAllowList?: readonly string[];
  /**
   * Client CIDRs always blocked.
   * @default []
   */
  readonly ipDenyList?: readonly string[];
  /**
   * Managed rule groups.
   * @default DEFAULT_MANAGED_RULE_GROUPS
   */
  readonly managedRuleGroups?: readonly ManagedRuleGroup[];
  /**
   * Rules of your own, after the built-in ones.
   * @default []
   */
  readonly extraRules?: readonly ExtraWafRule[];
  /**
   * Staged rollout: per built-in rule, `count` (observe: matches are only recorded) or `block`
   * (enforce), keyed by the rule's name in the web ACL: a managed group's name (the whole group
   * counts: override_action count), `rate-limit-per-ip`, `rate-limit-path-<i>`, `ip-deny-list`.
   * Names of rules this ACL does not have are ignored here (the Edge layer validates them).
   * @default {} (every rule blocks)
   */
  readonly ruleModes?: Readonly<Record<string, WafRuleMode>>;
}

export interface EdgeWebAclProps extends LayerBaseProps, WafRuleSettings {
  /** Web ACL name, also the prefix of its metric names and log group. */
  readonly aclName: string;
  /** REGIONAL (ALB) or CLOUDFRONT (must be created in us-east-1 through `provider`). */
  readonly scope: 'REGIONAL' | 'CLOUDFRONT';
  /**
   * Whether the rules that key on the client IP (allow/deny lists, rate limits,
   * IP reputation) are included. Off for the ALB's web ACL behind CloudFront,
   * where every request comes from a CloudFront address and the CloudFront web ACL
   * applies those rules to the real client IP.
   * @default true
   */
  readonly clientIpRules?: boolean;
  /** ARN of the KMS key encrypting the log group (its policy must allow CloudWatch Logs in the ACL's region). */
  readonly logKmsKeyArn: string;
  /** Log retention in days. */
  readonly logRetentionDays: number;
  /**
   * Resource (ALB) to associate the web ACL with. CloudFront distributions reference the ACL themselves.
   * @default undefined (no association resource)
   */
  readonly associateWith?: string;
  /**
   * The provider to create everything with (the us-east-1 alias for CLOUDFRONT).
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

const action = (a: ExtraWafRule['action']) => ({ [a]: {} });
const visibility = (metric: string) => ({ cloudwatchMetricsEnabled: true, metricName: metric, sampledRequestsEnabled: true });

/** At most 7 per-path rate limits: priorities 3-9. */
const MAX_PATH_RATE_LIMITS = 7;
/** At most 90 managed rule groups: priorities 10-99. */
const MAX_MANAGED_RULE_GROUPS = 90;

/** What decides a web ACL's rules: the rule settings, its name and whether it has the client-IP rules. */
export type WebAclRuleInput = WafRuleSettings & Pick<EdgeWebAclProps, 'aclName' | 'clientIpRules'>;

/**
 * A WAFv2 web ACL with the edge's rule set, metrics on the ACL and every rule,
 * and full logging to a KMS-encrypted `aws-waf-logs-` log group with the
 * Authorization and Cookie headers redacted.
 *
 * Rule order (priority): 0 deny list, 1 allow list, 2 rate limit per IP,
 * 3.. per-path rate limits, 10.. managed groups, 100.. extra rules.
 * Each built-in rule blocks unless `ruleModes` puts it in count mode.
 */
export class EdgeWebAcl extends Construct {
  /** The web ACL (`<id>_acl`, named `aclName`): default allow, the rules in `rules`. */
  readonly acl: Wafv2WebAcl;
  /** The ACL's log group (`aws-waf-logs-<aclName>`), encrypted with `logKmsKeyArn`. */
  readonly logGroup: CloudwatchLogGroup;
  /** The ACL's logging configuration: every request to `logGroup`, Authorization and Cookie headers redacted. */
  readonly logging: Wafv2WebAclLoggingConfiguration;
  /** The association with `associateWith` (the ALB); undefined without `associateWith` (CloudFront references the ACL itself). */
  readonly association?: Wafv2WebAclAssociation;
  /** The IP set of `ipAllowList` (`<aclName>-allow`); undefined when the list is empty or `clientIpRules` is off. */
  readonly allowList?: Wafv2IpSet;
  /** The IP set of `ipDenyList` (`<aclName>-deny`); undefined when the list is empty or `clientIpRules` is off. */
  readonly denyList?: Wafv2IpSet;
  /** The rules, as synthesized (for tests and documentation). */
  readonly rules: Wafv2WebAclRule[];
  /** The web ACL's ARN (`acl.arn`). */
  readonly arn: string;
  /** The web ACL's name (`acl.name`: `aclName`). */
  readonly name: string;

  constructor(scope: Construct, id: string, props: EdgeWebAclProps) {
    super(scope, id);
    new Problems().addAll(webAclPropsProblems(props)).throwIfAny(`EdgeWebAcl ${this.node.path}`);
    const { provider } = props;
    const ipSets = ipSetsOf(props);
    if (ipSets.deny) this.denyList = ipSet(this, 'deny', props, [...(props.ipDenyList ?? [])]);
    if (ipSets.allow) this.allowList = ipSet(this, 'allow', props, [...(props.ipAllowList ?? [])]);
    this.rules = webAclRules(props, { deny: this.denyList?.arn, allow: this.allowList?.arn });

    this.acl = new Wafv2WebAcl(this, 'acl', {
      provider,
      name: props.aclName,
      description: `${props.name} ${props.scope === 'CLOUDFRONT' ? 'CloudFront' : 'ALB'} web ACL`,
      scope: props.scope,
      defaultAction: { allow: {} },
      rule: this.rules,
      visibilityConfig: visibility(props.aclName),
      tags: props.tags,
    });
    this.arn = this.acl.arn;
    this.name = this.acl.name;
    const logs = aclLogging(this, props, this.acl);
    this.logGroup = logs.logGroup;
    this.logging = logs.logging;
    if (props.associateWith !== undefined) {
      this.association = new Wafv2WebAclAssociation(this, 'association', { provider, resourceArn: props.associateWith, webAclArn: this.acl.arn });
    }
  }
}

/**
 * Every problem with a web ACL's props (empty when they are fine): its name, the rate limits and their window,
 * the number of path rate limits and managed groups, and rules sharing a name or a priority.
 */
export function webAclPropsProblems(props: WebAclRuleInput): PropProblem[] {
  const problems = new Problems();
  const { aclName } = props;
  if (!Token.isUnresolved(aclName) && !/^[A-Za-z0-9_-]{1,128}$/.test(aclName)) problems.add('aclName', aclName, 'must be 1-128 letters, digits, - or _');
  if (![60, 120, 300, 600].includes(props.rateLimitWindowSeconds)) problems.add('rateLimitWindowSeconds', props.rateLimitWindowSeconds, 'must be 60, 120, 300 or 600');
  const paths = props.pathRateLimits ?? [];
  if ((props.clientIpRules ?? true) && paths.length > MAX_PATH_RATE_LIMITS) {
    problems.add('pathRateLimits', paths.length, `at most ${MAX_PATH_RATE_LIMITS} pathRateLimits (priorities 3-9)`);
  }
  if (managedGroupsOf(props).length > MAX_MANAGED_RULE_GROUPS) problems.add('managedRuleGroups', managedGroupsOf(props).length, `at most ${MAX_MANAGED_RULE_GROUPS} managed rule groups (priorities 10-99)`);
  // Only with the counts in range: beyond them the rules' priorities overlap by construction.
  if (problems.empty) problems.addAll(duplicateRuleProblems(props));
  // The rate limits are client-IP rules: without them the ACL has none.
  if (props.clientIpRules ?? true) {
    rateLimitProblem(problems, 'rateLimit', props.rateLimit);
    paths.forEach((p, i) => rateLimitProblem(problems, `pathRateLimits.${i}.limit`, p.limit));
  }
  return [...problems.all];
}

/** A rate-based rule's limit: a whole number in WAF_RATE_LIMIT_RANGE (a token is left to the module's validation). */
function rateLimitProblem(problems: Problems, prop: string, limit: number): void {
  const { min, max } = WAF_RATE_LIMIT_RANGE;
  if (Token.isUnresolved(limit) || isWholeNumberIn(limit, WAF_RATE_LIMIT_RANGE)) return;
  problems.add(prop, limit, `must be a whole number ${min}-${max} (requests per client IP per window; AWS WAF's range for a rate-based rule)`);
}

/** Rules sharing a name or a priority, reported on the extra rule (or the managed groups) that repeats it. */
function duplicateRuleProblems(props: WebAclRuleInput): PropProblem[] {
  const problems = new Problems();
  const rules = webAclRules(props, { deny: 'deny-list-arn', allow: 'allow-list-arn' });
  const firstExtra = rules.length - (props.extraRules ?? []).length;
  const propOf = (i: number, field: 'name' | 'priority') => (i >= firstExtra ? `extraRules.${i - firstExtra}.${field}` : 'managedRuleGroups');
  const names = new Set<string>();
  const priorities = new Set<number>();
  rules.forEach((r, i) => {
    if (names.has(r.name)) problems.add(propOf(i, 'name'), r.name, `two rules are named "${r.name}"`);
    if (priorities.has(r.priority)) problems.add(propOf(i, 'priority'), r.priority, `two rules have priority ${r.priority} (rule "${r.name}")`);
    names.add(r.name);
    priorities.add(r.priority);
  });
  return [...problems.all];
}

/** Which IP sets the ACL has: the client-IP lists only where the client IP is known, and only when not empty. */
function ipSetsOf(props: WebAclRuleInput): { deny: boolean; allow: boolean } {
  const clientIpRules = props.clientIpRules ?? true;
  return { deny: clientIpRules && (props.ipDenyList ?? []).length > 0, allow: clientIpRules && (props.ipAllowList ?? []).length > 0 };
}

/** The managed rule groups of the ACL: the IP reputation list is pointless where every client address is a CloudFront edge. */
function managedGroupsOf(props: WebAclRuleInput): readonly ManagedRuleGroup[] {
  const clientIpRules = props.clientIpRules ?? true;
  return (props.managedRuleGroups ?? DEFAULT_MANAGED_RULE_GROUPS).filter((g) => clientIpRules || g.name !== 'AWSManagedRulesAmazonIpReputationList');
}

function ipSet(scope: Construct, kind: 'deny' | 'allow', props: EdgeWebAclProps, addresses: string[]): Wafv2IpSet {
  return new Wafv2IpSet(scope, `${kind}_list`, {
    provider: props.provider,
    name: `${props.aclName}-${kind}`,
    description: kind === 'deny' ? 'Client CIDRs always blocked - edge.ipDenyList' : 'Client CIDRs let through without further checks - edge.ipAllowList',
    scope: props.scope,
    ipAddressVersion: 'IPV4',
    addresses,
    tags: props.tags,
  });
}

/**
 * The ACL's rules in priority order: 0 deny list, 1 allow list, 2 rate limit per IP, 3.. per-path rate limits,
 * 10.. managed groups, 100.. extra rules. `ipSetArns` are the IP sets' ARNs (the lists' rules exist as `ipSetsOf` says).
 */
function webAclRules(props: WebAclRuleInput, ipSetArns: { deny?: string; allow?: string }): Wafv2WebAclRule[] {
  const rules: Wafv2WebAclRule[] = [];
  const rule = (name: string, priority: number, a: ExtraWafRule['action'], statement: WafStatement) =>
    rules.push({ name, priority, action: action(a), statement, visibilityConfig: visibility(`${props.aclName}-${name}`) });
  const modes = props.ruleModes ?? {};
  // A blocking built-in rule, unless its mode says count.
  const enforce = (name: string): ExtraWafRule['action'] => (modes[name] === 'count' ? 'count' : 'block');
  const ipSets = ipSetsOf(props);
  if (ipSets.deny) rule(IP_DENY_RULE_NAME, 0, enforce(IP_DENY_RULE_NAME), { ip_set_reference_statement: { arn: ipSetArns.deny } });
  if (ipSets.allow) rule(IP_ALLOW_RULE_NAME, 1, 'allow', { ip_set_reference_statement: { arn: ipSetArns.allow } });
  if (props.clientIpRules ?? true) {
    rule(RATE_LIMIT_RULE_NAME, 2, enforce(RATE_LIMIT_RULE_NAME), {
      rate_based_statement: { limit: props.rateLimit, aggregate_key_type: 'IP', evaluation_window_sec: props.rateLimitWindowSeconds },
    });
    (props.pathRateLimits ?? []).forEach((p, i) => rule(pathRateLimitRuleName(i), 3 + i, enforce(pathRateLimitRuleName(i)), pathRateStatement(p, props.rateLimitWindowSeconds)));
  }
  managedGroupsOf(props).forEach((g, i) => rules.push(managedGroupRule(g, 10 + i, enforce(g.name) === 'count', props.aclName)));
  (props.extraRules ?? []).forEach((r, i) => rule(r.name, r.priority ?? 100 + i, r.action, r.statement));
  return rules;
}

function pathRateStatement(p: PathRateLimit, windowSeconds: number): WafStatement {
  return {
    rate_based_statement: {
      limit: p.limit,
      aggregate_key_type: 'IP',
      evaluation_window_sec: windowSeconds,
      scope_down_statement: {
        byte_match_statement: {
          search_string: p.path,
          positional_constraint: 'STARTS_WITH',
          field_to_match: { uri_path: {} },
          // Decode and normalize first so /api//token/ or %2Fapi%2Ftoken%2F cannot dodge the limit.
          text_transformation: [
            { priority: 0, type: 'URL_DECODE' },
            { priority: 1, type: 'NORMALIZE_PATH' },
          ],
        },
      },
    },
  };
}

function managedGroupRule(g: ManagedRuleGroup, priority: number, count: boolean, aclName: string): Wafv2WebAclRule {
  return {
    name: g.name,
    priority,
    // count: the whole group only records what it would block (staged rollout).
    overrideAction: count ? { count: {} } : { none: {} },
    statement: {
      managed_rule_group_statement: {
        name: g.name,
        vendor_name: g.vendor ?? 'AWS',
        ...(g.version ? { version: g.version } : {}),
        ...((g.countRules ?? []).length > 0 ? { rule_action_override: (g.countRules ?? []).map((r) => ({ name: r, action_to_use: { count: {} } })) } : {}),
      },
    },
    visibilityConfig: visibility(`${aclName}-${g.name}`),
  };
}

/** Full logging to a KMS-encrypted `aws-waf-logs-` log group, Authorization and Cookie redacted. */
function aclLogging(scope: Construct, props: EdgeWebAclProps, acl: Wafv2WebAcl) {
  const { provider } = props;
  // WAF requires the `aws-waf-logs-` prefix on CloudWatch Logs destinations.
  const logGroupName = `aws-waf-logs-${props.aclName}`;
  const logGroup = new CloudwatchLogGroup(scope, 'log_group', {
    provider,
    name: logGroupName,
    retentionInDays: props.logRetentionDays,
    kmsKeyId: props.logKmsKeyArn,
    tags: props.tags,
  });
  // Explicit delivery permission (instead of letting WAF add one to the account-wide, 10-policy limit on its own).
  const logsArn = `arn:${props.partition ?? 'aws'}:logs:${props.region}:${props.accountId}`;
  const resourcePolicy = new CloudwatchLogResourcePolicy(scope, 'log_delivery_policy', {
    provider,
    policyName: `${props.aclName}-waf-log-delivery`,
    policyDocument: policyDocument([
      {
        Sid: 'WafLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `${logsArn}:log-group:${logGroupName}:log-stream:*`,
        Condition: { ArnLike: { 'aws:SourceArn': `${logsArn}:*` }, StringEquals: { 'aws:SourceAccount': props.accountId } },
      },
    ]),
  });
  const logging = new Wafv2WebAclLoggingConfiguration(scope, 'logging', {
    provider,
    resourceArn: acl.arn,
    logDestinationConfigs: [logGroup.arn],
    // Never write credentials or session cookies to the logs.
    redactedFields: [{ singleHeader: { name: 'authorization' } }, { singleHeader: { name: 'cookie' } }],
    dependsOn: [resourcePolicy],
  });
  return { logGroup, logging };
}
