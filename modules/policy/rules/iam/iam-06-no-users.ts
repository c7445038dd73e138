import { checkov, fail, fsbp, resourceRule, seed } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-IAM-06',
  title: 'No IAM users, user policies or access keys: workloads and people use roles',
  severity: 'error',
  resourceTypes: ['aws_iam_user', 'aws_iam_user_policy', 'aws_iam_user_policy_attachment', 'aws_iam_access_key'],
  sources: [seed('Never commit secrets to Git'), fsbp('IAM.2'), checkov('CKV_AWS_40')],
  fix: 'Use roles (OIDC for CI, task roles for the app); never long-lived keys.',
  check(r) {
    return fail(`${r.type} creates long-lived identity or credentials`);
  },
});
