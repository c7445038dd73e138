import { checkov, fail, fsbp, pass, resourceRule, seed } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-WAF-05',
  title: 'Web ACLs log requests',
  severity: 'error',
  resourceTypes: ['aws_wafv2_web_acl'],
  sources: [seed('CloudWatch logs enabled'), fsbp('WAF.11'), checkov('CKV2_AWS_31')],
  fix: 'Add an aws_wafv2_web_acl_logging_configuration for the ACL to an aws-waf-logs- log group.',
  check(acl, stack) {
    const lc = stack.referencing(acl.address, ['aws_wafv2_web_acl_logging_configuration'], 'resource_arn')[0];
    return lc ? pass(`${lc.address}`) : fail('no aws_wafv2_web_acl_logging_configuration for the ACL');
  },
});
