/** The audit key and the multi-region CloudTrail trail with its bucket, log group and delivery role. */
import { Construct } from 'constructs';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecureBucket } from '../core/bucket';
import { arnPrefix } from '../core/context';
import { assumeRolePolicy, policyDocument } from '../core/iam';
import { SecureKey } from '../core/kms';
import type { AccountBaselineProps } from './index';
import { cloudTrailBucketStatements, cloudTrailKeyStatements } from './policies';
import type { BaselineSettings } from './settings';
import { auditBucketName } from './validation';

/** `kms`: encrypts the trail (S3 and CloudWatch Logs) and Config deliveries. */
export function auditKey(scope: Construct, props: AccountBaselineProps, s: BaselineSettings): SecureKey {
  return new SecureKey(scope, 'kms', {
    name: s.name,
    accountId: s.account,
    region: props.region,
    partition: s.partition,
    tags: s.tags,
    purpose: 'audit',
    allowCloudWatchLogs: s.trailOn,
    extraStatements: s.trailOn ? cloudTrailKeyStatements({ partition: s.partition, accountId: s.account, trailArn: s.trailArn }) : [],
    preventDestroy: s.preventDestroy,
  });
}

export interface BaselineTrail {
  readonly bucket: SecureBucket;
  readonly logGroup: CloudwatchLogGroup;
  readonly logsRole: IamRole;
  readonly trail: Cloudtrail;
}

/** `trail_bucket`, `trail_log_group`, `trail_logs_role`, `trail_logs_policy` and `trail`. */
export function cloudTrail(scope: Construct, props: AccountBaselineProps, s: BaselineSettings, key: SecureKey): BaselineTrail {
  const cfg = props.cloudTrail ?? {};
  const bucketName = auditBucketName(props, 'trail', cfg.bucketName);
  const bucket = new SecureBucket(scope, 'trail_bucket', {
    bucketName,
    encryption: { kmsKeyArn: key.arn },
    expireAfterDays: cfg.objectExpireAfterDays,
    policyStatements: cloudTrailBucketStatements({ partition: s.partition, accountId: s.account, trailArn: s.trailArn, bucketArn: `arn:${s.partition}:s3:::${bucketName}` }),
    preventDestroy: s.preventDestroy,
    tags: s.tags,
  });
  const logGroup = new CloudwatchLogGroup(scope, 'trail_log_group', {
    name: `/aws/cloudtrail/${s.name}`,
    retentionInDays: cfg.logRetentionDays ?? 365,
    kmsKeyId: key.arn,
    tags: s.tags,
  });
  const logsRole = new IamRole(scope, 'trail_logs_role', {
    name: `${s.name}-trail-logs`,
    description: 'CloudTrail delivers events to its CloudWatch Logs group',
    assumeRolePolicy: assumeRolePolicy('cloudtrail.amazonaws.com', s.account),
    tags: s.tags,
  });
  const logGroupArn = `${arnPrefix(props, 'logs')}:log-group:/aws/cloudtrail/${s.name}`;
  const rolePolicy = new IamRolePolicy(scope, 'trail_logs_policy', {
    name: 'deliver-to-log-group',
    role: logsRole.id,
    policy: policyDocument([
      {
        Sid: 'TrailLogStreams',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // A multi-region trail writes one stream per source region: <account>_CloudTrail_<region>.
        Resource: `${logGroupArn}:log-stream:${s.account}_CloudTrail_*`,
      },
    ]),
  });
  const trail = new Cloudtrail(scope, 'trail', {
    name: s.trailName,
    s3BucketName: bucket.bucketName,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableLogFileValidation: true,
    enableLogging: true,
    kmsKeyId: key.arn,
    // CloudTrail requires the log-stream wildcard on the group ARN.
    cloudWatchLogsGroupArn: `${logGroup.arn}:*`,
    cloudWatchLogsRoleArn: logsRole.arn,
    tags: s.tags,
    // CloudTrail checks bucket access and the role when the trail is created.
    dependsOn: [bucket.policy, rolePolicy],
  });
  return { bucket, logGroup, logsRole, trail };
}
