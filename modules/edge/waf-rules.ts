/**
 * Names of the edge web ACL's built-in rules and their enforcement modes, with
 * no CDKTF imports so that the environment validation can use them too.
 */

/** How a WAF rule acts on a match: `block` enforces; `count` only records the match (metrics, sampled requests, logs). */
export type WafRuleMode = 'count' | 'block';

/** The per-client-IP rate limit (`edge.rateLimit`). */
export const RATE_LIMIT_RULE_NAME = 'rate-limit-per-ip';
/** The client IP deny list (`edge.ipDenyList`). */
export const IP_DENY_RULE_NAME = 'ip-deny-list';
/** The client IP allow list (`edge.ipAllowList`); it allows, so it has no count/block mode. */
export const IP_ALLOW_RULE_NAME = 'ip-allow-list';
/** The per-path rate limit at `index` of `edge.pathRateLimits`. */
export const pathRateLimitRuleName = (index: number): string => `rate-limit-path-${index}`;

/** The AWS managed rule groups every web ACL runs unless told otherwise. */
export const DEFAULT_MANAGED_RULE_GROUP_NAMES = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
] as const;

/**
 * AWS managed rule groups an environment may add (`edge.extraWafManagedRuleGroups`), typically
 * first in count mode: none needs configuration or extra fees, and none keys on the client IP
 * (so they work on the ALB's web ACL behind CloudFront too). WCUs: Linux 200, Unix 100, admin protection 100.
 */
export const OPTIONAL_MANAGED_RULE_GROUP_NAMES = ['AWSManagedRulesLinuxRuleSet', 'AWSManagedRulesUnixRuleSet', 'AWSManagedRulesAdminProtectionRuleSet'] as const;

/** What decides which built-in rules exist. */
export interface WafRuleNameInput {
  /** Names of the managed rule groups. */
  readonly managedRuleGroups: readonly string[];
  /** Number of per-path rate limits. */
  readonly pathRateLimits: number;
  /** Whether there is an IP deny list. */
  readonly ipDenyList: boolean;
}

/**
 * The rules whose mode can be set (`wafRuleModes` keys), in web ACL order: the IP deny list
 * (when there is one), the per-IP rate limit, each per-path rate limit, each managed rule group.
 * The names are the rule names in the web ACL, its CloudWatch metrics and its logs.
 */
export function wafRuleNames(input: WafRuleNameInput): string[] {
  return [
    ...(input.ipDenyList ? [IP_DENY_RULE_NAME] : []),
    RATE_LIMIT_RULE_NAME,
    ...Array.from({ length: input.pathRateLimits }, (_, i) => pathRateLimitRuleName(i)),
    ...input.managedRuleGroups,
  ];
}

/** The keys of `modes` that name no rule of `allowed`. */
export function unknownWafRuleNames(modes: Readonly<Record<string, WafRuleMode>>, allowed: readonly string[]): string[] {
  return Object.keys(modes).filter((n) => !allowed.includes(n));
}
