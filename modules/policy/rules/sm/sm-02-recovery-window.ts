import { fail, pass, resourceRule } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-SM-02',
  title: 'Deleted secrets stay recoverable for at least 7 days',
  severity: 'warning',
  resourceTypes: ['aws_secretsmanager_secret'],
  sources: [{ kind: 'fsbp', id: 'SecretsManager.3 (related: unused-secret hygiene)' }],
  relaxedBy: ['noDeletionProtection'],
  fix: 'Leave recovery_window_in_days at 30 (default) or at least 7; 0 deletes immediately.',
  check(s) {
    const d = Number(s.values.recovery_window_in_days ?? 30);
    return d >= 7 ? pass(`${d}-day recovery window`) : fail(`recovery_window_in_days ${d}`);
  },
});
