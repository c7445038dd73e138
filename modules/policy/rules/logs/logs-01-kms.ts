import { checkov, fail, pass, resourceRule, seed } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-LOGS-01',
  title: 'CloudWatch log groups are encrypted with a customer-managed KMS key',
  severity: 'error',
  resourceTypes: ['aws_cloudwatch_log_group'],
  sources: [checkov('CKV_AWS_158'), seed('CloudWatch logs enabled'), seed('Never log sensitive data')],
  fix: 'Set kms_key_id to a SecureKey created with allowCloudWatchLogs: true.',
  check(g) {
    return g.values.kms_key_id ? pass(`kms_key_id ${g.values.kms_key_id}`) : fail('no kms_key_id');
  },
});
