import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { bucketConfigs } from '../../helpers';
import { block, blocks } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-S3-03',
  title: 'S3 buckets are encrypted with a customer-managed KMS key (except ALB access-log buckets, which only support SSE-S3)',
  severity: 'warning',
  resourceTypes: ['aws_s3_bucket'],
  sources: [fsbp('S3.17'), checkov('CKV_AWS_145')],
  fix: 'Use sse_algorithm aws:kms with kms_master_key_id set to a customer-managed key (SecureBucket encryption: { kmsKeyArn }).',
  notes:
    'checkov CKV_AWS_145 and FSBP S3.17 flag the ALB access-log bucket, but Elastic Load Balancing can only deliver access logs to SSE-S3 buckets: the rule exempts a bucket that an aws_lb of the same stack names in access_logs.',
  check(bucket, stack) {
    const cfg = bucketConfigs(stack, bucket, 'aws_s3_bucket_server_side_encryption_configuration')[0];
    const rules = cfg ? blocks(cfg.values.rule).map((r) => block(r.apply_server_side_encryption_by_default)) : [];
    const kms = rules.find((r) => String(r.sse_algorithm ?? '').startsWith('aws:kms'));
    if (kms && kms.kms_master_key_id) return pass(`aws:kms with ${kms.kms_master_key_id}`);
    const albLogTarget = stack.resources('aws_lb', 'aws_alb').find((lb) => stack.refersTo(lb.values.access_logs, bucket.address));
    if (albLogTarget && rules.some((r) => r.sse_algorithm === 'AES256')) {
      return pass(`SSE-S3: access-log bucket of ${albLogTarget.address} (ELB log delivery supports only SSE-S3)`);
    }
    return fail(kms ? 'aws:kms without a customer-managed kms_master_key_id' : `sse_algorithm ${rules[0]?.sse_algorithm ?? 'unset'}: not a customer-managed KMS key`);
  },
});
