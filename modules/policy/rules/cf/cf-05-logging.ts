import { checkov, fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { block } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-CF-05',
  title: 'CloudFront writes access logs',
  severity: 'error',
  resourceTypes: ['aws_cloudfront_distribution'],
  sources: [seed('CloudWatch logs enabled'), fsbp('CloudFront.5'), checkov('CKV_AWS_86')],
  fix: 'Add logging_config { bucket = <log bucket>.bucket_domain_name } (or a CloudWatch Logs v2 delivery for the distribution).',
  check(d, stack) {
    const lc = block(d.values.logging_config);
    if (lc.bucket) return pass(`standard logs to ${stack.resolve(lc.bucket)?.address ?? lc.bucket}`);
    const v2 = stack.resources('aws_cloudwatch_log_delivery_source').find((s) => stack.refersTo(s.values.resource_arn, d.address));
    return v2 ? pass(`v2 log delivery ${v2.address}`) : fail('no logging_config and no log delivery source');
  },
});
