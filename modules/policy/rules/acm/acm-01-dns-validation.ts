import { fail, pass, resourceRule, seed } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-ACM-01',
  title: 'ACM certificates are DNS-validated through Route 53 records of this stack',
  severity: 'error',
  resourceTypes: ['aws_acm_certificate'],
  sources: [seed('HTTPS/SSL certificate configured (Step 2-3: request and validate the certificate)')],
  fix: 'Use validation_method = "DNS" and add the validation records plus an aws_acm_certificate_validation.',
  check(cert, stack) {
    if (cert.values.validation_method !== 'DNS') return fail(`validation_method ${cert.values.validation_method ?? 'unset'}`);
    const v = stack.referencing(cert.address, ['aws_acm_certificate_validation'], 'certificate_arn')[0];
    return v ? pass(`DNS, validated by ${v.address}`) : fail('no aws_acm_certificate_validation: listeners may use the certificate before it is issued');
  },
});
