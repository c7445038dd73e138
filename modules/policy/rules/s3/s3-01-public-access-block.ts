import { checkov, fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { bucketConfigs } from '../../helpers';
import { isTrue } from '../../tf-json';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

export const rule = resourceRule({
  id: 'HAPI-S3-01',
  title: 'Every S3 bucket has a public access block with all four settings on',
  severity: 'error',
  resourceTypes: ['aws_s3_bucket'],
  sources: [fsbp('S3.8'), checkov('CKV2_AWS_6'), checkov('CKV_AWS_53'), checkov('CKV_AWS_54'), checkov('CKV_AWS_55'), checkov('CKV_AWS_56'), fsbp('CloudTrail.6'), seed('Security groups follow least privilege')],
  fix: 'Add an aws_s3_bucket_public_access_block for the bucket with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets true (SecureBucket does this).',
  check(bucket, stack) {
    const pabs = bucketConfigs(stack, bucket, 'aws_s3_bucket_public_access_block');
    if (pabs.length === 0) return fail('no aws_s3_bucket_public_access_block references the bucket');
    const off = FLAGS.filter((f) => !isTrue(pabs[0].values[f]));
    return off.length ? fail(`${pabs[0].address}: ${off.join(', ')} not true`) : pass(`${pabs[0].address}: all four blocks on`);
  },
});
