import { checkov, cis, fail, fsbp, pass, resourceRule } from '../../dsl';
import { isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-KMS-01',
  title: 'Customer-managed symmetric KMS keys rotate automatically',
  severity: 'error',
  resourceTypes: ['aws_kms_key'],
  sources: [fsbp('KMS.4'), cis('3.6'), checkov('CKV_AWS_7')],
  fix: 'Set enable_key_rotation = true (SecureKey does).',
  check(key) {
    const spec = String(key.values.customer_master_key_spec ?? 'SYMMETRIC_DEFAULT');
    if (spec !== 'SYMMETRIC_DEFAULT') return undefined;
    return isTrue(key.values.enable_key_rotation) ? pass('enable_key_rotation = true') : fail('enable_key_rotation is not true');
  },
});
