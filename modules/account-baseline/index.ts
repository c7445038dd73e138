import { Construct } from 'constructs';
import { TerraformOutput, Token } from 'cdktf';
import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { S3AccountPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-account-public-access-block';
import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import { LOG_RETENTION_DAYS } from '../core/limits';
import { SecureBucket } from '../core/bucket';
import { LayerBaseProps, arnPrefix } from '../core/context';
import { assumeRolePolicy, policyDocument } from '../core/iam';
import { SecureKey } from '../core/kms';
import { cloudTrailBucketStatements, cloudTrailKeyStatements, configBucketStatements } from './policies';

export * from './policies';

/** Security Hub standards this baseline can subscribe to. */
export type SecurityHubStandard = 'aws-foundational-security-best-practices' | 'cis-1.4.0' | 'cis-3.0.0';

/** The standard's ARN in a partition and region. */
export function securityHubStandardArn(standard: SecurityHubStandard, partition: string, region: string): string {
  switch (standard) {
    case 'aws-foundational-security-best-practices':
      return `arn:${partition}:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
    case 'cis-1.4.0':
      return `arn:${partition}:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/1.4.0`;
    case 'cis-3.0.0':
      return `arn:${partition}:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`;
  }
}

/** The construct id of a standard's subscription (part of its Terraform address). */
export function securityHubStandardId(standard: SecurityHubStandard): string {
  return standard === 'aws-foundational-security-best-practices' ? 'securityhub_fsbp' : `securityhub_${standard.replace(/[^a-z0-9]+/g, '_')}`;
}

/** CloudTrail settings. */
export interface BaselineCloudTrail {
  /**
   * Create the multi-region trail (turn off only where an organization trail already covers the account).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Retention of the trail's CloudWatch log group, in days.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Expire trail objects in S3 after this many days.
   * @default undefined (kept)
   */
  readonly objectExpireAfterDays?: number;
  /**
   * The trail bucket's name.
   * @default `<name>-trail-<account>`
   */
  readonly bucketName?: string;
}

/** GuardDuty protection plans relevant to an ECS Fargate + RDS + S3 workload. */
export interface BaselineGuardDuty {
  /**
   * Create the detector (turn off where a delegated administrator manages GuardDuty).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * S3 Protection: S3 data-event analysis (`S3_DATA_EVENTS`).
   * @default true
   */
  readonly s3DataEvents?: boolean;
  /**
   * RDS Protection: login-activity analysis for Aurora/RDS (`RDS_LOGIN_EVENTS`).
   * @default true
   */
  readonly rdsLoginEvents?: boolean;
  /**
   * Runtime Monitoring (`RUNTIME_MONITORING`).
   * @default true
   */
  readonly runtimeMonitoring?: boolean;
  /**
   * GuardDuty injects and manages its security-agent sidecar in ECS Fargate tasks (`ECS_FARGATE_AGENT_MANAGEMENT`);
   * the tasks need ECR access for the agent image and GuardDuty creates a VPC endpoint per VPC.
   * @default true (when runtimeMonitoring)
   */
  readonly ecsFargateAgentManagement?: boolean;
  /**
   * How often updated findings are exported to EventBridge.
   * @default 'FIFTEEN_MINUTES'
   */
  readonly findingPublishingFrequency?: 'FIFTEEN_MINUTES' | 'ONE_HOUR' | 'SIX_HOURS';
}

/** Security Hub settings. */
export interface BaselineSecurityHub {
  /**
   * Enable Security Hub (turn off where a delegated administrator manages it).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Standards to subscribe to.
   * @default ['aws-foundational-security-best-practices', 'cis-3.0.0']
   */
  readonly standards?: SecurityHubStandard[];
}

/** AWS Config settings (Security Hub controls evaluate Config's resource records). */
export interface BaselineConfig {
  /**
   * Create the recorder and delivery channel (one per account and region: turn off where one exists).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Record global resources (IAM users, roles, policies). Record them in one region only: the baseline's.
   * @default true
   */
  readonly includeGlobalResourceTypes?: boolean;
  /**
   * Recording frequency.
   * @default 'CONTINUOUS'
   */
  readonly recordingFrequency?: 'CONTINUOUS' | 'DAILY';
  /**
   * Configuration snapshot frequency.
   * @default 'TwentyFour_Hours'
   */
  readonly snapshotFrequency?: 'One_Hour' | 'Three_Hours' | 'Six_Hours' | 'Twelve_Hours' | 'TwentyFour_Hours';
  /**
   * The Config bucket's name.
   * @default `<name>-config-<account>`
   */
  readonly bucketName?: string;
}

export interface AccountBaselineProps extends LayerBaseProps {
  /**
   * CloudTrail: multi-region, global service events, log file validation, KMS, S3 and CloudWatch Logs.
   * @default {}
   */
  readonly cloudTrail?: BaselineCloudTrail;
  /**
   * GuardDuty detector and protection plans.
   * @default {}
   */
  readonly guardDuty?: BaselineGuardDuty;
  /**
   * Security Hub and its standards.
   * @default {}
   */
  readonly securityHub?: BaselineSecurityHub;
  /**
   * AWS Config recorder and delivery channel.
   * @default {}
   */
  readonly config?: BaselineConfig;
  /**
   * Account-level S3 Block Public Access (all four settings).
   * @default true
   */
  readonly s3PublicAccessBlock?: boolean;
  /**
   * IAM Access Analyzer with the account as zone of trust.
   * @default true
   */
  readonly accessAnalyzer?: boolean;
  /**
   * lifecycle prevent_destroy on the audit key and buckets.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** What the account baseline hands to consumers. */
export interface AccountBaselineOutputs {
  /**
   * ARN of the multi-region trail.
   * @default undefined when CloudTrail is off
   */
  readonly trailArn?: string;
  /**
   * Bucket receiving the trail.
   * @default undefined when CloudTrail is off
   */
  readonly trailBucketName?: string;
  /**
   * CloudWatch log group receiving the trail (for CIS-style metric filters).
   * @default undefined when CloudTrail is off
   */
  readonly trailLogGroupName?: string;
  /**
   * Key encrypting the trail and Config deliveries.
   * @default undefined when CloudTrail and Config are off
   */
  readonly auditKeyArn?: string;
  /**
   * GuardDuty detector ID.
   * @default undefined when GuardDuty is off
   */
  readonly guardDutyDetectorId?: string;
  /**
   * Bucket receiving AWS Config snapshots and history.
   * @default undefined when Config is off
   */
  readonly configBucketName?: string;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Account-wide security services, created once per account (and region): the
 * CloudTrail trail, GuardDuty, Security Hub with FSBP and CIS, AWS Config,
 * account-level S3 Block Public Access and IAM Access Analyzer.
 */
export class AccountBaseline extends Construct {
  readonly outputs: AccountBaselineOutputs;
  /** Encrypts the trail (S3 and CloudWatch Logs) and Config deliveries. */
  readonly key?: SecureKey;
  readonly trail?: Cloudtrail;
  readonly trailBucket?: SecureBucket;
  readonly trailLogGroup?: CloudwatchLogGroup;
  readonly trailLogsRole?: IamRole;
  readonly detector?: GuarddutyDetector;
  readonly detectorFeatures: GuarddutyDetectorFeature[] = [];
  readonly securityHub?: SecurityhubAccount;
  readonly standards: SecurityhubStandardsSubscription[] = [];
  readonly configBucket?: SecureBucket;
  readonly configRole?: IamRole;
  readonly configRecorder?: ConfigConfigurationRecorder;
  readonly configDeliveryChannel?: ConfigDeliveryChannel;
  readonly configRecorderStatus?: ConfigConfigurationRecorderStatus;
  readonly publicAccessBlock?: S3AccountPublicAccessBlock;
  readonly accessAnalyzer?: AccessanalyzerAnalyzer;

  constructor(scope: Construct, id: string, props: AccountBaselineProps) {
    super(scope, id);
    const name = props.name;
    const partition = props.partition ?? 'aws';
    const account = props.accountId;
    const tags = props.tags;
    const preventDestroy = props.preventDestroy ?? true;
    const trailCfg = props.cloudTrail ?? {};
    const gdCfg = props.guardDuty ?? {};
    const shCfg = props.securityHub ?? {};
    const cfgCfg = props.config ?? {};
    const trailOn = trailCfg.enabled ?? true;
    const configOn = cfgCfg.enabled ?? true;
    const bucketName = (given: string | undefined, kind: string) => {
      const n = given ?? `${name}-${kind}-${account}`;
      // With Terraform variables in the name (the published HCL module) the module's validation checks it.
      if (!Token.isUnresolved(n) && !BUCKET_NAME.test(n)) throw new Error(`${kind} bucket name "${n}" is not a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens); set it explicitly`);
      return n;
    };

    const trailName = `${name}-trail`;
    const trailArn = `${arnPrefix(props, 'cloudtrail')}:trail/${trailName}`;

    // ---- audit key: trail logs (S3 and CloudWatch Logs) and Config deliveries ----
    if (trailOn || configOn) {
      this.key = new SecureKey(this, 'kms', {
        name,
        accountId: account,
        region: props.region,
        partition,
        tags,
        purpose: 'audit',
        allowCloudWatchLogs: trailOn,
        extraStatements: trailOn ? cloudTrailKeyStatements({ partition, accountId: account, trailArn }) : [],
        preventDestroy,
      });
    }

    // ---- CloudTrail ----
    if (trailOn) {
      const key = this.key!;
      const trailBucketName = bucketName(trailCfg.bucketName, 'trail');
      this.trailBucket = new SecureBucket(this, 'trail_bucket', {
        bucketName: trailBucketName,
        encryption: { kmsKeyArn: key.arn },
        expireAfterDays: trailCfg.objectExpireAfterDays,
        policyStatements: cloudTrailBucketStatements({ partition, accountId: account, trailArn, bucketArn: `arn:${partition}:s3:::${trailBucketName}` }),
        preventDestroy,
        tags,
      });
      this.trailLogGroup = new CloudwatchLogGroup(this, 'trail_log_group', {
        name: `/aws/cloudtrail/${name}`,
        retentionInDays: trailLogRetention(trailCfg.logRetentionDays ?? 365),
        kmsKeyId: key.arn,
        tags,
      });
      this.trailLogsRole = new IamRole(this, 'trail_logs_role', {
        name: `${name}-trail-logs`,
        description: 'CloudTrail delivers events to its CloudWatch Logs group',
        assumeRolePolicy: assumeRolePolicy('cloudtrail.amazonaws.com', account),
        tags,
      });
      const logGroupArn = `${arnPrefix(props, 'logs')}:log-group:/aws/cloudtrail/${name}`;
      const rolePolicy = new IamRolePolicy(this, 'trail_logs_policy', {
        name: 'deliver-to-log-group',
        role: this.trailLogsRole.id,
        policy: policyDocument([
          {
            Sid: 'TrailLogStreams',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            // A multi-region trail writes one stream per source region: <account>_CloudTrail_<region>.
            Resource: `${logGroupArn}:log-stream:${account}_CloudTrail_*`,
          },
        ]),
      });
      this.trail = new Cloudtrail(this, 'trail', {
        name: trailName,
        s3BucketName: this.trailBucket.bucketName,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        enableLogging: true,
        kmsKeyId: key.arn,
        // CloudTrail requires the log-stream wildcard on the group ARN.
        cloudWatchLogsGroupArn: `${this.trailLogGroup.arn}:*`,
        cloudWatchLogsRoleArn: this.trailLogsRole.arn,
        tags,
        // CloudTrail checks bucket access and the role when the trail is created.
        dependsOn: [this.trailBucket.policy, rolePolicy],
      });
    }

    // ---- GuardDuty ----
    if (gdCfg.enabled ?? true) {
      this.detector = new GuarddutyDetector(this, 'guardduty', {
        enable: true,
        findingPublishingFrequency: gdCfg.findingPublishingFrequency ?? 'FIFTEEN_MINUTES',
        tags,
      });
      const status = (on: boolean) => (on ? 'ENABLED' : 'DISABLED');
      const runtime = gdCfg.runtimeMonitoring ?? true;
      // Every feature is declared with an explicit status, so plans show what is on and off.
      this.detectorFeatures.push(
        new GuarddutyDetectorFeature(this, 'guardduty_s3', { detectorId: this.detector.id, name: 'S3_DATA_EVENTS', status: status(gdCfg.s3DataEvents ?? true) }),
        new GuarddutyDetectorFeature(this, 'guardduty_rds', { detectorId: this.detector.id, name: 'RDS_LOGIN_EVENTS', status: status(gdCfg.rdsLoginEvents ?? true) }),
        new GuarddutyDetectorFeature(this, 'guardduty_runtime', {
          detectorId: this.detector.id,
          name: 'RUNTIME_MONITORING',
          status: status(runtime),
          additionalConfiguration: [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: status(runtime && (gdCfg.ecsFargateAgentManagement ?? true)) }],
        }),
      );
    }

    // ---- Security Hub ----
    if (shCfg.enabled ?? true) {
      this.securityHub = new SecurityhubAccount(this, 'securityhub', {
        // Standards are subscribed explicitly below; consolidated control findings.
        enableDefaultStandards: false,
        controlFindingGenerator: 'SECURITY_CONTROL',
        autoEnableControls: true,
      });
      const standards = shCfg.standards ?? ['aws-foundational-security-best-practices', 'cis-3.0.0'];
      if (new Set(standards).size !== standards.length) throw new Error('securityHub.standards lists a standard twice');
      for (const s of standards) {
        this.standards.push(
          new SecurityhubStandardsSubscription(this, securityHubStandardId(s), {
            standardsArn: securityHubStandardArn(s, partition, props.region),
            dependsOn: [this.securityHub],
          }),
        );
      }
    }

    // ---- AWS Config ----
    if (configOn) {
      const key = this.key!;
      const configBucketName = bucketName(cfgCfg.bucketName, 'config');
      const configBucketArn = `arn:${partition}:s3:::${configBucketName}`;
      this.configBucket = new SecureBucket(this, 'config_bucket', {
        bucketName: configBucketName,
        encryption: { kmsKeyArn: key.arn },
        policyStatements: configBucketStatements(configBucketArn, account),
        preventDestroy,
        tags,
      });
      this.configRole = new IamRole(this, 'config_role', {
        name: `${name}-config`,
        description: 'AWS Config records resources and delivers to its bucket',
        assumeRolePolicy: assumeRolePolicy('config.amazonaws.com', account),
        tags,
      });
      new IamRolePolicyAttachment(this, 'config_managed_policy', {
        role: this.configRole.name,
        policyArn: `arn:${partition}:iam::aws:policy/service-role/AWS_ConfigRole`,
      });
      const deliveryPolicy = new IamRolePolicy(this, 'config_delivery_policy', {
        name: 'deliver-to-bucket',
        role: this.configRole.id,
        policy: policyDocument([
          { Sid: 'BucketAcl', Effect: 'Allow', Action: ['s3:GetBucketAcl', 's3:ListBucket'], Resource: configBucketArn },
          {
            Sid: 'Deliver',
            Effect: 'Allow',
            Action: 's3:PutObject',
            Resource: `${configBucketArn}/AWSLogs/${account}/Config/*`,
            Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
          },
          { Sid: 'EncryptDeliveries', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: key.arn },
        ]),
      });
      this.configRecorder = new ConfigConfigurationRecorder(this, 'config_recorder', {
        name: `${name}-recorder`,
        roleArn: this.configRole.arn,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: cfgCfg.includeGlobalResourceTypes ?? true },
        recordingMode: { recordingFrequency: cfgCfg.recordingFrequency ?? 'CONTINUOUS' },
      });
      this.configDeliveryChannel = new ConfigDeliveryChannel(this, 'config_delivery', {
        name: `${name}-delivery`,
        s3BucketName: this.configBucket.bucketName,
        s3KmsKeyArn: key.arn,
        snapshotDeliveryProperties: { deliveryFrequency: cfgCfg.snapshotFrequency ?? 'TwentyFour_Hours' },
        dependsOn: [this.configRecorder, this.configBucket.policy, deliveryPolicy],
      });
      this.configRecorderStatus = new ConfigConfigurationRecorderStatus(this, 'config_recorder_status', {
        name: this.configRecorder.name,
        isEnabled: true,
        // Recording starts only once there is somewhere to deliver.
        dependsOn: [this.configDeliveryChannel],
      });
    }

    // ---- account-level guards ----
    if (props.s3PublicAccessBlock ?? true) {
      this.publicAccessBlock = new S3AccountPublicAccessBlock(this, 's3_public_access_block', {
        accountId: account,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
    }
    if (props.accessAnalyzer ?? true) {
      this.accessAnalyzer = new AccessanalyzerAnalyzer(this, 'access_analyzer', { analyzerName: `${name}-account`, type: 'ACCOUNT', tags });
    }

    this.outputs = {
      trailArn: this.trail?.arn,
      trailBucketName: this.trailBucket?.bucketName,
      trailLogGroupName: this.trailLogGroup?.name,
      auditKeyArn: this.key?.arn,
      guardDutyDetectorId: this.detector?.id,
      configBucketName: this.configBucket?.bucketName,
    };
    if (this.trail) new TerraformOutput(this, 'trail_arn', { value: this.trail.arn, description: 'Multi-region CloudTrail trail' });
    if (this.trailBucket) new TerraformOutput(this, 'trail_bucket_name', { value: this.trailBucket.bucketName, description: 'Bucket receiving the trail (validated, KMS-encrypted)' });
    if (this.detector) new TerraformOutput(this, 'guardduty_detector_id', { value: this.detector.id, description: 'GuardDuty detector' });
  }
}

/** The CloudTrail log group retention, checked against the values CloudWatch Logs accepts. */
function trailLogRetention(days: number): number {
  if (!Token.isUnresolved(days) && !(LOG_RETENTION_DAYS as readonly number[]).includes(days)) {
    throw new Error(`cloudTrail.logRetentionDays must be a CloudWatch Logs retention value (${LOG_RETENTION_DAYS.join(', ')}), got ${days}`);
  }
  return days;
}
