import { checkov, cis, fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-RDS-01',
  title: 'RDS instances are not publicly accessible',
  severity: 'error',
  resourceTypes: ['aws_db_instance'],
  sources: [seed('Database not publicly accessible'), seed('Never expose database publicly'), fsbp('RDS.2'), cis('2.3.3'), checkov('CKV_AWS_17')],
  fix: 'Set publicly_accessible = false (the default) and keep the instance in the isolated data subnets.',
  check(db) {
    return isTrue(db.values.publicly_accessible) ? fail('publicly_accessible = true') : pass('publicly_accessible false');
  },
});
