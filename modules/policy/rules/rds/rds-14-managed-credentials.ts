import { fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { isTrue } from '../../tf-json';

const DEFAULT_USERS = ['postgres', 'admin', 'root', 'rdsadmin', 'master', 'administrator'];

export const rule = resourceRule({
  id: 'HAPI-RDS-14',
  title: 'RDS master credentials are managed by RDS in Secrets Manager and the user name is not a default',
  severity: 'error',
  resourceTypes: ['aws_db_instance'],
  sources: [seed('Never use default passwords'), seed('Secrets in Secrets Manager (not environment variables)'), fsbp('RDS.25')],
  fix: 'Set manage_master_user_password = true (with master_user_secret_kms_key_id), no password argument, and a username other than postgres/admin.',
  notes: 'FSBP SecretsManager.1 (rotation) is met for the master password by RDS itself: RDS-managed secrets rotate every 7 days.',
  check(db) {
    if (db.values.replicate_source_db !== undefined) return undefined;
    const problems: string[] = [];
    if (db.values.password !== undefined) problems.push('password is set in code (it lands in state)');
    if (!isTrue(db.values.manage_master_user_password)) problems.push('manage_master_user_password is not true');
    const user = String(db.values.username ?? '');
    if (DEFAULT_USERS.includes(user.toLowerCase())) problems.push(`username "${user}" is a default`);
    return problems.length ? fail(problems.join('; ')) : pass(`RDS-managed secret, user ${user}`);
  },
});
