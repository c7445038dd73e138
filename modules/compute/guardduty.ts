import { Token } from 'cdktf';

/**
 * AWS accounts owning the `aws-guardduty-agent-fargate` ECR repository per region, from the
 * GuardDuty user guide ("ECR Repository for GuardDuty agent on AWS Fargate (Amazon ECS only)").
 * Only regions verified against that table are listed; others need `guardDutyAgentRepositoryArn`.
 */
export const GUARDDUTY_FARGATE_AGENT_ACCOUNTS: Readonly<Record<string, string>> = {
  'us-east-1': '593207742271',
  'us-east-2': '307168627858',
  'us-west-1': '684579721401',
  'us-west-2': '733349766148',
  'ca-central-1': '354763396469',
  'sa-east-1': '758426053663',
  'eu-west-1': '694911143906',
  'eu-west-2': '892757235363',
  'eu-west-3': '665651866788',
  'eu-north-1': '591436053604',
  'eu-central-1': '323658145986',
  'eu-central-2': '529164026651',
  'ap-south-1': '251508486986',
  'ap-south-2': '950823858135',
  'ap-southeast-1': '174946120834',
  'ap-southeast-2': '005257825471',
  'me-central-1': '000014521398',
};

/** Name of the AWS-owned ECR repository hosting the GuardDuty Fargate agent. */
export const GUARDDUTY_FARGATE_AGENT_REPOSITORY = 'aws-guardduty-agent-fargate';

/**
 * ARN of the GuardDuty Fargate agent repository for `region`. When the region is a Terraform
 * token (published HCL modules), the owning account cannot be looked up at synth time and the
 * ARN uses `*` for the account: still only the `aws-guardduty-agent-fargate` repository of that
 * region, and only pull actions. Pass `guardDutyAgentRepositoryArn` to pin the account.
 */
export function guardDutyAgentRepositoryArn(region: string, partition = 'aws'): string {
  if (Token.isUnresolved(region)) {
    return `arn:${partition}:ecr:${region}:*:repository/${GUARDDUTY_FARGATE_AGENT_REPOSITORY}`;
  }
  const account = GUARDDUTY_FARGATE_AGENT_ACCOUNTS[region];
  if (account === undefined) {
    throw new Error(
      `compute: no known GuardDuty Fargate agent repository for region "${region}"; set guardDutyAgentRepositoryArn ` +
        `(see "ECR Repository for GuardDuty agent on AWS Fargate" in the GuardDuty user guide) or guardDutyRuntimeMonitoring: false`,
    );
  }
  return `arn:${partition}:ecr:${region}:${account}:repository/${GUARDDUTY_FARGATE_AGENT_REPOSITORY}`;
}
