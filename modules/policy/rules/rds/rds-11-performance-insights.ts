import { checkov, fail, pass, resourceRule, seed } from '../../dsl';
import { isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-RDS-11',
  title: 'RDS Performance Insights is on and encrypted with a customer-managed key',
  severity: 'warning',
  resourceTypes: ['aws_db_instance'],
  sources: [seed('Enable Performance Insights (Priority 4)'), checkov('CKV_AWS_353'), checkov('CKV_AWS_354')],
  fix: 'Set performance_insights_enabled = true and performance_insights_kms_key_id.',
  check(db) {
    if (!isTrue(db.values.performance_insights_enabled)) return fail('performance_insights_enabled is not true');
    return db.values.performance_insights_kms_key_id ? pass(`on, key ${db.values.performance_insights_kms_key_id}`) : fail('Performance Insights uses the AWS-managed key');
  },
});
