import { checkov, fail, pass, resourceRule, seed } from '../../dsl';

/** Arguments that would put a secret value into code and state. */
const SECRET_ARGS: Record<string, string[]> = {
  aws_secretsmanager_secret_version: ['secret_string', 'secret_binary'],
  aws_db_instance: ['password'],
  aws_rds_cluster: ['master_password'],
  aws_ssm_parameter: ['value'],
  aws_iam_access_key: ['pgp_key'],
};

export const rule = resourceRule({
  id: 'HAPI-APP-07',
  title: 'No secret value is written in code or Terraform state',
  severity: 'error',
  resourceTypes: Object.keys(SECRET_ARGS),
  sources: [seed('Never commit secrets to Git'), seed('Never use default passwords'), checkov('CKV_SECRET_6')],
  fix: 'Let RDS manage the master password; create secrets without a value and set it out of band (the README command), so no value lands in code or state.',
  check(r) {
    const set = SECRET_ARGS[r.type].filter((a) => r.values[a] !== undefined && !(r.type === 'aws_ssm_parameter' && r.values.type !== 'SecureString'));
    return set.length ? fail(`${set.join(', ')} set in code`) : pass('no secret value in code');
  },
});
