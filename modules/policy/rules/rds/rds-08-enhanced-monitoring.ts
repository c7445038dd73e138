import { checkov, fail, fsbp, pass, resourceRule, seed } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-RDS-08',
  title: 'RDS enhanced monitoring is on, with its own role',
  severity: 'warning',
  resourceTypes: ['aws_db_instance'],
  sources: [fsbp('RDS.6'), checkov('CKV_AWS_118'), seed('Monitoring and alerting setup')],
  fix: 'Set monitoring_interval (e.g. 60) and monitoring_role_arn.',
  check(db) {
    const i = Number(db.values.monitoring_interval ?? 0);
    if (i <= 0) return fail('monitoring_interval is 0');
    return db.values.monitoring_role_arn ? pass(`every ${i}s`) : fail('monitoring_interval set without monitoring_role_arn');
  },
});
