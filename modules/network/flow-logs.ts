/** VPC flow logs for all traffic, to a KMS-encrypted log group, through a role that may write only there. */
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { policyDocument } from '../core/iam';
import { SecureKey } from '../core/kms';
import { NetworkNaming } from './naming';
import { NetworkProps } from './props';

/** The key (`flow_logs_kms`), log group (`flow_logs`), role (`flow_logs_role`, `_policy`) and flow log (`flow_log`). */
export function buildFlowLogs(scope: Construct, vpcId: string, retentionInDays: number, props: NetworkProps, { name, tags }: NetworkNaming) {
  const key = new SecureKey(scope, 'flow_logs_kms', {
    name,
    accountId: props.accountId,
    region: props.region,
    partition: props.partition,
    tags: props.tags,
    purpose: 'vpc-flow-logs',
    allowCloudWatchLogs: true,
    preventDestroy: props.preventDestroy ?? true,
  });
  const logGroup = new CloudwatchLogGroup(scope, 'flow_logs', {
    name: `/vpc/${name}/flow-logs`,
    retentionInDays,
    kmsKeyId: key.arn,
    tags: tags(`${name}-vpc-flow-logs`),
  });
  const role = flowLogRole(scope, logGroup, props, { name, tags });
  const flowLog = new FlowLog(scope, 'flow_log', {
    vpcId,
    trafficType: 'ALL',
    logDestinationType: 'cloud-watch-logs',
    logDestination: logGroup.arn,
    iamRoleArn: role.arn,
    maxAggregationInterval: props.flowLogAggregationIntervalSeconds ?? 600,
    // `${field}` must reach AWS literally: `$${` is Terraform's escape for it.
    logFormat: props.flowLogFormat?.replace(/\$\{/g, '$$${'),
    tags: tags(`${name}-vpc`),
  });
  return { key, logGroup, role, flowLog };
}

/** Trusted by VPC Flow Logs for this account's flow logs only; may write only to `logGroup`. */
function flowLogRole(scope: Construct, logGroup: CloudwatchLogGroup, props: NetworkProps, { name, tags }: NetworkNaming): IamRole {
  const role = new IamRole(scope, 'flow_logs_role', {
    name: `${name}-vpc-flow-logs`,
    description: `Lets VPC Flow Logs write ${name} flow logs to their log group`,
    assumeRolePolicy: policyDocument([
      {
        Effect: 'Allow',
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': props.accountId },
          ArnLike: { 'aws:SourceArn': `arn:${props.partition ?? 'aws'}:ec2:${props.region}:${props.accountId}:vpc-flow-log/*` },
        },
      },
    ]),
    tags: tags(`${name}-vpc-flow-logs`),
  });
  new IamRolePolicy(scope, 'flow_logs_role_policy', {
    name: 'write-flow-logs',
    role: role.id,
    policy: policyDocument([
      {
        Sid: 'WriteThisLogGroupOnly',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: `${logGroup.arn}:*`,
      },
    ]),
  });
  return role;
}
