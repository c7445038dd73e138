import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { block, isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-CF-02',
  title: 'CloudFront serves the API domain with its own ACM certificate over SNI',
  severity: 'error',
  resourceTypes: ['aws_cloudfront_distribution'],
  sources: [fsbp('CloudFront.7'), fsbp('CloudFront.8'), checkov('CKV2_AWS_42')],
  fix: 'Set viewer_certificate { acm_certificate_arn = <us-east-1 certificate>, ssl_support_method = "sni-only" } and aliases = [domain].',
  check(d) {
    const vc = block(d.values.viewer_certificate);
    if (isTrue(vc.cloudfront_default_certificate) || !vc.acm_certificate_arn) return fail('uses the *.cloudfront.net default certificate');
    return vc.ssl_support_method === 'sni-only' ? pass(`ACM ${vc.acm_certificate_arn}, sni-only`) : fail(`ssl_support_method ${vc.ssl_support_method ?? 'unset'} (dedicated IP costs $600/month; use sni-only)`);
  },
});
