import { fail, fsbp, pass, resourceRule } from '../../dsl';
import { bucketConfigs } from '../../helpers';
import { parsePolicy } from '../../tf-json';

const ADMIN = ['s3:DeleteBucketPolicy', 's3:PutBucketAcl', 's3:PutBucketPolicy', 's3:PutEncryptionConfiguration', 's3:PutObjectAcl', 's3:*', '*'];

export const rule = resourceRule({
  id: 'HAPI-S3-10',
  title: 'Bucket policies never grant bucket-administration actions (policy, ACL, encryption changes)',
  severity: 'error',
  resourceTypes: ['aws_s3_bucket'],
  sources: [fsbp('S3.6')],
  fix: 'Grant log writers s3:PutObject (and s3:GetBucketAcl where required) only; administration stays with IAM in the owning account.',
  check(bucket, stack) {
    const bad: string[] = [];
    for (const policy of bucketConfigs(stack, bucket, 'aws_s3_bucket_policy')) {
      for (const s of parsePolicy(policy.values.policy) ?? []) {
        if (s.Effect !== 'Allow') continue;
        const admin = s.Action.filter((a) => ADMIN.includes(a));
        if (admin.length) bad.push(`${s.Sid ?? 'unnamed'}: ${admin.join(', ')}`);
      }
    }
    return bad.length ? fail(`grants ${bad.join('; ')}`) : pass('no administration actions granted');
  },
});
