import { checkov, fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { block, isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ELB-05',
  title: 'Load balancers write access logs to a bucket of this stack',
  severity: 'error',
  resourceTypes: ['aws_lb', 'aws_alb'],
  sources: [seed('CloudWatch logs enabled (ALB access logs)'), fsbp('ELB.5'), checkov('CKV_AWS_91')],
  fix: 'Set access_logs { bucket = <the edge log bucket>, enabled = true }.',
  check(lb, stack) {
    const logs = block(lb.values.access_logs);
    if (!isTrue(logs.enabled)) return fail('access_logs not enabled');
    const bucket = stack.resolve(logs.bucket);
    return bucket ? pass(`to ${bucket.address}${logs.prefix ? `/${logs.prefix}` : ''}`) : pass(`to ${logs.bucket}`);
  },
});
