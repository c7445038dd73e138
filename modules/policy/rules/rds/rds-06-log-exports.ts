import { checkov, fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { list } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-RDS-06',
  title: 'RDS PostgreSQL exports its postgresql and upgrade logs to CloudWatch Logs',
  severity: 'error',
  resourceTypes: ['aws_db_instance'],
  sources: [seed('CloudWatch logs enabled'), fsbp('RDS.9'), fsbp('RDS.36'), checkov('CKV_AWS_129')],
  fix: 'Set enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"].',
  check(db) {
    const exports = list(db.values.enabled_cloudwatch_logs_exports).map(String);
    const engine = String(db.values.engine ?? 'postgres');
    const want = engine.includes('postgres') ? ['postgresql', 'upgrade'] : [];
    const missing = want.filter((w) => !exports.includes(w));
    if (exports.length === 0) return fail('enabled_cloudwatch_logs_exports is empty');
    return missing.length ? fail(`missing ${missing.join(', ')}`) : pass(`exports ${exports.join(', ')}`);
  },
});
