import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { bucketConfigs } from '../../helpers';
import { blocks } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-S3-06',
  title: 'Every S3 bucket has an enabled lifecycle configuration',
  severity: 'warning',
  resourceTypes: ['aws_s3_bucket'],
  sources: [fsbp('S3.13'), fsbp('S3.10'), checkov('CKV2_AWS_61')],
  fix: 'Add an aws_s3_bucket_lifecycle_configuration with at least one Enabled rule (expire noncurrent versions, abort incomplete uploads).',
  check(bucket, stack) {
    const lc = bucketConfigs(stack, bucket, 'aws_s3_bucket_lifecycle_configuration')[0];
    if (!lc) return fail('no aws_s3_bucket_lifecycle_configuration references the bucket');
    const enabled = blocks(lc.values.rule).filter((r) => r.status === 'Enabled');
    return enabled.length ? pass(`${lc.address}: ${enabled.map((r) => r.id).join(', ')}`) : fail(`${lc.address}: no Enabled rule`);
  },
});
