import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-RDS-07',
  title: 'RDS IAM database authentication is on',
  severity: 'warning',
  resourceTypes: ['aws_db_instance'],
  sources: [fsbp('RDS.10'), checkov('CKV_AWS_161')],
  fix: 'Set iam_database_authentication_enabled = true.',
  check(db) {
    if (db.values.replicate_source_db !== undefined) return undefined;
    return isTrue(db.values.iam_database_authentication_enabled) ? pass('IAM authentication on') : fail('iam_database_authentication_enabled is not true');
  },
});
