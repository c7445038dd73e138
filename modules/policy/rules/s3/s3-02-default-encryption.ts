import { checkov, fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { bucketConfigs } from '../../helpers';
import { block, blocks } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-S3-02',
  title: 'Every S3 bucket declares default server-side encryption',
  severity: 'error',
  resourceTypes: ['aws_s3_bucket'],
  sources: [checkov('CKV_AWS_19'), fsbp('S3.4'), seed('RDS encrypted at rest (encryption at rest everywhere)')],
  fix: 'Add an aws_s3_bucket_server_side_encryption_configuration with an apply_server_side_encryption_by_default rule.',
  check(bucket, stack) {
    const cfg = bucketConfigs(stack, bucket, 'aws_s3_bucket_server_side_encryption_configuration')[0];
    if (!cfg) return fail('no aws_s3_bucket_server_side_encryption_configuration references the bucket');
    const algo = blocks(cfg.values.rule).map((r) => block(r.apply_server_side_encryption_by_default).sse_algorithm).find(Boolean);
    return algo ? pass(`${cfg.address}: ${algo}`) : fail(`${cfg.address}: no default sse_algorithm`);
  },
});
