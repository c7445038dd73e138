import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { parsePolicy, principals } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-KMS-02',
  title: 'KMS key policies are explicit and never allow a wildcard principal',
  severity: 'error',
  resourceTypes: ['aws_kms_key'],
  sources: [fsbp('KMS.5'), checkov('CKV_AWS_33'), checkov('CKV2_AWS_64')],
  fix: 'Give the key an explicit policy (SecureKey does) whose Allow statements name the account root or service principals, never "*".',
  check(key) {
    if (key.values.policy === undefined) return fail('no key policy: the default policy is implicit (set one explicitly)');
    const stmts = parsePolicy(key.values.policy);
    if (!stmts) return fail('key policy is not literal JSON');
    const open = stmts.filter((s) => s.Effect === 'Allow' && principals(s.Principal).some((p) => p === '*' || p === 'AWS:*'));
    return open.length ? fail(`Allow to Principal * in ${open.map((s) => s.Sid ?? 'unnamed').join(', ')}`) : pass(`${stmts.length} statements, no wildcard principal`);
  },
});
