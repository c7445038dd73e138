import { checkov, fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { bucketConfigs } from '../../helpers';
import { block } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-S3-04',
  title: 'Every S3 bucket has versioning enabled',
  severity: 'error',
  resourceTypes: ['aws_s3_bucket'],
  sources: [fsbp('S3.14'), checkov('CKV_AWS_21'), seed('Automated backups enabled')],
  fix: 'Add an aws_s3_bucket_versioning with versioning_configuration.status = "Enabled".',
  check(bucket, stack) {
    const v = bucketConfigs(stack, bucket, 'aws_s3_bucket_versioning')[0];
    const inline = block(bucket.values.versioning).enabled;
    if (inline === true) return pass('inline versioning enabled');
    if (!v) return fail('no aws_s3_bucket_versioning references the bucket');
    const status = block(v.values.versioning_configuration).status;
    return status === 'Enabled' ? pass(`${v.address}: Enabled`) : fail(`${v.address}: status ${status ?? 'unset'}`);
  },
});
