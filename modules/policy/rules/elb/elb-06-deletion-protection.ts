import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ELB-06',
  title: 'Load balancers have deletion protection',
  severity: 'error',
  resourceTypes: ['aws_lb', 'aws_alb'],
  sources: [fsbp('ELB.6'), checkov('CKV_AWS_150')],
  relaxedBy: ['noDeletionProtection'],
  fix: 'Set enable_deletion_protection = true.',
  check(lb) {
    return isTrue(lb.values.enable_deletion_protection) ? pass('deletion protection on') : fail('enable_deletion_protection is not true');
  },
});
