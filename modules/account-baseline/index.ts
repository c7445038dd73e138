import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { S3AccountPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-account-public-access-block';
import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import { SecureBucket } from '../core/bucket';
import { LayerBaseProps } from '../core/context';
import { SecureKey } from '../core/kms';
import { Problems } from '../core/problems';
import { configRecorder } from './config-recorder';
import { BaselineFindingAlerts, FindingAlertResources, findingAlerts } from './finding-alerts';
import { guardDuty, securityHub } from './findings-services';
import { baselineSettings } from './settings';
import { auditKey, cloudTrail } from './trail';
import { accountBaselinePropsProblems } from './validation';

export * from './policies';
export type { BaselineFindingAlerts, FindingAlertResources } from './finding-alerts';
export { securityHubStandardArn, securityHubStandardId } from './findings-services';
export { ACCOUNT_BASELINE_MAX_NAME_LENGTH, accountBaselinePropsProblems } from './validation';

/** Security Hub standards this baseline can subscribe to. */
export type SecurityHubStandard = 'aws-foundational-security-best-practices' | 'cis-1.4.0' | 'cis-3.0.0';

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
   * GuardDuty and Security Hub findings to the baseline's own encrypted findings topic (`<name>-findings`), once per
   * account: `emails` / `httpsEndpoints` subscribe, the severities choose. `false`: no topic, no rules (findings are
   * then only in the consoles, unless something else routes them).
   * @default { guardDutyMinSeverity: 7, securityHubSeverityLabels: ['CRITICAL', 'HIGH'] } (no subscriber)
   */
  readonly findingAlerts?: BaselineFindingAlerts | false;
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
  /**
   * The KMS-encrypted topic GuardDuty and Security Hub findings go to (subscribe AWS Chatbot here).
   * @default undefined when findingAlerts is off
   */
  readonly findingsTopicArn?: string;
}

/**
 * Account-wide security services, created once per account (and region): the
 * CloudTrail trail, GuardDuty, Security Hub with FSBP and CIS, AWS Config,
 * account-level S3 Block Public Access and IAM Access Analyzer, and the findings
 * of GuardDuty and Security Hub routed once to an encrypted findings topic.
 */
export class AccountBaseline extends Construct {
  /** What consumers take: the trail, its bucket and log group, the audit key, the detector, the Config bucket, the findings topic. */
  readonly outputs: AccountBaselineOutputs;
  /** Encrypts the trail (S3 and CloudWatch Logs) and Config deliveries (`<id>_kms`); undefined when CloudTrail and Config are both off. */
  readonly key?: SecureKey;
  /** The multi-region trail (`<name>-trail`): log file validation, KMS, to `trailBucket` and `trailLogGroup`; undefined when `cloudTrail.enabled` is false. */
  readonly trail?: Cloudtrail;
  /** The bucket receiving the trail (`cloudTrail.bucketName`, default `<name>-trail-<account>`); undefined when CloudTrail is off. */
  readonly trailBucket?: SecureBucket;
  /** The log group receiving the trail (`/aws/cloudtrail/<name>`); undefined when CloudTrail is off. */
  readonly trailLogGroup?: CloudwatchLogGroup;
  /** The role CloudTrail delivers to `trailLogGroup` with (`<name>-trail-logs`); undefined when CloudTrail is off. */
  readonly trailLogsRole?: IamRole;
  /** The GuardDuty detector (`<id>_guardduty`); undefined when `guardDuty.enabled` is false. */
  readonly detector?: GuarddutyDetector;
  /** The detector's S3, RDS login and runtime monitoring features, each with an explicit status; empty when GuardDuty is off. */
  readonly detectorFeatures: GuarddutyDetectorFeature[] = [];
  /** The Security Hub account (consolidated control findings, no default standards); undefined when `securityHub.enabled` is false. */
  readonly securityHub?: SecurityhubAccount;
  /** One subscription per `securityHub.standards` entry (default FSBP and CIS 3.0.0); empty when Security Hub is off. */
  readonly standards: SecurityhubStandardsSubscription[] = [];
  /** The bucket receiving AWS Config snapshots and history (`config.bucketName`, default `<name>-config-<account>`); undefined when Config is off. */
  readonly configBucket?: SecureBucket;
  /** The role Config records with (`<name>-config`: `AWS_ConfigRole`, and delivery to `configBucket`); undefined when Config is off. */
  readonly configRole?: IamRole;
  /** The Config recorder (`<name>-recorder`): all supported resource types; undefined when Config is off. */
  readonly configRecorder?: ConfigConfigurationRecorder;
  /** The Config delivery channel (`<name>-delivery`) to `configBucket`, KMS-encrypted; undefined when Config is off. */
  readonly configDeliveryChannel?: ConfigDeliveryChannel;
  /** Turns the recorder on once the delivery channel exists; undefined when Config is off. */
  readonly configRecorderStatus?: ConfigConfigurationRecorderStatus;
  /** Account-level S3 Block Public Access, all four settings; undefined when `s3PublicAccessBlock` is false. */
  readonly publicAccessBlock?: S3AccountPublicAccessBlock;
  /** IAM Access Analyzer (`<name>-account`, the account as zone of trust); undefined when `accessAnalyzer` is false. */
  readonly accessAnalyzer?: AccessanalyzerAnalyzer;
  /** The findings topic, its key and policy, subscriptions and EventBridge rules (absent when findingAlerts is off). */
  readonly findings?: FindingAlertResources;

  constructor(scope: Construct, id: string, props: AccountBaselineProps) {
    super(scope, id);
    new Problems().addAll(accountBaselinePropsProblems(props)).throwIfAny(`AccountBaseline ${this.node.path}`);
    const s = baselineSettings(props);

    // The audit key: trail logs (S3 and CloudWatch Logs) and Config deliveries.
    if (s.trailOn || s.configOn) this.key = auditKey(this, props, s);
    if (s.trailOn) {
      const t = cloudTrail(this, props, s, this.key!);
      this.trailBucket = t.bucket;
      this.trailLogGroup = t.logGroup;
      this.trailLogsRole = t.logsRole;
      this.trail = t.trail;
    }
    if (props.guardDuty?.enabled ?? true) {
      const g = guardDuty(this, props, s);
      this.detector = g.detector;
      this.detectorFeatures.push(...g.features);
    }
    if (props.securityHub?.enabled ?? true) {
      const h = securityHub(this, props, s);
      this.securityHub = h.hub;
      this.standards.push(...h.standards);
    }
    if (s.configOn) {
      const c = configRecorder(this, props, s, this.key!);
      this.configBucket = c.bucket;
      this.configRole = c.role;
      this.configRecorder = c.recorder;
      this.configDeliveryChannel = c.deliveryChannel;
      this.configRecorderStatus = c.recorderStatus;
    }

    // Findings to people, once per account.
    if (props.findingAlerts !== false) this.findings = findingAlerts(this, props, s, props.findingAlerts ?? {});

    // Account-level guards.
    if (props.s3PublicAccessBlock ?? true) {
      this.publicAccessBlock = new S3AccountPublicAccessBlock(this, 's3_public_access_block', {
        accountId: s.account,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
    }
    if (props.accessAnalyzer ?? true) {
      this.accessAnalyzer = new AccessanalyzerAnalyzer(this, 'access_analyzer', { analyzerName: `${s.name}-account`, type: 'ACCOUNT', tags: s.tags });
    }

    this.outputs = {
      trailArn: this.trail?.arn,
      trailBucketName: this.trailBucket?.bucketName,
      trailLogGroupName: this.trailLogGroup?.name,
      auditKeyArn: this.key?.arn,
      guardDutyDetectorId: this.detector?.id,
      configBucketName: this.configBucket?.bucketName,
      findingsTopicArn: this.findings?.topic.topic.arn,
    };
    if (this.trail) new TerraformOutput(this, 'trail_arn', { value: this.trail.arn, description: 'Multi-region CloudTrail trail' });
    if (this.trailBucket) new TerraformOutput(this, 'trail_bucket_name', { value: this.trailBucket.bucketName, description: 'Bucket receiving the trail (validated, KMS-encrypted)' });
    if (this.detector) new TerraformOutput(this, 'guardduty_detector_id', { value: this.detector.id, description: 'GuardDuty detector' });
    if (this.findings) new TerraformOutput(this, 'findings_topic_arn', { value: this.findings.topic.topic.arn, description: 'SNS topic receiving GuardDuty and Security Hub findings (subscribe AWS Chatbot here)' });
  }
}
