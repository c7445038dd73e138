import { checkov, fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { block, blocks } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-CF-01',
  title: 'CloudFront requires HTTPS from viewers on every cache behaviour',
  severity: 'error',
  resourceTypes: ['aws_cloudfront_distribution'],
  sources: [seed('HTTP redirects to HTTPS'), fsbp('CloudFront.3'), checkov('CKV_AWS_34')],
  fix: 'Set viewer_protocol_policy = "redirect-to-https" (or "https-only") on the default and every ordered cache behaviour.',
  check(d) {
    const behaviours = [block(d.values.default_cache_behavior), ...blocks(d.values.ordered_cache_behavior)];
    const bad = behaviours.filter((b) => !['redirect-to-https', 'https-only'].includes(String(b.viewer_protocol_policy)));
    return bad.length ? fail(bad.map((b) => `${b.path_pattern ?? 'default'}: ${b.viewer_protocol_policy}`).join('; ')) : pass(`${behaviours.length} behaviour(s) HTTPS-only`);
  },
});
