import { checkov, fail, fsbp, pass, resourceRule, seed } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-CF-06',
  title: 'CloudFront distributions are protected by a CLOUDFRONT-scoped web ACL',
  severity: 'error',
  resourceTypes: ['aws_cloudfront_distribution'],
  sources: [seed('AWS WAF enabled'), fsbp('CloudFront.6'), checkov('CKV_AWS_68')],
  fix: 'Set web_acl_id to the ARN of a us-east-1 CLOUDFRONT-scope aws_wafv2_web_acl.',
  check(d, stack) {
    if (!d.values.web_acl_id) return fail('no web_acl_id');
    const acl = stack.resolve(d.values.web_acl_id);
    if (acl && acl.values.scope !== 'CLOUDFRONT') return fail(`${acl.address} has scope ${acl.values.scope}`);
    return pass(`${acl?.address ?? d.values.web_acl_id}`);
  },
});
