import { cis, fail, fsbp, pass, resourceRule } from '../../dsl';
import { bucketConfigs } from '../../helpers';
import { parsePolicy, principals } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-S3-05',
  title: 'Every S3 bucket policy denies requests that do not use TLS',
  severity: 'error',
  resourceTypes: ['aws_s3_bucket'],
  sources: [fsbp('S3.5'), cis('2.1.1')],
  fix: 'Add a bucket-policy statement: Effect Deny, Principal *, Action s3:*, Condition Bool aws:SecureTransport = false (SecureBucket adds it).',
  check(bucket, stack) {
    const policy = bucketConfigs(stack, bucket, 'aws_s3_bucket_policy')[0];
    if (!policy) return fail('no aws_s3_bucket_policy references the bucket');
    const stmts = parsePolicy(policy.values.policy);
    if (!stmts) return fail(`${policy.address}: policy is not literal JSON`);
    const ok = stmts.some(
      (s) =>
        s.Effect === 'Deny' &&
        principals(s.Principal).some((p) => p === '*' || p === 'AWS:*') &&
        s.Action.some((a) => a === 's3:*' || a === '*') &&
        String(s.Condition?.Bool?.['aws:SecureTransport']) === 'false',
    );
    return ok ? pass(`${policy.address}: denies aws:SecureTransport=false`) : fail(`${policy.address}: no Deny on aws:SecureTransport=false`);
  },
});
