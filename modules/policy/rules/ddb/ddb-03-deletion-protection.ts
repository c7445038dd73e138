import { fail, fsbp, pass, resourceRule } from '../../dsl';
import { isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-DDB-03',
  title: 'DynamoDB tables have deletion protection',
  severity: 'warning',
  resourceTypes: ['aws_dynamodb_table'],
  sources: [fsbp('DynamoDB.6')],
  relaxedBy: ['noDeletionProtection'],
  fix: 'Set deletion_protection_enabled = true.',
  check(t) {
    return isTrue(t.values.deletion_protection_enabled) ? pass('deletion protection on') : fail('deletion_protection_enabled not true');
  },
});
