import { checkov, cis, fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-RDS-02',
  title: 'RDS storage is encrypted at rest with a customer-managed KMS key',
  severity: 'error',
  resourceTypes: ['aws_db_instance'],
  sources: [seed('RDS encrypted at rest'), fsbp('RDS.3'), cis('2.3.1'), checkov('CKV_AWS_16')],
  fix: 'Set storage_encrypted = true and kms_key_id to the database layer\'s key.',
  check(db) {
    if (db.values.replicate_source_db !== undefined && db.values.storage_encrypted === undefined) return pass('replica: inherits encryption from its source');
    if (!isTrue(db.values.storage_encrypted)) return fail('storage_encrypted is not true');
    return db.values.kms_key_id ? pass(`storage_encrypted with ${db.values.kms_key_id}`) : fail('storage_encrypted with the AWS-managed key (set kms_key_id)');
  },
});
