import { resolveInputs, devInput, prodInput } from '../support/fixtures';
import { synthEnvironments } from '../support/synth';
import { rulesOf } from './helpers';
import { validateEnvironments } from '../../modules/config/validate';
import { DEFAULT_MANAGED_RULE_GROUPS, withCountRules } from '../../modules/edge';
import { providerBlocks } from '../../modules/policy/tf-json';

describe('edge layer in the environments', () => {
  const stacks = synthEnvironments(
    resolveInputs(
      devInput({
        compute: { cpu: 256, memory: 512, desiredCount: 1, image: { tag: 'v1.0.0' }, containerPort: 9000, healthCheckPath: '/healthz/' },
        edge: { idleTimeoutSeconds: 30, ipDenyList: ['203.0.113.0/24'] },
        relaxations: {
          noCloudFront: { reason: 'Dev is reached directly on the ALB.' },
          noDeletionProtection: { reason: 'Dev stacks are rebuilt freely.' },
          shortLogRetention: { reason: 'Dev logs are for debugging only.' },
        },
        logRetentionDays: 30,
      }),
      prodInput({
        edge: {
          rateLimit: 2000,
          rateLimitWindowSeconds: 60,
          pathRateLimits: [{ path: '/api/token/', limit: 100 }],
          contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'",
          wafCountRules: { AWSManagedRulesCommonRuleSet: ['SizeRestrictions_BODY'] },
          cloudFrontPriceClass: 'PriceClass_200',
        },
      }),
    ),
  );
  const dev = stacks.get('helloapi-dev')!;
  const prod = stacks.get('helloapi-prod')!;

  it('production: CloudFront, deletion protection, the configured rate limits on the CloudFront web ACL', () => {
    expect(prod.count('aws_cloudfront_distribution')).toBe(1);
    expect(prod.resource('aws_lb', 'edge_alb').enable_deletion_protection).toBe(true);
    expect(prod.resource('aws_s3_bucket', 'edge_alb_logs_bucket').lifecycle).toEqual({ prevent_destroy: true });
    const rules = rulesOf(prod, 'edge_cloudfront_waf_acl');
    expect(rules['rate-limit-per-ip'].statement.rate_based_statement).toEqual({ limit: 2000, aggregate_key_type: 'IP', evaluation_window_sec: 60 });
    expect(rules['rate-limit-path-0'].statement.rate_based_statement.limit).toBe(100);
    expect(prod.resource('aws_cloudwatch_log_group', 'edge_waf_log_group').retention_in_days).toBe(365);
    // prod is in us-east-1: the CloudFront certificate through the default provider (no alias: see below).
    expect(prod.resource('aws_acm_certificate', 'edge_cloudfront_certificate').provider).toBe('aws');
    expect(prod.json.output?.api_url?.value).toBe('https://api.example.com');
  });

  it("behind CloudFront the ALB is internal, in the network layer's private app subnets, behind its ALB security group (issue 17)", () => {
    const alb = prod.resource('aws_lb', 'edge_alb');
    expect(alb.internal).toBe(true);
    expect(alb.security_groups).toHaveLength(1);
    expect(alb.security_groups[0]).toMatch(/^\$\{aws_security_group\.network_alb\w*\.id\}$/);
    expect(alb.subnets).toHaveLength(3);
    for (const s of alb.subnets as string[]) expect(s).toMatch(/^\$\{aws_subnet\.network_private_app_[a-z]\.id\}$/);
    // Without CloudFront (dev) it stays internet-facing in the public subnets.
    expect(dev.resource('aws_lb', 'edge_alb').internal).toBe(false);
    for (const s of dev.resource('aws_lb', 'edge_alb').subnets as string[]) expect(s).toMatch(/^\$\{aws_subnet\.network_public_[a-z]\.id\}$/);
    expect(prod.resource('aws_lb_target_group', 'edge_app').vpc_id).toMatch(/^\$\{aws_vpc\.network\w*\.id\}$/);
  });

  it('behind CloudFront no shared secret guards the origin, so none reaches Terraform state (issue 17 item 2)', () => {
    expect(prod.count('terraform_data')).toBe(0);
    expect(prod.text()).not.toMatch(/uuid\(\)|X-Origin-Verify|origin_secret|http_header|"custom_header"/);
    expect(prod.resource('aws_cloudfront_distribution', 'edge_cdn_distribution').origin[0].vpc_origin_config.vpc_origin_id).toBe('${aws_cloudfront_vpc_origin.edge_vpc_origin.id}');
  });

  it('dev (noCloudFront, noDeletionProtection): ALB only, config values wired through', () => {
    expect(dev.count('aws_cloudfront_distribution')).toBe(0);
    expect(dev.resource('aws_lb_listener', 'edge_https').default_action[0].fixed_response.status_code).toBe('421');
    expect(dev.resource('aws_lb_listener_rule', 'edge_https_forward_a').condition).toEqual([{ host_header: { values: ['api.dev.example.com'] } }]);
    const alb = dev.resource('aws_lb', 'edge_alb');
    expect(alb.enable_deletion_protection).toBe(false);
    expect(alb.idle_timeout).toBe(30);
    const tg = dev.resource('aws_lb_target_group', 'edge_app');
    expect(tg.port).toBe(9000);
    expect(tg.health_check.path).toBe('/healthz/');
    expect(dev.resource('aws_cloudwatch_log_group', 'edge_waf_log_group').retention_in_days).toBe(30);
    expect(rulesOf(dev, 'edge_waf_acl')['ip-deny-list']).toBeDefined();
    expect(dev.resource('aws_route53_record', 'edge_api_a').name).toBe('api.dev.example.com');
  });
});

describe('edge config fields', () => {
  const prod = synthEnvironments(resolveInputs(prodInput({
    edge: {
      contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'",
      wafCountRules: { AWSManagedRulesCommonRuleSet: ['SizeRestrictions_BODY'] },
      cloudFrontPriceClass: 'PriceClass_200',
    },
  }))).get('helloapi-prod')!;

  it('edge.contentSecurityPolicy reaches the ALB listener and the CloudFront headers policy', () => {
    expect(prod.resource('aws_lb_listener', 'edge_https').routing_http_response_content_security_policy_header_value).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(prod.resource('aws_cloudfront_response_headers_policy', 'edge_cdn_security_headers').security_headers_config.content_security_policy.content_security_policy).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });

  it('edge.wafCountRules turns those managed rules into count-only on both web ACLs', () => {
    for (const acl of ['edge_waf_acl', 'edge_cloudfront_waf_acl']) {
      expect(rulesOf(prod, acl).AWSManagedRulesCommonRuleSet.statement.managed_rule_group_statement.rule_action_override).toEqual([
        { name: 'SizeRestrictions_BODY', action_to_use: { count: {} } },
      ]);
      expect(rulesOf(prod, acl).AWSManagedRulesSQLiRuleSet.statement.managed_rule_group_statement.rule_action_override).toBeUndefined();
    }
  });

  it('edge.cloudFrontPriceClass reaches the distribution (default PriceClass_100)', () => {
    expect(prod.resource('aws_cloudfront_distribution', 'edge_cdn_distribution').price_class).toBe('PriceClass_200');
    const dflt = synthEnvironments(resolveInputs(prodInput())).get('helloapi-prod')!;
    expect(dflt.resource('aws_cloudfront_distribution', 'edge_cdn_distribution').price_class).toBe('PriceClass_100');
  });

  it('CloudFront-scoped resources: through the default provider in us-east-1 (no second configuration of it), through an aws.us_east_1 alias elsewhere', () => {
    const euProd = synthEnvironments(resolveInputs(prodInput({ account: { id: '222222222222', region: 'eu-west-1', baseline: 'prod' } }))).get('helloapi-prod')!;
    const cloudFrontScoped = (stack: typeof prod) => [
      stack.resource('aws_acm_certificate', 'edge_cloudfront_certificate'),
      stack.resource('aws_wafv2_web_acl', 'edge_cloudfront_waf_acl'),
      stack.resource('aws_cloudfront_vpc_origin', 'edge_vpc_origin'),
    ];
    const providers = (stack: typeof prod) => providerBlocks(stack.json, 'aws').map((p) => [p.alias ?? '(default)', p.region]);
    expect(providers(prod)).toEqual([['(default)', 'us-east-1'], ['dns', 'us-east-1']]);
    for (const r of cloudFrontScoped(prod)) expect(r.provider).toBe('aws');
    // Nothing in a us-east-1 stack names the alias (a resource, data source or module left on it would fail to plan).
    expect(JSON.stringify(prod.json)).not.toContain('aws.us_east_1');
    expect(providers(euProd)).toEqual([['(default)', 'eu-west-1'], ['us_east_1', 'us-east-1'], ['dns', 'eu-west-1']]);
    for (const r of cloudFrontScoped(euProd)) expect(r.provider).toBe('aws.us_east_1');
    // A regional resource keeps the default provider either way.
    expect(euProd.resource('aws_lb', 'edge_alb').provider).toBeUndefined();
  });

  it('rejects unknown managed groups, bad rule names and multi-line CSPs with the field path', () => {
    const bad = prodInput({ edge: { wafCountRules: { NotAGroup: ['x'] } as never, contentSecurityPolicy: "a\nb" } });
    expect(() => validateEnvironments([{ source: 'environments/prod.ts', fileName: 'prod', raw: bad }])).toThrow(/edge\.wafCountRules\.NotAGroup[\s\S]*edge\.contentSecurityPolicy|edge\.contentSecurityPolicy[\s\S]*edge\.wafCountRules/);
    const badRule = prodInput({ edge: { wafCountRules: { AWSManagedRulesCommonRuleSet: ['no spaces allowed'] } } });
    expect(() => validateEnvironments([{ source: 'environments/prod.ts', fileName: 'prod', raw: badRule }])).toThrow(/edge\.wafCountRules\.AWSManagedRulesCommonRuleSet\.0.*managed rule name/);
  });

  it('rejects more than 7 path rate limits at validation, with the field path', () => {
    const bad = prodInput({ edge: { rateLimit: 2000, pathRateLimits: Array.from({ length: 8 }, (_, i) => ({ path: `/p${i}/`, limit: 10 })) } });
    expect(() => validateEnvironments([{ source: 'environments/prod.ts', fileName: 'prod', raw: bad }])).toThrow(/edge\.pathRateLimits = 8: at most 7 pathRateLimits \(priorities 3-9\)/);
  });

  it('withCountRules merges per group and refuses groups that are not there', () => {
    const groups = withCountRules(DEFAULT_MANAGED_RULE_GROUPS, { AWSManagedRulesSQLiRuleSet: ['SQLi_BODY'] });
    expect(groups.find((g) => g.name === 'AWSManagedRulesSQLiRuleSet')?.countRules).toEqual(['SQLi_BODY']);
    expect(groups.find((g) => g.name === 'AWSManagedRulesCommonRuleSet')?.countRules).toBeUndefined();
    expect(() => withCountRules(DEFAULT_MANAGED_RULE_GROUPS, { Other: ['x'] })).toThrow(/not one of the managed rule groups/);
  });
});
