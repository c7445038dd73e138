import { at, checkov, fail, pass, seed, stackRule } from '../../dsl';
import { list } from '../../tf-json';

const FORBIDDEN = /:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess|AmazonS3FullAccess|SecretsManagerReadWrite|AmazonRDSFullAccess|AmazonECS_FullAccess|CloudWatchFullAccess|AWSKeyManagementServicePowerUser)$/;

export const rule = stackRule({
  id: 'HAPI-IAM-05',
  title: 'No broad AWS-managed policy (AdministratorAccess, *FullAccess) is attached',
  severity: 'error',
  resourceTypes: ['aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_role'],
  sources: [seed('IAM roles follow least privilege'), checkov('CKV_AWS_274'), checkov('CKV2_AWS_56')],
  fix: 'Attach a scoped inline policy instead (or a narrow AWS-managed service-role policy such as AmazonRDSEnhancedMonitoringRole).',
  check(stack) {
    const arns: { address: string; arn: string }[] = [];
    for (const a of stack.resources('aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment')) arns.push({ address: a.address, arn: String(a.values.policy_arn) });
    for (const r of stack.resources('aws_iam_role')) for (const arn of list(r.values.managed_policy_arns)) arns.push({ address: r.address, arn: String(arn) });
    return arns.map(({ address, arn }) => at(address, FORBIDDEN.test(arn) ? fail(`attaches ${arn}`) : pass(`attaches ${arn}`)));
  },
});
