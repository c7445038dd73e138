import { checkov, cis, fail, fsbp, pass, resourceRule } from '../../dsl';
import { isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-CT-03',
  title: 'CloudTrail log file validation is on',
  severity: 'error',
  resourceTypes: ['aws_cloudtrail'],
  sources: [fsbp('CloudTrail.4'), cis('3.2'), checkov('CKV_AWS_36')],
  fix: 'Set enable_log_file_validation = true.',
  check(t) {
    return isTrue(t.values.enable_log_file_validation) ? pass('log file validation on') : fail('enable_log_file_validation is not true');
  },
});
