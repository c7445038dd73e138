import { fail, pass, resourceRule, seed } from '../../dsl';
import { parsePolicy, principals } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-IAM-08',
  title: 'Roles trusted by AWS services pin the trust to this account (aws:SourceAccount / aws:SourceArn)',
  severity: 'warning',
  resourceTypes: ['aws_iam_role'],
  sources: [seed('IAM roles follow least privilege')],
  fix: 'Use assumeRolePolicy(service, accountId): it adds Condition StringEquals aws:SourceAccount (cross-service confused-deputy protection).',
  check(role) {
    const stmts = parsePolicy(role.values.assume_role_policy);
    if (!stmts) return fail('assume_role_policy is not literal JSON');
    const unpinned = stmts
      .filter((s) => s.Effect === 'Allow' && principals(s.Principal).some((p) => p.startsWith('Service:')))
      .filter((s) => !/aws:Source(Account|Arn)|aws:SourceOrgID/.test(JSON.stringify(s.Condition ?? {})))
      .flatMap((s) => principals(s.Principal));
    return unpinned.length ? fail(`${unpinned.join(', ')} trusted without an aws:SourceAccount/SourceArn condition`) : pass('service trust pinned (or no service principal)');
  },
});
