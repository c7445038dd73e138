import { evaluateStack } from '../../modules/policy/engine';
import { RULES } from '../../modules/policy/rules';
import { environmentStack, fixtureTarget } from './fixtures';

const only = (...ids: string[]) => RULES.filter((r) => ids.includes(r.id));
const regional = (j: ReturnType<typeof environmentStack>) => j.resource.aws_wafv2_web_acl.edge_waf_acl;
const stripEdgeProtections = (j: ReturnType<typeof environmentStack>) =>
  (regional(j).rule = regional(j).rule.filter((r: any) => !r.statement.rate_based_statement && r.name !== 'AWSManagedRulesAmazonIpReputationList'));

describe('web ACLs behind CloudFront', () => {
  it('accept a regional ACL without rate limit or IP reputation when the CloudFront ACL has both', () => {
    const j = environmentStack();
    stripEdgeProtections(j);
    const report = evaluateStack(j, fixtureTarget('environment'), only('HAPI-WAF-02', 'HAPI-WAF-04'));
    const regionalResults = report.results.filter((r) => r.subject === 'aws_wafv2_web_acl.edge_waf_acl');
    expect(regionalResults.map((r) => r.status)).toEqual(['pass', 'pass']);
    expect(regionalResults[0].message).toContain('behind CloudFront');
  });

  it('require them on the regional ACL when there is no CloudFront', () => {
    const j = environmentStack();
    stripEdgeProtections(j);
    delete j.resource.aws_cloudfront_distribution;
    const report = evaluateStack(j, fixtureTarget('environment'), only('HAPI-WAF-02', 'HAPI-WAF-04'));
    expect(report.results.filter((r) => r.status === 'fail').map((r) => r.rule).sort()).toEqual(['HAPI-WAF-02', 'HAPI-WAF-04']);
  });

  it('require them on the regional ACL when the CloudFront ACL lacks them', () => {
    const j = environmentStack();
    stripEdgeProtections(j);
    const cf = j.resource.aws_wafv2_web_acl.edge_cdn_waf_acl;
    cf.rule = cf.rule.filter((r: any) => !r.statement.rate_based_statement);
    const report = evaluateStack(j, fixtureTarget('environment'), only('HAPI-WAF-02'));
    expect(report.results.filter((r) => r.status === 'fail').map((r) => r.subject).sort()).toEqual(['aws_wafv2_web_acl.edge_cdn_waf_acl', 'aws_wafv2_web_acl.edge_waf_acl']);
  });

  it('HAPI-CF-09 flags an internet-facing ALB behind CloudFront even when an origin-secret header guards it (issue 17)', () => {
    const j = environmentStack();
    j.resource.aws_lb.edge_alb.internal = false;
    j.resource.aws_lb_listener_rule.edge_from_cloudfront.condition = [{ http_header: { http_header_name: 'X-Origin-Verify', values: ['${var.origin_verify}'] } }];
    const report = evaluateStack(j, fixtureTarget('environment'), only('HAPI-CF-09'));
    expect(report.results.map((r) => [r.subject, r.status])).toEqual([['aws_lb.edge_alb', 'fail']]);
    expect(report.results[0].message).toContain('internet-facing behind CloudFront');
  });

  it('HAPI-CF-09 flags an internal ALB that no VPC origin reaches, and passes the VPC-origin fixture', () => {
    expect(evaluateStack(environmentStack(), fixtureTarget('environment'), only('HAPI-CF-09')).results.map((r) => r.status)).toEqual(['pass']);
    const j = environmentStack();
    delete j.resource.aws_cloudfront_vpc_origin;
    j.resource.aws_cloudfront_distribution.edge_cdn_distribution.origin[0] = { origin_id: 'alb', domain_name: 'origin.api.example.com', custom_origin_config: { http_port: 80, https_port: 443, origin_protocol_policy: 'https-only', origin_ssl_protocols: ['TLSv1.2'] } };
    const report = evaluateStack(j, fixtureTarget('environment'), only('HAPI-CF-09'));
    expect(report.results.map((r) => [r.subject, r.status])).toEqual([['aws_lb.edge_alb', 'fail']]);
    expect(report.results[0].message).toContain('no distribution reaches it through a VPC origin');
  });

  it('HAPI-CF-09 flags an internal VPC-origin ALB whose group does not admit CloudFront on 443 (the site would be down)', () => {
    const pass = evaluateStack(environmentStack(), fixtureTarget('environment'), only('HAPI-CF-09')).results[0];
    expect(pass.message).toContain('aws_vpc_security_group_ingress_rule.edge_alb_ingress_cloudfront (pl-3b927c52, CloudFront origin-facing)');
    const j = environmentStack();
    delete j.resource.aws_vpc_security_group_ingress_rule.edge_alb_ingress_cloudfront;
    const report = evaluateStack(j, fixtureTarget('environment'), only('HAPI-CF-09'));
    expect(report.results.map((r) => [r.subject, r.status])).toEqual([['aws_lb.edge_alb', 'fail']]);
    expect(report.results[0].message).toContain('CloudFront cannot reach it');
    const wrongPort = environmentStack();
    Object.assign(wrongPort.resource.aws_vpc_security_group_ingress_rule.edge_alb_ingress_cloudfront, { from_port: 80, to_port: 80 });
    expect(evaluateStack(wrongPort, fixtureTarget('environment'), only('HAPI-CF-09')).results.map((r) => r.status)).toEqual(['fail']);
  });

  it('HAPI-CF-09 accepts a prefix list outside the table (an environment override) and says so', () => {
    const j = environmentStack();
    j.resource.aws_vpc_security_group_ingress_rule.edge_alb_ingress_cloudfront.prefix_list_id = 'pl-0123abcd';
    const [result] = evaluateStack(j, fixtureTarget('environment'), only('HAPI-CF-09')).results;
    expect(result.status).toBe('pass');
    expect(result.message).toContain('pl-0123abcd, not in the table: an override');
  });
});
