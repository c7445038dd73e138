import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ELB-04',
  title: 'ALBs drop invalid HTTP header fields',
  severity: 'error',
  resourceTypes: ['aws_lb', 'aws_alb'],
  sources: [fsbp('ELB.4'), checkov('CKV_AWS_131')],
  fix: 'Set drop_invalid_header_fields = true.',
  check(lb) {
    if ((lb.values.load_balancer_type ?? 'application') !== 'application') return undefined;
    return isTrue(lb.values.drop_invalid_header_fields) ? pass('drops invalid headers') : fail('drop_invalid_header_fields is not true');
  },
});
