/** AWS Config: its bucket, role, recorder, delivery channel and recorder status. */
import { Construct } from 'constructs';
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { SecureBucket } from '../core/bucket';
import { assumeRolePolicy, policyDocument } from '../core/iam';
import { SecureKey } from '../core/kms';
import type { AccountBaselineProps } from './index';
import { configBucketStatements } from './policies';
import type { BaselineSettings } from './settings';
import { auditBucketName } from './validation';

export interface BaselineConfigRecorder {
  readonly bucket: SecureBucket;
  readonly role: IamRole;
  readonly recorder: ConfigConfigurationRecorder;
  readonly deliveryChannel: ConfigDeliveryChannel;
  readonly recorderStatus: ConfigConfigurationRecorderStatus;
}

/** `config_bucket`, `config_role` (+ `config_managed_policy`, `config_delivery_policy`), `config_recorder`, `config_delivery`, `config_recorder_status`. */
export function configRecorder(scope: Construct, props: AccountBaselineProps, s: BaselineSettings, key: SecureKey): BaselineConfigRecorder {
  const cfg = props.config ?? {};
  const bucketName = auditBucketName(props, 'config', cfg.bucketName);
  const bucketArn = `arn:${s.partition}:s3:::${bucketName}`;
  const bucket = new SecureBucket(scope, 'config_bucket', {
    bucketName,
    encryption: { kmsKeyArn: key.arn },
    policyStatements: configBucketStatements(bucketArn, s.account),
    preventDestroy: s.preventDestroy,
    tags: s.tags,
  });
  const { role, deliveryPolicy } = configRole(scope, s, bucketArn, key);
  const recorder = new ConfigConfigurationRecorder(scope, 'config_recorder', {
    name: `${s.name}-recorder`,
    roleArn: role.arn,
    recordingGroup: { allSupported: true, includeGlobalResourceTypes: cfg.includeGlobalResourceTypes ?? true },
    recordingMode: { recordingFrequency: cfg.recordingFrequency ?? 'CONTINUOUS' },
  });
  const deliveryChannel = new ConfigDeliveryChannel(scope, 'config_delivery', {
    name: `${s.name}-delivery`,
    s3BucketName: bucket.bucketName,
    s3KmsKeyArn: key.arn,
    snapshotDeliveryProperties: { deliveryFrequency: cfg.snapshotFrequency ?? 'TwentyFour_Hours' },
    dependsOn: [recorder, bucket.policy, deliveryPolicy],
  });
  const recorderStatus = new ConfigConfigurationRecorderStatus(scope, 'config_recorder_status', {
    name: recorder.name,
    isEnabled: true,
    // Recording starts only once there is somewhere to deliver.
    dependsOn: [deliveryChannel],
  });
  return { bucket, role, recorder, deliveryChannel, recorderStatus };
}

/** The role Config records with (`AWS_ConfigRole`) and delivers to its own prefix of the bucket with. */
function configRole(scope: Construct, s: BaselineSettings, bucketArn: string, key: SecureKey): { role: IamRole; deliveryPolicy: IamRolePolicy } {
  const role = new IamRole(scope, 'config_role', {
    name: `${s.name}-config`,
    description: 'AWS Config records resources and delivers to its bucket',
    assumeRolePolicy: assumeRolePolicy('config.amazonaws.com', s.account),
    tags: s.tags,
  });
  new IamRolePolicyAttachment(scope, 'config_managed_policy', {
    role: role.name,
    policyArn: `arn:${s.partition}:iam::aws:policy/service-role/AWS_ConfigRole`,
  });
  const deliveryPolicy = new IamRolePolicy(scope, 'config_delivery_policy', {
    name: 'deliver-to-bucket',
    role: role.id,
    policy: policyDocument([
      { Sid: 'BucketAcl', Effect: 'Allow', Action: ['s3:GetBucketAcl', 's3:ListBucket'], Resource: bucketArn },
      {
        Sid: 'Deliver',
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: `${bucketArn}/AWSLogs/${s.account}/Config/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
      { Sid: 'EncryptDeliveries', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: key.arn },
    ]),
  });
  return { role, deliveryPolicy };
}
