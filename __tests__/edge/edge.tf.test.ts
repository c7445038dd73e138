/**
 * An offline plan (terraform plan validates first) of the edge layer on its own (fake
 * network values), with every optional branch on: CloudFront outside us-east-1
 * (second key), alternative names, dual stack, allow/deny lists, path limits,
 * an extra rule, a CSP, count-mode rules, the host-locked listener. The environment stacks are planned by the foundation test.
 */
import { planStacks, StackPlanResult } from '../../scripts/offline-plan';
import { synthEdge } from './helpers';

describe('offline plan of the edge layer', () => {
  let result: StackPlanResult;
  let addresses: string[] = [];

  beforeAll(async () => {
    const { stack } = synthEdge({
      region: 'eu-west-1',
      alternativeNames: ['www.test.example.com'],
      ipAddressType: 'dualstack',
      ipAllowList: ['198.51.100.0/24'],
      ipDenyList: ['203.0.113.0/24'],
      pathRateLimits: [{ path: '/api/token/', limit: 100 }],
      extraWafRules: [{ name: 'count-admin', action: 'count', statement: { byte_match_statement: { search_string: '/admin/', positional_constraint: 'STARTS_WITH', field_to_match: { uri_path: {} }, text_transformation: [{ priority: 0, type: 'NONE' }] } } }],
      securityHeaders: { contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'" },
      // Staged rollout: a whole group and a rate rule in count mode must validate and plan too.
      wafRuleModes: { AWSManagedRulesSQLiRuleSet: 'count', 'rate-limit-path-0': 'count' },
    });
    [result] = await planStacks({ stackDirs: [stack.dir], concurrency: 1, validate: false });
    addresses = result.createdAddresses;
  });

  it('validates and plans', () => {
    expect(result.error ?? '').toBe('');
    expect(result.ok).toBe(true);
  });

  it('plans one validation record per certificate name, keyed by name (known at plan time)', () => {
    expect(addresses.filter((a) => a.startsWith('aws_route53_record.edge_certificate_validation_record')).sort()).toEqual([
      'aws_route53_record.edge_certificate_validation_record["api.test.example.com"]',
      'aws_route53_record.edge_certificate_validation_record["origin.api.test.example.com"]',
      'aws_route53_record.edge_certificate_validation_record["www.test.example.com"]',
    ]);
  });

  it('plans the internal ALB, its CloudFront ingress, the VPC origin, both web ACLs and the distribution; no origin secret (issue 17)', () => {
    for (const a of [
      'aws_lb.edge_alb',
      'aws_lb_listener.edge_https',
      'aws_lb_listener_rule.edge_https_forward_a',
      'aws_wafv2_web_acl.edge_waf_acl',
      'aws_wafv2_web_acl.edge_cloudfront_waf_acl',
      'aws_cloudfront_distribution.edge_cdn_distribution',
      'aws_cloudfront_vpc_origin.edge_vpc_origin',
      'aws_vpc_security_group_ingress_rule.edge_alb_ingress_cloudfront',
    ]) {
      expect(addresses).toContain(a);
    }
    expect(addresses.filter((a) => a.startsWith('terraform_data.'))).toEqual([]);
  });
});
