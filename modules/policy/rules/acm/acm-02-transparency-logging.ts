import { checkov, fail, pass, resourceRule } from '../../dsl';
import { block } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ACM-02',
  title: 'ACM certificates keep certificate-transparency logging on',
  severity: 'warning',
  resourceTypes: ['aws_acm_certificate'],
  sources: [checkov('CKV_AWS_234')],
  fix: 'Leave options.certificate_transparency_logging_preference at ENABLED (the default).',
  check(cert) {
    const p = block(cert.values.options).certificate_transparency_logging_preference;
    return p === 'DISABLED' ? fail('transparency logging DISABLED') : pass(`transparency logging ${p ?? 'ENABLED (default)'}`);
  },
});
