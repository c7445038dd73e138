import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { bucketConfigs } from '../../helpers';
import { parsePolicy, principals } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-S3-08',
  title: 'No S3 bucket policy or ACL grants access to everyone',
  severity: 'error',
  resourceTypes: ['aws_s3_bucket'],
  sources: [fsbp('S3.2'), fsbp('S3.3'), checkov('CKV_AWS_70'), checkov('CKV_AWS_20'), checkov('CKV_AWS_57')],
  fix: 'Remove Allow statements with Principal "*" (or add a condition that pins them to a service and this account); never use public-read ACLs.',
  check(bucket, stack) {
    const problems: string[] = [];
    for (const acl of bucketConfigs(stack, bucket, 'aws_s3_bucket_acl')) {
      if (/public|authenticated/i.test(String(acl.values.acl ?? ''))) problems.push(`${acl.address}: acl ${acl.values.acl}`);
    }
    if (/public|authenticated/i.test(String(bucket.values.acl ?? ''))) problems.push(`acl ${bucket.values.acl}`);
    for (const policy of bucketConfigs(stack, bucket, 'aws_s3_bucket_policy')) {
      const stmts = parsePolicy(policy.values.policy);
      if (!stmts) {
        problems.push(`${policy.address}: policy is not literal JSON`);
        continue;
      }
      for (const s of stmts) {
        if (s.Effect === 'Allow' && principals(s.Principal).some((p) => p === '*' || p === 'AWS:*') && !s.Condition) problems.push(`${policy.address}: Allow to Principal * (${s.Sid ?? 'no Sid'})`);
      }
    }
    return problems.length ? fail(problems.join('; ')) : pass('no public grant');
  },
});
