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

/**
 * What is wrong with a region missing from GUARDDUTY_FARGATE_AGENT_ACCOUNTS and which regions are allowed, for the
 * compute layer's rule (validate.ts) and the environment validator, which reports it on `account.region`.
 */
export const GUARDDUTY_AGENT_UNKNOWN_REGION =
  'has no known GuardDuty Fargate agent repository (the compute layer lets the task execution role pull the Runtime Monitoring agent from it); ' +
  `regions with one: ${Object.keys(GUARDDUTY_FARGATE_AGENT_ACCOUNTS).join(', ')}`;

/** How the compute layer's props get past an unknown region: name the repository or turn the agent pull off. */
export const GUARDDUTY_AGENT_REPOSITORY_HINT =
  'set guardDutyAgentRepositoryArn (see "ECR Repository for GuardDuty agent on AWS Fargate" in the GuardDuty user guide) or guardDutyRuntimeMonitoring: false';

/** Whether the compute layer can name the agent repository of `region` itself: a known region, or a Terraform token (the ARN then uses `*`). */
export function isGuardDutyAgentRegion(region: string): boolean {
  return Token.isUnresolved(region) || GUARDDUTY_FARGATE_AGENT_ACCOUNTS[region] !== undefined;
}

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
  if (account === undefined) throw new Error(`compute: region "${region}" ${GUARDDUTY_AGENT_UNKNOWN_REGION}; ${GUARDDUTY_AGENT_REPOSITORY_HINT}`);
  return `arn:${partition}:ecr:${region}:${account}:repository/${GUARDDUTY_FARGATE_AGENT_REPOSITORY}`;
}
