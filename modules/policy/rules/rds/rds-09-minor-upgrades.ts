import { checkov, cis, fail, fsbp, pass, resourceRule } from '../../dsl';
import { isFalse } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-RDS-09',
  title: 'RDS automatic minor version upgrades are on',
  severity: 'warning',
  resourceTypes: ['aws_db_instance'],
  sources: [fsbp('RDS.13'), cis('2.3.2'), checkov('CKV_AWS_226')],
  fix: 'Leave auto_minor_version_upgrade = true (the default).',
  check(db) {
    return isFalse(db.values.auto_minor_version_upgrade) ? fail('auto_minor_version_upgrade = false') : pass('auto minor version upgrades on');
  },
});
