import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { bucketConfigs } from '../../helpers';
import { block, blocks } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-S3-07',
  title: 'S3 bucket ACLs are disabled (BucketOwnerEnforced), except CloudFront standard-log buckets',
  severity: 'warning',
  resourceTypes: ['aws_s3_bucket'],
  sources: [fsbp('S3.12'), checkov('CKV2_AWS_65')],
  fix: 'Add an aws_s3_bucket_ownership_controls with rule.object_ownership = "BucketOwnerEnforced".',
  notes:
    'CloudFront standard (legacy) logging writes with ACLs and needs BucketOwnerPreferred; checkov CKV2_AWS_65 flags such buckets. The rule exempts a bucket named in a distribution\'s logging_config, as long as it is not BucketOwnerPreferred for any other reason and an aws_s3_bucket_acl is not used to grant public access (HAPI-S3-08).',
  check(bucket, stack) {
    const oc = bucketConfigs(stack, bucket, 'aws_s3_bucket_ownership_controls')[0];
    const ownership = oc ? block(oc.values.rule).object_ownership : undefined;
    if (ownership === 'BucketOwnerEnforced') return pass(`${oc!.address}: BucketOwnerEnforced`);
    const cfLogs = stack.resources('aws_cloudfront_distribution').find((d) => blocks(d.values.logging_config).some((l) => stack.refersTo(l.bucket, bucket.address)));
    if (cfLogs && ownership === 'BucketOwnerPreferred') return pass(`BucketOwnerPreferred: standard-log bucket of ${cfLogs.address} (CloudFront logging needs ACLs)`);
    return fail(oc ? `${oc.address}: ${ownership}` : 'no aws_s3_bucket_ownership_controls references the bucket');
  },
});
