import { checkov, fail, pass, resourceRule } from '../../dsl';
import { block } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-CF-03',
  title: 'CloudFront viewers need TLS 1.2 or newer (TLSv1.2_2021 policy)',
  severity: 'error',
  resourceTypes: ['aws_cloudfront_distribution'],
  sources: [checkov('CKV_AWS_174')],
  fix: 'Set viewer_certificate.minimum_protocol_version = "TLSv1.2_2021".',
  notes: 'checkov CKV_AWS_174 accepts TLSv1.2_2018 and TLSv1.2_2019, which still allow CBC ciphers; this rule wants TLSv1.2_2021 or later.',
  check(d) {
    const v = String(block(d.values.viewer_certificate).minimum_protocol_version ?? 'TLSv1 (default)');
    return /^TLSv1\.(2_2021|2_2025|3_2025)/.test(v) ? pass(v) : fail(`minimum_protocol_version ${v}`);
  },
});
