import { checkov, fail, pass, resourceRule, seed } from '../../dsl';
import { block, blocks, isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-CF-07',
  title: 'CloudFront adds security headers (HSTS, nosniff, frame options) on every behaviour',
  severity: 'error',
  resourceTypes: ['aws_cloudfront_distribution'],
  sources: [seed('Test Security Headers: Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options'), checkov('CKV2_AWS_32'), checkov('CKV_AWS_259')],
  fix: 'Attach an aws_cloudfront_response_headers_policy with security_headers_config (strict_transport_security, content_type_options, frame_options) to every cache behaviour.',
  check(d, stack) {
    const behaviours = [block(d.values.default_cache_behavior), ...blocks(d.values.ordered_cache_behavior)];
    const problems: string[] = [];
    for (const b of behaviours) {
      const name = b.path_pattern ?? 'default';
      const policy = stack.resolve(b.response_headers_policy_id);
      if (!policy) {
        problems.push(`${name}: ${b.response_headers_policy_id ? 'response headers policy not in this stack' : 'no response headers policy'}`);
        continue;
      }
      const sh = block(block(policy.values.security_headers_config));
      const missing = ['strict_transport_security', 'content_type_options', 'frame_options'].filter((k) => Object.keys(block(sh[k])).length === 0);
      if (missing.length) problems.push(`${name}: ${policy.address} lacks ${missing.join(', ')}`);
      else if (!isTrue(block(sh.strict_transport_security).override) && block(sh.strict_transport_security).override !== undefined) problems.push(`${name}: HSTS does not override the origin`);
    }
    return problems.length ? fail(problems.join('; ')) : pass('HSTS, nosniff and frame options on every behaviour');
  },
});
