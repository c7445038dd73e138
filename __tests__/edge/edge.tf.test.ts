/**
 * An offline plan (terraform plan validates first) of the edge layer on its own (fake
 * network values), with every optional branch on: CloudFront outside us-east-1
 * (second key), alternative names, dual stack, allow/deny lists, path limits,
 * an extra rule, a CSP, count-mode rules, the host-locked listener (the fixture: support/layer-fixtures.ts, planned
 * with the other layers' fixtures in one run). The environment stacks are planned by the foundation test.
 */
import { StackPlanResult } from '../../scripts/offline-plan';
import { layerFixturePlan } from '../support/layer-fixtures';

describe('offline plan of the edge layer', () => {
  let result: StackPlanResult;
  let addresses: string[] = [];

  beforeAll(async () => {
    ({ result } = await layerFixturePlan('edge'));
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
