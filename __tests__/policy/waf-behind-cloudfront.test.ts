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

  it('HAPI-CF-09 flags a forwarding rule that does not require the origin header', () => {
    const j = environmentStack();
    j.resource.aws_lb_listener_rule.edge_from_cloudfront.condition = [{ path_pattern: { values: ['/*'] } }];
    const report = evaluateStack(j, fixtureTarget('environment'), only('HAPI-CF-09'));
    expect(report.results[0].status).toBe('fail');
    expect(report.results[0].message).toContain('aws_lb_listener_rule.edge_from_cloudfront');
  });
});
