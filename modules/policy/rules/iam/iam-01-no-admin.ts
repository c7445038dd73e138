import { at, checkov, cis, fail, fsbp, pass, seed, stackRule } from '../../dsl';
import { parsePolicy } from '../../tf-json';

export const rule = stackRule({
  id: 'HAPI-IAM-01',
  title: 'No identity policy allows Action "*"',
  severity: 'error',
  resourceTypes: ['aws_iam_role', 'aws_iam_role_policy', 'aws_iam_policy'],
  sources: [seed('IAM roles follow least privilege'), fsbp('IAM.1'), cis('1.16'), checkov('CKV_AWS_62'), checkov('CKV_AWS_63'), checkov('CKV_AWS_286')],
  fix: 'List the actions the role needs.',
  check(stack) {
    return stack.identityPolicies().map(({ address, document }) => {
      const stmts = parsePolicy(document);
      if (!stmts) return at(address, fail('policy is not literal JSON (write it with policyDocument())'));
      const bad = stmts.filter((s) => s.Effect === 'Allow' && (s.Action.includes('*') || s.NotAction.length > 0));
      return at(address, bad.length ? fail(`Allow with ${bad.map((s) => (s.NotAction.length ? 'NotAction' : 'Action "*"')).join(', ')}`) : pass(`${stmts.length} statement(s), no "*" action`));
    });
  },
});
