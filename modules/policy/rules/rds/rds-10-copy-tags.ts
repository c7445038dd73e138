import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-RDS-10',
  title: 'RDS copies tags to snapshots',
  severity: 'warning',
  resourceTypes: ['aws_db_instance'],
  sources: [fsbp('RDS.17'), checkov('CKV2_AWS_60')],
  fix: 'Set copy_tags_to_snapshot = true.',
  check(db) {
    if (db.values.replicate_source_db !== undefined) return undefined;
    return isTrue(db.values.copy_tags_to_snapshot) ? pass('copy_tags_to_snapshot = true') : fail('copy_tags_to_snapshot is not true');
  },
});
