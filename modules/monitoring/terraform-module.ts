import { TerraformIterator } from 'cdktf';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { layerBaseVariables, regexCondition, wholeNumberValidation } from '../core/module-variables';
import { ModuleVariableSpec, stringMapValue, TerraformModuleSpec } from '../core/terraform-module';
import { DEFAULT_FAILED_LOGIN_PATTERN, DEFAULT_THRESHOLDS, isPercentThreshold, MonitoringThresholds } from './alarms';
import { Monitoring } from './index';
import { HTTPS_URL_PATTERN } from './validation';

/** Module variable for each threshold (snake_case), with its description. */
const THRESHOLD_VARIABLES: Record<keyof MonitoringThresholds, { name: string; description: string }> = {
  targetErrorRatePercent: { name: 'target_error_rate_percent', description: 'ALB target 5xx, percent of requests (2 of 2 five-minute periods).' },
  elbErrorRatePercent: { name: 'elb_error_rate_percent', description: 'ALB-generated 5xx, percent of requests.' },
  errorRateMinRequests: { name: 'error_rate_min_requests', description: 'Requests per 5 minutes below which the error rates read 0.' },
  p99LatencySeconds: { name: 'p99_latency_seconds', description: 'p99 target response time in seconds (3 of 3 five-minute periods).' },
  unhealthyHosts: { name: 'unhealthy_hosts', description: 'Unhealthy targets tolerated (the alarm fires above).' },
  ecsCpuPercent: { name: 'ecs_cpu_percent', description: 'ECS service average CPU percent (3 of 3 five-minute periods).' },
  ecsMemoryPercent: { name: 'ecs_memory_percent', description: 'ECS service average memory percent (3 of 3 five-minute periods).' },
  rdsCpuPercent: { name: 'rds_cpu_percent', description: 'RDS CPU percent (3 of 3 five-minute periods).' },
  rdsFreeStorageGiB: { name: 'rds_free_storage_gib', description: 'RDS free storage floor in GiB.' },
  rdsFreeableMemoryMiB: { name: 'rds_freeable_memory_mib', description: 'RDS freeable memory floor in MiB.' },
  rdsConnections: { name: 'rds_connections', description: 'RDS connections ceiling (2 of 2 five-minute periods).' },
  wafBlockedRequests: { name: 'waf_blocked_requests', description: 'WAF blocked requests per 5 minutes.' },
  failedLogins: { name: 'failed_logins', description: 'Failed logins per 5 minutes (the security guide: 10).' },
};

function thresholdVariables(): ModuleVariableSpec[] {
  return (Object.keys(THRESHOLD_VARIABLES) as (keyof MonitoringThresholds)[]).map((key) => {
    const v = THRESHOLD_VARIABLES[key];
    return {
      name: v.name,
      type: 'number',
      description: `Alarm threshold: ${v.description}`,
      default: DEFAULT_THRESHOLDS[key],
      validation: [
        // The layer's rule (thresholdProblems): every threshold >= 0, percentages at most 100.
        isPercentThreshold(key)
          ? { condition: `var.${v.name} >= 0 && var.${v.name} <= 100`, errorMessage: `${v.name} is a percentage: 0-100.` }
          : { condition: `var.${v.name} >= 0`, errorMessage: `${v.name} must be 0 or more.` },
      ],
    };
  });
}

const required = (name: string, description: string): ModuleVariableSpec => ({
  name,
  type: 'string',
  description,
  validation: [{ condition: `length(var.${name}) > 0`, errorMessage: `${name} must not be empty.` }],
});

/**
 * The monitoring layer as a plain Terraform module. Which alarms exist is fixed (all of them: the
 * module takes every upstream dimension); thresholds, the failed-login pattern and subscribers
 * are variables. Subscriptions use for_each over the email and HTTPS lists.
 */
export const monitoringModule: TerraformModuleSpec = {
  name: 'monitoring',
  description:
    'Per-environment monitoring: a KMS-encrypted SNS alert topic (CloudWatch and EventBridge may publish, TLS only) with email and HTTPS subscribers; ALARM and OK notifications for ALB target/ELB 5xx rates, p99 latency, unhealthy hosts, ECS CPU/memory/running tasks, RDS CPU/storage/memory/connections, WAF blocked-request spikes and the failed-login count (log metric filter `FailedLoginCount` in `CustomMetrics/<name>`, one metric per environment: Sum over 300 s > 10); a golden-signals dashboard. GuardDuty and Security Hub findings are routed once per account by the account-baseline module, not here.',
  variables: [
    ...layerBaseVariables(40),
    required('alb_arn_suffix', 'ALB ARN suffix, `app/<name>/<id>` (CloudWatch dimension LoadBalancer).'),
    required('target_group_arn_suffix', 'Target group ARN suffix, `targetgroup/<name>/<id>` (dimension TargetGroup).'),
    required('cluster_name', 'ECS cluster name (dimension ClusterName); Container Insights must be on for the running-tasks alarm.'),
    required('service_name', 'ECS service name (dimension ServiceName).'),
    {
      name: 'min_running_tasks',
      type: 'number',
      description: 'Tasks that must be running (the auto scaling floor): the running-tasks alarm fires below it.',
      // The layer's rule for the service's floor, compute.minTaskCount (serviceDimensionsProblems).
      validation: [wholeNumberValidation('min_running_tasks', { min: 1 })],
    },
    required('db_instance_identifier', 'RDS instance identifier (dimension DBInstanceIdentifier).'),
    required('web_acl_name', 'Regional WAF web ACL name (dimension WebACL; Region is var.region).'),
    required('app_log_group_name', 'The application log group the failed-login metric filter runs on.'),
    {
      name: 'failed_login_pattern',
      type: 'string',
      description: 'CloudWatch Logs filter pattern matching one failed login per log event (default: the app logs `{"event": "login_failed", ...}`).',
      default: DEFAULT_FAILED_LOGIN_PATTERN,
    },
    {
      name: 'alarm_emails',
      type: 'list(string)',
      description: 'Email addresses subscribed to the alert topic (each confirms once).',
      default: [],
      validation: [{ condition: 'alltrue([for e in var.alarm_emails : can(regex("^[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+$", e))])', errorMessage: 'alarm_emails must be email addresses.' }],
    },
    {
      name: 'alarm_https_endpoints',
      type: 'list(string)',
      description: 'HTTPS endpoints (chat webhook relays, incident tools) subscribed to the alert topic.',
      default: [],
      // The layer's rule (HTTPS_URL_PATTERN), for each element `u`.
      validation: [{ condition: `alltrue([for u in var.alarm_https_endpoints : ${regexCondition('u', HTTPS_URL_PATTERN)}])`, errorMessage: 'alarm_https_endpoints must be https:// URLs.' }],
    },
    ...thresholdVariables(),
  ],
  build(scope, v) {
    const thresholds = Object.fromEntries(
      (Object.keys(THRESHOLD_VARIABLES) as (keyof MonitoringThresholds)[]).map((key) => [key, v[THRESHOLD_VARIABLES[key].name].numberValue]),
    ) as MonitoringThresholds;
    const m = new Monitoring(scope, 'monitoring', {
      name: v.name.stringValue,
      accountId: v.account_id.stringValue,
      region: v.region.stringValue,
      partition: v.partition.stringValue,
      tags: stringMapValue(v.tags),
      // What it watches, as the environment stack passes the other layers' outputs: here from the module's variables.
      edge: { albArnSuffix: v.alb_arn_suffix.stringValue, targetGroupArnSuffix: v.target_group_arn_suffix.stringValue, webAclName: v.web_acl_name.stringValue },
      compute: {
        clusterName: v.cluster_name.stringValue,
        serviceName: v.service_name.stringValue,
        minTaskCount: v.min_running_tasks.numberValue,
        logGroupName: v.app_log_group_name.stringValue,
      },
      database: { instanceIdentifier: v.db_instance_identifier.stringValue },
      failedLoginPattern: v.failed_login_pattern.stringValue,
      thresholds,
      terraformOutputs: false,
    });
    // Subscribers are lists in the module: one subscription per element, keyed by the element.
    const emails = TerraformIterator.fromList(v.alarm_emails.listValue);
    new SnsTopicSubscription(m, 'email', { forEach: emails, topicArn: m.topic.arn, protocol: 'email', endpoint: emails.value });
    const https = TerraformIterator.fromList(v.alarm_https_endpoints.listValue);
    new SnsTopicSubscription(m, 'https', { forEach: https, topicArn: m.topic.arn, protocol: 'https', endpoint: https.value });
    return [
      { name: 'alert_topic_arn', description: 'SNS topic receiving every alarm and security finding (subscribe AWS Chatbot here)', value: m.outputs.alertTopicArn },
      { name: 'alert_key_arn', description: 'KMS key encrypting the topic', value: m.outputs.alertKeyArn },
      { name: 'alarm_names', description: 'Alarm names by id', value: m.outputs.alarmNames },
      { name: 'dashboard_name', description: 'CloudWatch dashboard', value: m.outputs.dashboardName },
    ];
  },
};
