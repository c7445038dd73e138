import { AccountBaseline, AccountBaselineProps, accountBaselinePropsProblems, securityHubStandardArn } from '../../modules/account-baseline';
import { PropsError } from '../../modules/core/problems';
import { ReadableStack } from '../../modules/core/addressing';
import { SynthesizedStack, synthStack } from '../support/synth';

const ACCOUNT = '123456789012';
const TRAIL_ARN = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/helloapi-account-test-trail';
const KEY_ARN = '${aws_kms_key.baseline_kms_key.arn}';

function synthBaseline(overrides: Partial<AccountBaselineProps> = {}): { stack: SynthesizedStack; baseline: AccountBaseline } {
  let baseline!: AccountBaseline;
  const stack = synthStack((s: ReadableStack) => {
    baseline = new AccountBaseline(s, 'baseline', { name: 'helloapi-account-test', accountId: ACCOUNT, region: 'us-east-1', ...overrides });
  });
  return { stack, baseline };
}

const statements = (json: string) => JSON.parse(json).Statement as Record<string, any>[];
const bySid = (json: string) => Object.fromEntries(statements(json).map((s) => [s.Sid, s]));

describe('account baseline, defaults', () => {
  const { stack, baseline } = synthBaseline();

  describe('CloudTrail', () => {
    const trail = stack.resource('aws_cloudtrail', 'baseline_trail');

    it('is multi-region, with global service events, log file validation and KMS', () => {
      expect(trail).toMatchObject({
        name: 'helloapi-account-test-trail',
        is_multi_region_trail: true,
        include_global_service_events: true,
        enable_log_file_validation: true,
        enable_logging: true,
        kms_key_id: KEY_ARN,
        s3_bucket_name: '${aws_s3_bucket.baseline_trail_bucket_bucket.bucket}',
      });
    });

    it('delivers to its CloudWatch log group through a role scoped to that group', () => {
      expect(trail.cloud_watch_logs_group_arn).toBe('${aws_cloudwatch_log_group.baseline_trail_log_group.arn}:*');
      expect(trail.cloud_watch_logs_role_arn).toBe('${aws_iam_role.baseline_trail_logs_role.arn}');
      expect(stack.resource('aws_cloudwatch_log_group', 'baseline_trail_log_group')).toMatchObject({
        name: '/aws/cloudtrail/helloapi-account-test',
        retention_in_days: 365,
        kms_key_id: KEY_ARN,
      });
      const trust = statements(stack.resource('aws_iam_role', 'baseline_trail_logs_role').assume_role_policy);
      expect(trust).toEqual([
        { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } },
      ]);
      expect(statements(stack.resource('aws_iam_role_policy', 'baseline_trail_logs_policy').policy)).toEqual([
        {
          Sid: 'TrailLogStreams',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/cloudtrail/helloapi-account-test:log-stream:123456789012_CloudTrail_*',
        },
      ]);
    });

    it('is created after the bucket policy and the role policy', () => {
      expect(trail.depends_on).toEqual(['aws_s3_bucket_policy.baseline_trail_bucket_policy', 'aws_iam_role_policy.baseline_trail_logs_policy']);
    });

    it('writes to a private, versioned, KMS-encrypted, TLS-only bucket that only this trail may write to', () => {
      const bucket = stack.resource('aws_s3_bucket', 'baseline_trail_bucket_bucket');
      expect(bucket).toMatchObject({ bucket: 'helloapi-account-test-trail-123456789012', force_destroy: false, lifecycle: { prevent_destroy: true } });
      expect(stack.resource('aws_s3_bucket_public_access_block', 'baseline_trail_bucket_public_access_block')).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(stack.resource('aws_s3_bucket_versioning', 'baseline_trail_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
      expect(stack.resource('aws_s3_bucket_server_side_encryption_configuration', 'baseline_trail_bucket_encryption').rule[0].apply_server_side_encryption_by_default).toEqual({
        sse_algorithm: 'aws:kms',
        kms_master_key_id: KEY_ARN,
      });
      expect(stack.resource('aws_s3_bucket_lifecycle_configuration', 'baseline_trail_bucket_lifecycle').rule[0].noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
      const policy = bySid(stack.resource('aws_s3_bucket_policy', 'baseline_trail_bucket_policy').policy);
      const bucketArn = 'arn:aws:s3:::helloapi-account-test-trail-123456789012';
      expect(policy.DenyInsecureTransport).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
      expect(policy.CloudTrailAclCheck).toEqual({
        Sid: 'CloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: bucketArn,
        Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
      });
      expect(policy.CloudTrailWrite).toEqual({
        Sid: 'CloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucketArn}/AWSLogs/${ACCOUNT}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL_ARN } },
      });
    });

    it('encrypts with a rotating key CloudTrail may use for this trail only', () => {
      const key = stack.resource('aws_kms_key', 'baseline_kms_key');
      expect(key).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
      const policy = bySid(key.policy);
      expect(policy.CloudTrailEncryptLogs).toEqual({
        Sid: 'CloudTrailEncryptLogs',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:SourceArn': TRAIL_ARN },
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:123456789012:trail/*' },
        },
      });
      expect(policy.CloudTrailDescribeKey).toMatchObject({ Action: 'kms:DescribeKey', Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } } });
      // CloudWatch Logs may use it for log groups of this account and region only.
      expect(policy.CloudWatchLogsUse.Condition).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:123456789012:log-group:*' } });
      // No wildcard principal anywhere.
      expect(statements(key.policy).filter((s) => s.Principal === '*' || s.Principal?.AWS === '*')).toEqual([]);
    });
  });

  describe('GuardDuty', () => {
    it('enables a detector publishing every 15 minutes', () => {
      expect(stack.resource('aws_guardduty_detector', 'baseline_guardduty')).toMatchObject({ enable: true, finding_publishing_frequency: 'FIFTEEN_MINUTES' });
    });

    it('turns on S3, RDS login and runtime monitoring with the Fargate agent managed', () => {
      const detector = '${aws_guardduty_detector.baseline_guardduty.id}';
      const features = stack.resources<Record<string, any>>('aws_guardduty_detector_feature');
      expect(Object.keys(features).sort()).toEqual(['baseline_guardduty_rds', 'baseline_guardduty_runtime', 'baseline_guardduty_s3']);
      expect(features.baseline_guardduty_s3).toMatchObject({ detector_id: detector, name: 'S3_DATA_EVENTS', status: 'ENABLED' });
      expect(features.baseline_guardduty_rds).toMatchObject({ detector_id: detector, name: 'RDS_LOGIN_EVENTS', status: 'ENABLED' });
      expect(features.baseline_guardduty_runtime).toMatchObject({
        detector_id: detector,
        name: 'RUNTIME_MONITORING',
        status: 'ENABLED',
        additional_configuration: [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' }],
      });
    });
  });

  describe('Security Hub', () => {
    it('is enabled without the default standards, with consolidated control findings', () => {
      expect(stack.resource('aws_securityhub_account', 'baseline_securityhub')).toMatchObject({
        enable_default_standards: false,
        control_finding_generator: 'SECURITY_CONTROL',
        auto_enable_controls: true,
      });
    });

    it('subscribes to FSBP and CIS 3.0.0 after the hub exists', () => {
      const subs = stack.resources<Record<string, any>>('aws_securityhub_standards_subscription');
      expect(subs).toEqual({
        baseline_securityhub_fsbp: expect.objectContaining({
          standards_arn: 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
          depends_on: ['aws_securityhub_account.baseline_securityhub'],
        }),
        baseline_securityhub_cis_3_0_0: expect.objectContaining({
          standards_arn: 'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
          depends_on: ['aws_securityhub_account.baseline_securityhub'],
        }),
      });
    });

    it('builds standard ARNs for the partition and region', () => {
      expect(securityHubStandardArn('cis-1.4.0', 'aws-us-gov', 'us-gov-west-1')).toBe('arn:aws-us-gov:securityhub:us-gov-west-1::standards/cis-aws-foundations-benchmark/v/1.4.0');
    });
  });

  describe('AWS Config', () => {
    it('records every supported resource type, global ones included, continuously', () => {
      expect(stack.resource('aws_config_configuration_recorder', 'baseline_config_recorder')).toMatchObject({
        name: 'helloapi-account-test-recorder',
        role_arn: '${aws_iam_role.baseline_config_role.arn}',
        recording_group: { all_supported: true, include_global_resource_types: true },
        recording_mode: { recording_frequency: 'CONTINUOUS' },
      });
    });

    it('delivers daily snapshots to its encrypted bucket, after the recorder and the bucket policy', () => {
      expect(stack.resource('aws_config_delivery_channel', 'baseline_config_delivery')).toMatchObject({
        s3_bucket_name: '${aws_s3_bucket.baseline_config_bucket_bucket.bucket}',
        s3_kms_key_arn: KEY_ARN,
        snapshot_delivery_properties: { delivery_frequency: 'TwentyFour_Hours' },
        depends_on: expect.arrayContaining(['aws_config_configuration_recorder.baseline_config_recorder', 'aws_s3_bucket_policy.baseline_config_bucket_policy']),
      });
    });

    it('starts recording only once the delivery channel exists', () => {
      expect(stack.resource('aws_config_configuration_recorder_status', 'baseline_config_recorder_status')).toMatchObject({
        name: '${aws_config_configuration_recorder.baseline_config_recorder.name}',
        is_enabled: true,
        depends_on: ['aws_config_delivery_channel.baseline_config_delivery'],
      });
    });

    it('uses a role with AWS_ConfigRole and delivery rights to its own bucket prefix only', () => {
      expect(statements(stack.resource('aws_iam_role', 'baseline_config_role').assume_role_policy)[0]).toMatchObject({
        Principal: { Service: 'config.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      });
      expect(stack.resource('aws_iam_role_policy_attachment', 'baseline_config_managed_policy')).toMatchObject({
        role: '${aws_iam_role.baseline_config_role.name}',
        policy_arn: 'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole',
      });
      const policy = bySid(stack.resource('aws_iam_role_policy', 'baseline_config_delivery_policy').policy);
      expect(policy.Deliver).toMatchObject({
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::helloapi-account-test-config-${ACCOUNT}/AWSLogs/${ACCOUNT}/Config/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      });
      expect(policy.EncryptDeliveries).toEqual({ Sid: 'EncryptDeliveries', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: KEY_ARN });
    });

    it("has the bucket policy AWS documents for Config, from this account only", () => {
      const bucketArn = `arn:aws:s3:::helloapi-account-test-config-${ACCOUNT}`;
      const policy = bySid(stack.resource('aws_s3_bucket_policy', 'baseline_config_bucket_policy').policy);
      const fromAccount = { StringEquals: { 'aws:SourceAccount': ACCOUNT } };
      expect(policy.ConfigAclCheck).toMatchObject({ Principal: { Service: 'config.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: bucketArn, Condition: fromAccount });
      expect(policy.ConfigBucketExistenceCheck).toMatchObject({ Action: 's3:ListBucket', Resource: bucketArn, Condition: fromAccount });
      expect(policy.ConfigWrite).toMatchObject({
        Action: 's3:PutObject',
        Resource: `${bucketArn}/AWSLogs/${ACCOUNT}/Config/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': ACCOUNT } },
      });
      expect(policy.DenyInsecureTransport).toBeDefined();
    });
  });

  describe('account-level guards', () => {
    it('blocks public S3 access for the whole account', () => {
      expect(stack.resource('aws_s3_account_public_access_block', 'baseline_s3_public_access_block')).toMatchObject({
        account_id: ACCOUNT,
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    });

    it('runs IAM Access Analyzer with the account as zone of trust', () => {
      expect(stack.resource('aws_accessanalyzer_analyzer', 'baseline_access_analyzer')).toMatchObject({ analyzer_name: 'helloapi-account-test-account', type: 'ACCOUNT' });
    });
  });

  it('hands over the trail, buckets, key and detector', () => {
    expect(Object.keys(baseline.outputs).sort()).toEqual(['auditKeyArn', 'configBucketName', 'findingsTopicArn', 'guardDutyDetectorId', 'trailArn', 'trailBucketName', 'trailLogGroupName']);
    expect(Object.keys(stack.json.output!).sort()).toEqual(['baseline_findings_topic_arn', 'baseline_guardduty_detector_id', 'baseline_trail_arn', 'baseline_trail_bucket_name']);
  });
});

describe('account baseline options', () => {
  it('turns GuardDuty features off explicitly (status DISABLED, never left to the service default)', () => {
    const { stack } = synthBaseline({ guardDuty: { s3DataEvents: false, runtimeMonitoring: false } });
    const f = stack.resources<Record<string, any>>('aws_guardduty_detector_feature');
    expect(f.baseline_guardduty_s3.status).toBe('DISABLED');
    expect(f.baseline_guardduty_rds.status).toBe('ENABLED');
    expect(f.baseline_guardduty_runtime).toMatchObject({ status: 'DISABLED', additional_configuration: [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'DISABLED' }] });
  });

  it('subscribes to the chosen standards only', () => {
    const { stack } = synthBaseline({ securityHub: { standards: ['cis-1.4.0'] } });
    expect(Object.keys(stack.resources('aws_securityhub_standards_subscription'))).toEqual(['baseline_securityhub_cis_1_4_0']);
    expect(() => synthBaseline({ securityHub: { standards: ['cis-3.0.0', 'cis-3.0.0'] } })).toThrow(/securityHub\.standards = \["cis-3\.0\.0","cis-3\.0\.0"\]: lists a standard twice/);
  });

  it('leaves out services managed elsewhere (organization trail, delegated administrators, existing recorder)', () => {
    const { stack } = synthBaseline({
      cloudTrail: { enabled: false },
      guardDuty: { enabled: false },
      securityHub: { enabled: false },
      config: { enabled: false },
      findingAlerts: false,
    });
    for (const type of ['aws_cloudtrail', 'aws_guardduty_detector', 'aws_securityhub_account', 'aws_config_configuration_recorder', 'aws_kms_key', 'aws_s3_bucket']) {
      expect({ type, count: stack.count(type) }).toEqual({ type, count: 0 });
    }
    expect(stack.count('aws_s3_account_public_access_block')).toBe(1);
    expect(stack.count('aws_accessanalyzer_analyzer')).toBe(1);
  });

  it('records daily without global types when asked, and keeps trail objects for a set time', () => {
    const { stack } = synthBaseline({ config: { includeGlobalResourceTypes: false, recordingFrequency: 'DAILY' }, cloudTrail: { objectExpireAfterDays: 2557, logRetentionDays: 731 } });
    expect(stack.resource('aws_config_configuration_recorder', 'baseline_config_recorder')).toMatchObject({
      recording_group: { all_supported: true, include_global_resource_types: false },
      recording_mode: { recording_frequency: 'DAILY' },
    });
    const rules = stack.resource('aws_s3_bucket_lifecycle_configuration', 'baseline_trail_bucket_lifecycle').rule;
    expect(rules).toContainEqual(expect.objectContaining({ id: 'expire-objects', expiration: [{ days: 2557 }] }));
    expect(stack.resource('aws_cloudwatch_log_group', 'baseline_trail_log_group').retention_in_days).toBe(731);
  });

  it('rejects a trail log retention CloudWatch Logs does not accept, at synth', () => {
    expect(() => synthBaseline({ cloudTrail: { logRetentionDays: 100 } })).toThrow(/cloudTrail\.logRetentionDays = 100: must be a CloudWatch Logs retention value/);
  });

  it('refuses bucket names S3 would refuse', () => {
    expect(() => synthBaseline({ name: `helloapi-account-${'x'.repeat(40)}` })).toThrow(/cloudTrail\.bucketName = "helloapi-account-x+-trail-123456789012": is not a valid S3 bucket name.*set cloudTrail\.bucketName explicitly/);
    expect(() => synthBaseline({ config: { bucketName: 'Config_Bucket' } })).toThrow(/config\.bucketName = "Config_Bucket": is not a valid S3 bucket name \(3-63 lowercase letters, digits, dots, hyphens\)$/);
  });

  it('reports every problem at once in one PropsError naming the construct, and checks only the services that are on', () => {
    let error: unknown;
    try {
      synthBaseline({
        name: `helloapi-account-${'x'.repeat(40)}`,
        cloudTrail: { logRetentionDays: 100 },
        securityHub: { standards: ['cis-1.4.0', 'cis-1.4.0'] },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsError);
    const e = error as PropsError;
    expect(e.construct).toBe('AccountBaseline test/baseline');
    expect(e.problems.map((p) => p.prop)).toEqual(['name', 'cloudTrail.bucketName', 'cloudTrail.logRetentionDays', 'securityHub.standards', 'config.bucketName']);
    expect(e.message).toMatch(/^AccountBaseline test\/baseline: invalid props \(5 problems\):\n/);
    const off = accountBaselinePropsProblems({
      name: `helloapi-account-${'x'.repeat(40)}`,
      accountId: ACCOUNT,
      region: 'us-east-1',
      cloudTrail: { enabled: false, logRetentionDays: 100 },
      securityHub: { enabled: false, standards: ['cis-1.4.0', 'cis-1.4.0'] },
      config: { enabled: false },
    });
    // The name is still too long (ACCOUNT_BASELINE_MAX_NAME_LENGTH); the buckets of the services that are off are not checked.
    expect(off.map((p) => p.prop)).toEqual(['name']);
  });
});
