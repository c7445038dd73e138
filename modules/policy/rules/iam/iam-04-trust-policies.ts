import { checkov, fail, pass, resourceRule, seed } from '../../dsl';
import { parsePolicy, principals } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-IAM-04',
  title: 'Role trust policies never trust "*"',
  severity: 'error',
  resourceTypes: ['aws_iam_role'],
  sources: [seed('IAM roles follow least privilege'), checkov('CKV_AWS_60')],
  fix: 'Trust one service principal or specific role ARNs, never "*".',
  check(role) {
    const stmts = parsePolicy(role.values.assume_role_policy);
    if (!stmts) return fail('assume_role_policy is not literal JSON');
    const problems: string[] = [];
    for (const s of stmts.filter((x) => x.Effect === 'Allow')) {
      const ps = principals(s.Principal);
      if (ps.some((p) => p === '*' || p === 'AWS:*')) problems.push('Principal "*"');
    }
    return problems.length ? fail(problems.join('; ')) : pass('specific principals');
  },
});
