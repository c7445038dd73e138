import { checkov, cis, fail, fsbp, pass, resourceRule } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-CT-02',
  title: 'CloudTrail log files are encrypted with a customer-managed KMS key',
  severity: 'error',
  resourceTypes: ['aws_cloudtrail'],
  sources: [fsbp('CloudTrail.2'), cis('3.5'), checkov('CKV_AWS_35')],
  fix: 'Set kms_key_id to the baseline key (its policy must let cloudtrail.amazonaws.com encrypt).',
  check(t) {
    return t.values.kms_key_id ? pass(`${t.values.kms_key_id}`) : fail('no kms_key_id');
  },
});
