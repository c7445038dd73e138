import { fail, fsbp, pass, resourceRule } from '../../dsl';
import { block, isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-KMS-03',
  title: 'KMS keys cannot be destroyed by accident (prevent_destroy, 30-day deletion window)',
  severity: 'error',
  resourceTypes: ['aws_kms_key'],
  sources: [fsbp('KMS.3')],
  relaxedBy: ['noDeletionProtection'],
  fix: 'Keep lifecycle.prevent_destroy = true and deletion_window_in_days = 30 (SecureKey defaults).',
  check(key) {
    const window = Number(key.values.deletion_window_in_days ?? 30);
    const protectedKey = isTrue(block(key.values.lifecycle).prevent_destroy);
    if (protectedKey && window >= 30) return pass(`prevent_destroy, ${window}-day window`);
    return fail([protectedKey ? '' : 'no lifecycle.prevent_destroy', window < 30 ? `deletion window ${window} days` : ''].filter(Boolean).join('; '));
  },
});
