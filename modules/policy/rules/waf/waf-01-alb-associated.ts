import { at, checkov, fail, fsbp, pass, seed, stackRule } from '../../dsl';
import { clientFacingLoadBalancers } from '../../helpers';

export const rule = stackRule({
  id: 'HAPI-WAF-01',
  title: 'Every ALB clients reach (internet-facing, or behind a CloudFront VPC origin) is associated with a WAF web ACL',
  severity: 'error',
  resourceTypes: ['aws_lb', 'aws_wafv2_web_acl_association'],
  sources: [seed('AWS WAF enabled'), seed('Rate limiting configured'), fsbp('ELB.16'), checkov('CKV2_AWS_28')],
  fix: 'Add an aws_wafv2_web_acl_association with resource_arn = the ALB and web_acl_arn = the regional web ACL.',
  check(stack) {
    return clientFacingLoadBalancers(stack).map((lb) => {
        const assoc = stack.referencing(lb.address, ['aws_wafv2_web_acl_association'], 'resource_arn')[0];
        const acl = assoc ? stack.resolve(assoc.values.web_acl_arn) : undefined;
        return at(lb.address, assoc ? pass(`${assoc.address} -> ${acl?.address ?? assoc.values.web_acl_arn}`) : fail('no aws_wafv2_web_acl_association for the ALB'));
      });
  },
});
