import { checkov, fail, pass, resourceRule, seed } from '../../dsl';
import { blocks } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-RDS-13',
  title: 'RDS PostgreSQL logs slow statements (log_min_duration_statement) or statements',
  severity: 'warning',
  resourceTypes: ['aws_db_instance'],
  sources: [checkov('CKV2_AWS_30'), seed('CloudWatch logs enabled')],
  fix: 'Set log_min_duration_statement (e.g. 1000 ms) in the parameter group; avoid log_statement=all (it logs values).',
  notes: 'checkov CKV2_AWS_30 wants log_statement and log_min_duration_statement; log_statement = all would write query parameters (personal data) to CloudWatch, against the seed\'s "never log sensitive data". Either parameter passes here.',
  check(db, stack) {
    const pg = stack.resolve(db.values.parameter_group_name);
    if (!pg || pg.type !== 'aws_db_parameter_group') return fail('no parameter group from this stack');
    const names = blocks(pg.values.parameter).filter((p) => (p.name === 'log_min_duration_statement' && String(p.value) !== '-1') || (p.name === 'log_statement' && String(p.value) !== 'none'));
    return names.length ? pass(names.map((p) => `${p.name}=${p.value}`).join(', ')) : fail(`${pg.address}: no statement logging`);
  },
});
