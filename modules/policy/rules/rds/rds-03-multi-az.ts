import { checkov, fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-RDS-03',
  title: 'RDS primaries are Multi-AZ',
  severity: 'error',
  resourceTypes: ['aws_db_instance'],
  sources: [seed('Multi-AZ deployment for RDS'), fsbp('RDS.5'), checkov('CKV_AWS_157')],
  relaxedBy: ['singleAzDatabase'],
  fix: 'Set multi_az = true (or declare relaxations.singleAzDatabase with a reason outside production).',
  check(db) {
    if (db.values.replicate_source_db !== undefined) return undefined;
    return isTrue(db.values.multi_az) ? pass('multi_az = true') : fail('multi_az is not true: no standby in another AZ');
  },
});
