import { checkov, fail, pass, resourceRule } from '../../dsl';
import { blocks } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-RDS-12',
  title: 'RDS PostgreSQL refuses unencrypted connections (rds.force_ssl = 1)',
  severity: 'error',
  resourceTypes: ['aws_db_instance'],
  sources: [checkov('CKV2_AWS_69')],
  fix: 'Attach an aws_db_parameter_group with parameter rds.force_ssl = 1.',
  check(db, stack) {
    const pg = stack.resolve(db.values.parameter_group_name);
    if (!pg || pg.type !== 'aws_db_parameter_group') return fail('no parameter group from this stack (the default group does not force TLS before PostgreSQL 15)');
    const p = blocks(pg.values.parameter).find((x) => x.name === 'rds.force_ssl');
    return p && String(p.value) === '1' ? pass(`${pg.address}: rds.force_ssl = 1`) : fail(`${pg.address}: rds.force_ssl not 1`);
  },
});
