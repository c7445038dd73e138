import { checkov, fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { block, isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-DDB-01',
  title: 'DynamoDB tables have point-in-time recovery on',
  severity: 'warning',
  resourceTypes: ['aws_dynamodb_table'],
  sources: [fsbp('DynamoDB.2'), checkov('CKV_AWS_28'), seed('Automated backups enabled')],
  fix: 'Add point_in_time_recovery { enabled = true }.',
  check(t) {
    return isTrue(block(t.values.point_in_time_recovery).enabled) ? pass('point-in-time recovery on') : fail('point_in_time_recovery not enabled');
  },
});
