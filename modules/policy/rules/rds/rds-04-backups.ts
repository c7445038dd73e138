import { checkov, fail, fsbp, pass, resourceRule, seed } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-RDS-04',
  title: 'RDS automated backups are kept for at least 7 days',
  severity: 'error',
  resourceTypes: ['aws_db_instance'],
  sources: [seed('Automated backups enabled'), fsbp('RDS.11'), checkov('CKV_AWS_133')],
  fix: 'Set backup_retention_period to 7-35 (database.backupRetentionDays).',
  check(db) {
    if (db.values.replicate_source_db !== undefined) return undefined;
    const days = Number(db.values.backup_retention_period ?? 0);
    return days >= 7 ? pass(`backup_retention_period ${days}`) : fail(`backup_retention_period ${days} (< 7)`);
  },
});
