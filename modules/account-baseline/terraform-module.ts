import { TerraformIterator } from 'cdktf';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { S3_BUCKET_NAME_MAX_LENGTH } from '../core/limits';
import { layerBaseVariables, logRetentionVariable } from '../core/module-variables';
import { stringMapValue, TerraformModuleSpec } from '../core/terraform-module';
import { AccountBaseline } from './index';
import { ACCOUNT_BASELINE_MAX_NAME_LENGTH, auditBucketName } from './validation';

/** The Config bucket's name as the layer derives it (the longer of the two derived names), within the S3 limit. */
const configBucketNameCheck = {
  condition: `length("${auditBucketName({ name: '${var.name}', accountId: '${var.account_id}', region: '${var.region}' }, 'config', undefined)}") <= ${S3_BUCKET_NAME_MAX_LENGTH}`,
  errorMessage: `name is too long for the bucket name <name>-config-<account_id> (at most ${S3_BUCKET_NAME_MAX_LENGTH} characters).`,
  // Within ACCOUNT_BASELINE_MAX_NAME_LENGTH the bucket name always fits: a name this check refuses is refused by the first too.
  invalid: 'a'.repeat(S3_BUCKET_NAME_MAX_LENGTH),
};

/**
 * The account baseline as a plain Terraform module, with every service on. Apply it once per
 * account and region, in accounts where no organization-level trail, GuardDuty/Security Hub
 * administrator or Config recorder exists (the TypeScript construct can turn each one off).
 */
export const accountBaselineModule: TerraformModuleSpec = {
  name: 'account-baseline',
  description: [
    'Account and region security baseline: a multi-region CloudTrail trail (global service events, log file validation, KMS-encrypted, to a private TLS-only bucket and a CloudWatch log group), a GuardDuty detector with S3, RDS login and ECS Fargate runtime monitoring, Security Hub with the AWS Foundational Security Best Practices and CIS 3.0.0 standards, an AWS Config recorder and delivery channel (continuous, global resource types), the account-level S3 public access block and an IAM Access Analyzer; GuardDuty (severity >= 7) and new CRITICAL/HIGH Security Hub findings routed once per account by EventBridge to a KMS-encrypted, TLS-only SNS topic (`finding_alert_emails` subscribe).',
    '',
    'Fixed in this module: every service on (one trail, detector, hub, recorder per account and region: do not apply it where an organization already runs them), prevent_destroy on the audit key and buckets.',
  ].join('\n'),
  variables: [
    ...layerBaseVariables({ maxLength: ACCOUNT_BASELINE_MAX_NAME_LENGTH, extraValidation: [configBucketNameCheck] }),
    logRetentionVariable('trail_log_retention_days', "Retention of the trail's CloudWatch log group in days."),
    {
      name: 'finding_alert_emails',
      type: 'list(string)',
      description: 'Email addresses subscribed to the findings topic, where GuardDuty (severity >= 7) and new CRITICAL/HIGH Security Hub findings go once per account (each confirms once).',
      default: [],
      validation: [{ condition: 'alltrue([for e in var.finding_alert_emails : can(regex("^[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+$", e))])', errorMessage: 'finding_alert_emails must be email addresses.', invalid: ['security@example.com', 'not-an-address'] }],
    },
  ],
  testInputs: { name: 'helloapi-test', account_id: '123456789012', region: 'eu-west-1' },
  exampleInputs: { tags: { Owner: 'security' }, finding_alert_emails: ['security@example.com'], trail_log_retention_days: 731 },
  build(scope, v) {
    const baseline = new AccountBaseline(scope, 'baseline', {
      name: v.name.stringValue,
      accountId: v.account_id.stringValue,
      region: v.region.stringValue,
      partition: v.partition.stringValue,
      tags: stringMapValue(v.tags),
      cloudTrail: { logRetentionDays: v.trail_log_retention_days.numberValue },
      findingAlerts: {},
    });
    // Subscribers are a list in the module: one subscription per element, keyed by the element.
    const emails = TerraformIterator.fromList(v.finding_alert_emails.listValue);
    new SnsTopicSubscription(baseline, 'findings_email', { forEach: emails, topicArn: baseline.findings!.topic.topic.arn, protocol: 'email', endpoint: emails.value });
    const o = baseline.outputs;
    return [
      { name: 'trail_arn', description: 'ARN of the multi-region trail', value: o.trailArn },
      { name: 'trail_bucket_name', description: 'Bucket receiving the trail (validated, KMS-encrypted)', value: o.trailBucketName },
      { name: 'trail_log_group_name', description: 'Log group receiving the trail (for CIS-style metric filters)', value: o.trailLogGroupName },
      { name: 'audit_kms_key_arn', description: 'KMS key of the trail and the Config deliveries', value: o.auditKeyArn },
      { name: 'guardduty_detector_id', description: 'GuardDuty detector ID', value: o.guardDutyDetectorId },
      { name: 'config_bucket_name', description: 'Bucket receiving AWS Config snapshots and history', value: o.configBucketName },
      { name: 'findings_topic_arn', description: 'KMS-encrypted SNS topic receiving GuardDuty and Security Hub findings (subscribe AWS Chatbot here)', value: o.findingsTopicArn },
    ];
  },
};
