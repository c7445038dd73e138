import { checkov, fail, pass, resourceRule } from '../../dsl';
import { parsePolicy, principals } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ECR-05',
  title: 'ECR repository policies never allow everyone',
  severity: 'error',
  resourceTypes: ['aws_ecr_repository_policy'],
  sources: [checkov('CKV_AWS_32')],
  fix: 'Name the accounts or roles that may pull; never Principal "*".',
  check(p) {
    const stmts = parsePolicy(p.values.policy);
    if (!stmts) return fail('policy is not literal JSON');
    const open = stmts.filter((s) => s.Effect === 'Allow' && principals(s.Principal).some((x) => x === '*' || x === 'AWS:*') && !s.Condition);
    return open.length ? fail(`Allow to Principal * (${open.map((s) => s.Sid ?? 'unnamed').join(', ')})`) : pass('no public statement');
  },
});
