import { policy, rulesOf, synthEdge } from './helpers';
import { PropsError } from '../../modules/core/problems';
import { DEFAULT_MANAGED_RULE_GROUPS, EdgeWebAcl, webAclPropsProblems, WebAclRuleInput } from '../../modules/edge';
import { synthStack } from '../support/synth';

const MANAGED = ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'];

describe('regional WAF on the ALB (CloudFront off)', () => {
  const { stack } = synthEdge({
    cloudFront: false,
    rateLimit: 2000,
    rateLimitWindowSeconds: 120,
    pathRateLimits: [{ path: '/api/token/', limit: 100 }],
    ipAllowList: ['198.51.100.0/24'],
    ipDenyList: ['203.0.113.0/24'],
    logRetentionDays: 400,
  });
  const rules = rulesOf(stack, 'edge_waf_acl');

  it('is REGIONAL, allows by default, has metrics on, and is associated with the ALB', () => {
    const acl = stack.resource('aws_wafv2_web_acl', 'edge_waf_acl');
    expect(acl).toMatchObject({
      name: 'helloapi-test-alb',
      scope: 'REGIONAL',
      default_action: { allow: {} },
      visibility_config: { cloudwatch_metrics_enabled: true, metric_name: 'helloapi-test-alb', sampled_requests_enabled: true },
    });
    expect(stack.resource('aws_wafv2_web_acl_association', 'edge_waf_association')).toMatchObject({
      resource_arn: '${aws_lb.edge_alb.arn}',
      web_acl_arn: '${aws_wafv2_web_acl.edge_waf_acl.arn}',
    });
  });

  it('runs the rules in a deliberate order', () => {
    const order = Object.values(rules)
      .sort((a, b) => a.priority - b.priority)
      .map((r) => `${r.priority}:${r.name}`);
    expect(order).toEqual([
      '0:ip-deny-list',
      '1:ip-allow-list',
      '2:rate-limit-per-ip',
      '3:rate-limit-path-0',
      '10:AWSManagedRulesAmazonIpReputationList',
      '11:AWSManagedRulesCommonRuleSet',
      '12:AWSManagedRulesKnownBadInputsRuleSet',
      '13:AWSManagedRulesSQLiRuleSet',
    ]);
  });

  it('blocks the deny list and lets the allow list through, from REGIONAL IP sets', () => {
    expect(rules['ip-deny-list'].action).toEqual({ block: {} });
    expect(rules['ip-deny-list'].statement).toEqual({ ip_set_reference_statement: { arn: '${aws_wafv2_ip_set.edge_waf_deny_list.arn}' } });
    expect(rules['ip-allow-list'].action).toEqual({ allow: {} });
    expect(rules['ip-allow-list'].statement).toEqual({ ip_set_reference_statement: { arn: '${aws_wafv2_ip_set.edge_waf_allow_list.arn}' } });
    expect(stack.resource('aws_wafv2_ip_set', 'edge_waf_deny_list')).toMatchObject({ scope: 'REGIONAL', ip_address_version: 'IPV4', addresses: ['203.0.113.0/24'] });
    expect(stack.resource('aws_wafv2_ip_set', 'edge_waf_allow_list')).toMatchObject({ scope: 'REGIONAL', addresses: ['198.51.100.0/24'] });
  });

  it('rate-limits every client IP with the configured limit and window', () => {
    expect(rules['rate-limit-per-ip'].action).toEqual({ block: {} });
    expect(rules['rate-limit-per-ip'].statement).toEqual({ rate_based_statement: { limit: 2000, aggregate_key_type: 'IP', evaluation_window_sec: 120 } });
  });

  it('rate-limits a path prefix more tightly, matching the decoded, normalized path', () => {
    const r = rules['rate-limit-path-0'];
    expect(r.action).toEqual({ block: {} });
    expect(r.statement.rate_based_statement).toMatchObject({ limit: 100, aggregate_key_type: 'IP', evaluation_window_sec: 120 });
    expect(r.statement.rate_based_statement.scope_down_statement).toEqual({
      byte_match_statement: {
        search_string: '/api/token/',
        positional_constraint: 'STARTS_WITH',
        field_to_match: { uri_path: {} },
        text_transformation: [
          { priority: 0, type: 'URL_DECODE' },
          { priority: 1, type: 'NORMALIZE_PATH' },
        ],
      },
    });
  });

  it.each(MANAGED)('runs the AWS managed group %s without overriding its actions', (name) => {
    expect(rules[name].override_action).toEqual({ none: {} });
    expect(rules[name].action).toBeUndefined();
    expect(rules[name].statement).toEqual({ managed_rule_group_statement: { name, vendor_name: 'AWS' } });
  });

  it('has CloudWatch metrics and sampled requests on every rule', () => {
    for (const r of Object.values(rules)) {
      expect(r.visibility_config).toEqual({ cloudwatch_metrics_enabled: true, metric_name: `helloapi-test-alb-${r.name}`, sampled_requests_enabled: true });
    }
  });

  it('logs to a KMS-encrypted aws-waf-logs- group with the configured retention', () => {
    expect(stack.resource('aws_cloudwatch_log_group', 'edge_waf_log_group')).toMatchObject({
      name: 'aws-waf-logs-helloapi-test-alb',
      retention_in_days: 400,
      kms_key_id: '${aws_kms_key.edge_waf_logs_key_key.arn}',
    });
    const key = stack.resource('aws_kms_key', 'edge_waf_logs_key_key');
    expect(key.enable_key_rotation).toBe(true);
    expect(policy(key.policy).Statement.find((s) => s.Sid === 'CloudWatchLogsUse')?.Principal).toEqual({ Service: 'logs.us-east-1.amazonaws.com' });
  });

  it('redacts the Authorization and Cookie headers from the logs', () => {
    const logging = stack.resource('aws_wafv2_web_acl_logging_configuration', 'edge_waf_logging');
    expect(logging.resource_arn).toBe('${aws_wafv2_web_acl.edge_waf_acl.arn}');
    expect(logging.log_destination_configs).toEqual(['${aws_cloudwatch_log_group.edge_waf_log_group.arn}']);
    expect(logging.redacted_fields).toEqual([{ single_header: { name: 'authorization' } }, { single_header: { name: 'cookie' } }]);
  });

  it('grants log delivery on that log group only, from this account', () => {
    const p = stack.resource('aws_cloudwatch_log_resource_policy', 'edge_waf_log_delivery_policy');
    const [s] = policy(p.policy_document).Statement;
    expect(s).toMatchObject({
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-helloapi-test-alb:log-stream:*',
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
    });
  });
});

describe('WAF without allow/deny lists', () => {
  const { stack } = synthEdge({ cloudFront: false });
  it('creates no IP sets and no list rules; defaults to 1000 requests per 300 s', () => {
    const rules = rulesOf(stack, 'edge_waf_acl');
    expect(stack.count('aws_wafv2_ip_set')).toBe(0);
    expect(Object.keys(rules)).toEqual(['rate-limit-per-ip', ...MANAGED]);
    expect(rules['rate-limit-per-ip'].statement.rate_based_statement).toEqual({ limit: 1000, aggregate_key_type: 'IP', evaluation_window_sec: 300 });
  });
});

describe('WAF with CloudFront on', () => {
  const { stack } = synthEdge({ region: 'eu-west-1', pathRateLimits: [{ path: '/api/token/', limit: 100 }], ipDenyList: ['203.0.113.0/24'] });

  it('the CLOUDFRONT web ACL lives in us-east-1 and has the full rule set', () => {
    const acl = stack.resource('aws_wafv2_web_acl', 'edge_cloudfront_waf_acl');
    expect(acl).toMatchObject({ provider: 'aws.us_east_1', scope: 'CLOUDFRONT', name: 'helloapi-test-cloudfront' });
    expect(Object.keys(rulesOf(stack, 'edge_cloudfront_waf_acl'))).toEqual(['ip-deny-list', 'rate-limit-per-ip', 'rate-limit-path-0', ...MANAGED]);
    expect(stack.resource('aws_wafv2_ip_set', 'edge_cloudfront_waf_deny_list')).toMatchObject({ provider: 'aws.us_east_1', scope: 'CLOUDFRONT' });
  });

  it('the CLOUDFRONT web ACL logs to us-east-1 with a us-east-1 key, redacting credentials', () => {
    expect(stack.resource('aws_cloudwatch_log_group', 'edge_cloudfront_waf_log_group')).toMatchObject({
      provider: 'aws.us_east_1',
      name: 'aws-waf-logs-helloapi-test-cloudfront',
      kms_key_id: '${aws_kms_key.edge_cloudfront_waf_logs_key_key.arn}',
    });
    const key = stack.resource('aws_kms_key', 'edge_cloudfront_waf_logs_key_key');
    expect(key.provider).toBe('aws.us_east_1');
    expect(policy(key.policy).Statement.find((s) => s.Sid === 'CloudWatchLogsUse')?.Principal).toEqual({ Service: 'logs.us-east-1.amazonaws.com' });
    expect(stack.resource('aws_kms_alias', 'edge_cloudfront_waf_logs_key_alias').provider).toBe('aws.us_east_1');
    const logging = stack.resource('aws_wafv2_web_acl_logging_configuration', 'edge_cloudfront_waf_logging');
    expect(logging.provider).toBe('aws.us_east_1');
    expect(logging.redacted_fields).toEqual([{ single_header: { name: 'authorization' } }, { single_header: { name: 'cookie' } }]);
    const [s] = policy(stack.resource('aws_cloudwatch_log_resource_policy', 'edge_cloudfront_waf_log_delivery_policy').policy_document).Statement;
    expect(s.Resource).toBe('arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-helloapi-test-cloudfront:log-stream:*');
  });

  it('the CLOUDFRONT web ACL is attached by the distribution, not by an association resource', () => {
    expect(Object.keys(stack.resources('aws_wafv2_web_acl_association'))).toEqual(['edge_waf_association']);
  });

  it('the ALB web ACL keeps the content rules but not the client-IP rules (every client is a CloudFront edge there)', () => {
    expect(Object.keys(rulesOf(stack, 'edge_waf_acl'))).toEqual(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet']);
    expect(stack.resources('aws_wafv2_ip_set')).not.toHaveProperty('edge_waf_deny_list');
  });
});

describe('WAF extension points', () => {
  it('adds typed extra rules after the built-in ones, to every web ACL', () => {
    const { stack } = synthEdge({
      extraWafRules: [
        { name: 'block-admin', action: 'block', statement: { byte_match_statement: { search_string: '/admin/', positional_constraint: 'STARTS_WITH', field_to_match: { uri_path: {} }, text_transformation: [{ priority: 0, type: 'NONE' }] } } },
        { name: 'geo-count', action: 'count', priority: 150, statement: { geo_match_statement: { country_codes: ['KP'] } } },
      ],
    });
    for (const acl of ['edge_waf_acl', 'edge_cloudfront_waf_acl']) {
      const rules = rulesOf(stack, acl);
      expect(rules['block-admin']).toMatchObject({ priority: 100, action: { block: {} } });
      expect(rules['block-admin'].statement.byte_match_statement.search_string).toBe('/admin/');
      expect(rules['geo-count']).toMatchObject({ priority: 150, action: { count: {} }, statement: { geo_match_statement: { country_codes: ['KP'] } } });
    }
  });

  it('turns chosen managed rules into count-only overrides', () => {
    const { stack } = synthEdge({
      cloudFront: false,
      managedRuleGroups: [...DEFAULT_MANAGED_RULE_GROUPS.filter((g) => g.name !== 'AWSManagedRulesCommonRuleSet'), { name: 'AWSManagedRulesCommonRuleSet', countRules: ['SizeRestrictions_BODY'] }],
    });
    const common = rulesOf(stack, 'edge_waf_acl').AWSManagedRulesCommonRuleSet;
    expect(common.statement.managed_rule_group_statement.rule_action_override).toEqual([{ name: 'SizeRestrictions_BODY', action_to_use: { count: {} } }]);
  });

  it('refuses duplicate rule names and priorities, naming the extra rule', () => {
    expect(() => synthEdge({ cloudFront: false, extraWafRules: [{ name: 'rate-limit-per-ip', action: 'block', statement: {} }] })).toThrow(
      /extraWafRules\.0\.name = "rate-limit-per-ip": two rules are named "rate-limit-per-ip"/,
    );
    expect(() => synthEdge({ cloudFront: false, extraWafRules: [{ name: 'x', action: 'block', priority: 2, statement: {} }] })).toThrow(/extraWafRules\.0\.priority = 2: two rules have priority 2 \(rule "x"\)/);
    // Behind CloudFront the check runs on the ACL with every rule (the CloudFront one): the deny list's name clashes too.
    expect(() => synthEdge({ ipDenyList: ['203.0.113.0/24'], extraWafRules: [{ name: 'ip-deny-list', action: 'block', statement: {} }] })).toThrow(/extraWafRules\.0\.name = "ip-deny-list"/);
  });
});

describe('EdgeWebAcl on its own: every problem at once', () => {
  const settings: WebAclRuleInput = { aclName: 'acl', rateLimit: 100, rateLimitWindowSeconds: 300 };

  it('webAclPropsProblems lists the name, the window and the counts together', () => {
    const paths = Array.from({ length: 8 }, (_, i) => ({ path: `/p${i}/`, limit: 10 }));
    expect(webAclPropsProblems(settings)).toEqual([]);
    expect(webAclPropsProblems({ ...settings, aclName: 'bad name', rateLimitWindowSeconds: 30, pathRateLimits: paths }).map((p) => p.prop)).toEqual([
      'aclName',
      'rateLimitWindowSeconds',
      'pathRateLimits',
    ]);
    // Path rate limits are client-IP rules: an ACL without them ignores the list.
    expect(webAclPropsProblems({ ...settings, clientIpRules: false, pathRateLimits: paths })).toEqual([]);
    const groups = Array.from({ length: 91 }, (_, i) => ({ name: `G${i}` }));
    expect(webAclPropsProblems({ ...settings, managedRuleGroups: groups })).toEqual([{ prop: 'managedRuleGroups', value: 91, message: 'at most 90 managed rule groups (priorities 10-99)' }]);
  });

  it('reports every clash, on the rule that repeats a name or priority', () => {
    const extraRules = [
      { name: 'a', action: 'block' as const, priority: 100, statement: {} },
      { name: 'a', action: 'block' as const, priority: 2, statement: {} },
      { name: 'AWSManagedRulesSQLiRuleSet', action: 'count' as const, statement: {} },
    ];
    expect(webAclPropsProblems({ ...settings, extraRules })).toEqual([
      { prop: 'extraRules.1.name', value: 'a', message: 'two rules are named "a"' },
      { prop: 'extraRules.1.priority', value: 2, message: 'two rules have priority 2 (rule "a")' },
      { prop: 'extraRules.2.name', value: 'AWSManagedRulesSQLiRuleSet', message: 'two rules are named "AWSManagedRulesSQLiRuleSet"' },
    ]);
  });

  it('the construct throws them as one PropsError naming it', () => {
    let error: unknown;
    try {
      synthStack((s) => new EdgeWebAcl(s, 'acl', { ...settings, name: 'n', accountId: '123456789012', region: 'us-east-1', aclName: 'bad name', rateLimitWindowSeconds: 30, scope: 'REGIONAL', logKmsKeyArn: 'k', logRetentionDays: 30 }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsError);
    expect((error as PropsError).construct).toBe('EdgeWebAcl test/acl');
    expect((error as PropsError).problems.map((p) => p.prop)).toEqual(['aclName', 'rateLimitWindowSeconds']);
  });
});
