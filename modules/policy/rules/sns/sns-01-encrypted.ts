import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-SNS-01',
  title: 'SNS topics are encrypted with a customer-managed KMS key',
  severity: 'error',
  resourceTypes: ['aws_sns_topic'],
  sources: [fsbp('SNS.1'), checkov('CKV_AWS_26')],
  fix: 'Set kms_master_key_id to a key whose policy lets CloudWatch and EventBridge use it (the AWS-managed alias/aws/sns key does not).',
  check(t) {
    const k = t.values.kms_master_key_id;
    if (!k) return fail('no kms_master_key_id');
    return String(k) === 'alias/aws/sns' ? fail('alias/aws/sns: CloudWatch alarms cannot publish to a topic under the AWS-managed key') : pass(`${k}`);
  },
});
