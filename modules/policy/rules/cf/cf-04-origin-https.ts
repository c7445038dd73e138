import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { block, blocks, list } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-CF-04',
  title: 'CloudFront talks to custom origins over HTTPS with TLS 1.2 only',
  severity: 'error',
  resourceTypes: ['aws_cloudfront_distribution'],
  sources: [fsbp('CloudFront.9'), fsbp('CloudFront.10'), checkov('CKV2_AWS_72'), checkov('CKV2_AWS_54')],
  fix: 'Set custom_origin_config { origin_protocol_policy = "https-only", origin_ssl_protocols = ["TLSv1.2"] }.',
  notes: 'checkov CKV2_AWS_72 exempts .elb. origins; we do not: the ALB origin gets HTTPS too (end-to-end TLS with the ALB certificate).',
  check(d) {
    const problems: string[] = [];
    for (const o of blocks(d.values.origin)) {
      const c = block(o.custom_origin_config);
      if (Object.keys(c).length === 0) continue;
      if (c.origin_protocol_policy !== 'https-only') problems.push(`${o.origin_id}: ${c.origin_protocol_policy}`);
      const weak = list(c.origin_ssl_protocols).map(String).filter((p) => p !== 'TLSv1.2' && p !== 'TLSv1.3');
      if (weak.length) problems.push(`${o.origin_id}: allows ${weak.join(', ')}`);
    }
    return problems.length ? fail(problems.join('; ')) : pass('custom origins https-only, TLSv1.2');
  },
});
