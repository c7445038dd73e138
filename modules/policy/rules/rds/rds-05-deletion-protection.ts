import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-RDS-05',
  title: 'RDS instances have deletion protection',
  severity: 'error',
  resourceTypes: ['aws_db_instance'],
  sources: [fsbp('RDS.8'), checkov('CKV_AWS_293')],
  relaxedBy: ['noDeletionProtection'],
  fix: 'Set deletion_protection = true.',
  check(db) {
    return isTrue(db.values.deletion_protection) ? pass('deletion_protection = true') : fail('deletion_protection is not true');
  },
});
