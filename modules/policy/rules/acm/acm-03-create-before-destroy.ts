import { checkov, fail, pass, resourceRule } from '../../dsl';
import { block, isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ACM-03',
  title: 'ACM certificates are replaced create-before-destroy',
  severity: 'warning',
  resourceTypes: ['aws_acm_certificate'],
  sources: [checkov('CKV_AWS_233')],
  fix: 'Set lifecycle { create_before_destroy = true } so a listener never points at a deleted certificate.',
  check(cert) {
    return isTrue(block(cert.values.lifecycle).create_before_destroy) ? pass('create_before_destroy') : fail('no lifecycle.create_before_destroy');
  },
});
