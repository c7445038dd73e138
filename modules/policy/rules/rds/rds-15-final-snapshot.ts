import { fail, pass, resourceRule, seed } from '../../dsl';
import { isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-RDS-15',
  title: 'Destroying an RDS primary leaves a final snapshot',
  severity: 'error',
  resourceTypes: ['aws_db_instance'],
  sources: [seed('Automated backups enabled')],
  relaxedBy: ['skipFinalSnapshot'],
  fix: 'Set skip_final_snapshot = false and a final_snapshot_identifier.',
  check(db) {
    if (db.values.replicate_source_db !== undefined) return undefined;
    if (isTrue(db.values.skip_final_snapshot) || db.values.skip_final_snapshot === undefined) return fail('skip_final_snapshot is true (the provider default)');
    return db.values.final_snapshot_identifier ? pass(`final snapshot ${db.values.final_snapshot_identifier}`) : fail('no final_snapshot_identifier');
  },
});
