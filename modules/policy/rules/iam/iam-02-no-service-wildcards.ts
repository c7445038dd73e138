import { at, checkov, fail, fsbp, pass, seed, stackRule } from '../../dsl';
import { parsePolicy } from '../../tf-json';

export const rule = stackRule({
  id: 'HAPI-IAM-02',
  title: 'No identity policy allows a whole service ("s3:*", "iam:*")',
  severity: 'error',
  resourceTypes: ['aws_iam_role', 'aws_iam_role_policy', 'aws_iam_policy'],
  sources: [seed('IAM roles follow least privilege'), fsbp('IAM.21'), checkov('CKV2_AWS_40')],
  fix: 'Replace service:* with the specific actions.',
  check(stack) {
    return stack.identityPolicies().map(({ address, document }) => {
      const stmts = parsePolicy(document);
      if (!stmts) return at(address, fail('policy is not literal JSON'));
      const wild = stmts.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action.filter((a) => /^[a-z0-9-]+:\*$/i.test(a)));
      return at(address, wild.length ? fail(`allows ${wild.join(', ')}`) : pass('no service-wide wildcard'));
    });
  },
});
