import { Construct } from 'constructs';
import { TerraformOutput, Token } from 'cdktf';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm, CloudwatchMetricAlarmMetricQuery } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { LayerBaseProps, arnPrefix } from '../core/context';
import { policyDocument } from '../core/iam';
import { SecureKey } from '../core/kms';
import {
  AlarmMetric,
  AlarmSpec,
  AlbDimensions,
  DEFAULT_FAILED_LOGIN_PATTERN,
  FAILED_LOGIN_METRIC,
  MonitoringThresholds,
  ResolvedThresholds,
  ServiceDimensions,
  albAlarms,
  assertAlarmSpec,
  databaseAlarms,
  failedLoginAlarm,
  resolveThresholds,
  serviceAlarms,
  wafAlarms,
} from './alarms';
import { dashboardBody } from './dashboard';
import { guardDutyFindingsPattern, securityHubFindingsPattern, GUARDDUTY_INPUT, SECURITY_HUB_INPUT } from './findings';
import type { MonitoringOutputs } from './outputs';

export * from './alarms';
export * from './dashboard';
export * from './findings';
export * from './outputs';

/** An extra subscriber of the alert topic. */
export interface AlertSubscription {
  /** SNS protocol. */
  readonly protocol: 'email' | 'email-json' | 'https' | 'sqs' | 'lambda' | 'firehose' | 'application';
  /** Address, URL or ARN, depending on the protocol. */
  readonly endpoint: string;
  /**
   * Role SNS assumes to deliver (required for `firehose`).
   * @default undefined
   */
  readonly subscriptionRoleArn?: string;
}

/** Which security findings are forwarded to the topic. */
export interface SecurityFindingAlerts {
  /**
   * Forward GuardDuty findings with severity at or above this (GuardDuty: 7-8.9 high, 9-10 critical).
   * `false` turns the GuardDuty rule off.
   * @default 7
   */
  readonly guardDutyMinSeverity?: number | false;
  /**
   * Security Hub severity labels to forward (NEW, ACTIVE findings only; GuardDuty's own findings are
   * excluded because the GuardDuty rule already forwards them). Empty turns the rule off.
   * @default ['CRITICAL', 'HIGH']
   */
  readonly securityHubSeverityLabels?: ('CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL')[];
}

export interface MonitoringProps extends LayerBaseProps {
  /**
   * Email addresses subscribed to the alert topic (each must confirm the subscription).
   * @default []
   */
  readonly alarmEmails?: string[];
  /**
   * HTTPS endpoints (chat webhook relays, incident tools) subscribed to the alert topic.
   * @default []
   */
  readonly alarmHttpsEndpoints?: string[];
  /**
   * Other subscribers (SQS, Lambda, Firehose, ...). AWS Chatbot subscribes itself to the topic ARN output.
   * @default []
   */
  readonly extraSubscriptions?: AlertSubscription[];
  /**
   * The load balancer's metric dimensions (from the edge layer).
   * @default undefined: no load balancer alarms or graphs
   */
  readonly loadBalancer?: AlbDimensions;
  /**
   * The ECS service's metric dimensions and floor (from the compute layer). RunningTaskCount needs Container Insights on the cluster.
   * @default undefined: no service alarms or graphs
   */
  readonly service?: ServiceDimensions;
  /**
   * RDS instance identifier, the DBInstanceIdentifier dimension (from the database layer).
   * @default undefined: no database alarms or graphs
   */
  readonly dbInstanceIdentifier?: string;
  /**
   * The regional web ACL's name (from the edge layer).
   * @default undefined: no WAF alarm
   */
  readonly webAclName?: string;
  /**
   * Region dimension of the web ACL's metrics.
   * @default the layer's region
   */
  readonly webAclRegion?: string;
  /**
   * The application's log group, where the failed-login metric filter runs.
   * @default undefined: no failed-login filter or alarm
   */
  readonly appLogGroupName?: string;
  /**
   * CloudWatch Logs filter pattern matching one failed login per log event.
   * @default DEFAULT_FAILED_LOGIN_PATTERN, `{ $.event = "login_failed" }`
   */
  readonly failedLoginPattern?: string;
  /**
   * Alarm thresholds; see {@link MonitoringThresholds} for each default.
   * @default {}
   */
  readonly thresholds?: MonitoringThresholds;
  /**
   * More alarms (any metric or metric math); they get the same ALARM and OK actions as the built-in ones.
   * @default []
   */
  readonly extraAlarms?: AlarmSpec[];
  /**
   * Forward GuardDuty and Security Hub findings to the topic. `false` turns both rules off.
   * @default { guardDutyMinSeverity: 7, securityHubSeverityLabels: ['CRITICAL', 'HIGH'] }
   */
  readonly securityFindings?: SecurityFindingAlerts | false;
  /**
   * Create the CloudWatch dashboard.
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * lifecycle prevent_destroy on the topic's KMS key.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Declare Terraform outputs (topic ARN, alarm names, dashboard). Off when a wrapper declares its own.
   * @default true
   */
  readonly terraformOutputs?: boolean;
}

/**
 * Per-environment monitoring: a KMS-encrypted alert topic that CloudWatch and
 * EventBridge may publish to, alarms (ALARM and OK both notify) on the load
 * balancer, service, database and WAF, the security guide's FailedLoginCount
 * alarm, a dashboard, and GuardDuty / Security Hub findings forwarded to the topic.
 */
export class Monitoring extends Construct {
  readonly outputs: MonitoringOutputs;
  readonly key: SecureKey;
  readonly topic: SnsTopic;
  readonly topicPolicy: SnsTopicPolicy;
  readonly subscriptions: SnsTopicSubscription[] = [];
  /** Alarms by construct id. */
  readonly alarms: Record<string, CloudwatchMetricAlarm> = {};
  readonly failedLoginFilter?: CloudwatchLogMetricFilter;
  readonly dashboard?: CloudwatchDashboard;
  readonly eventRules: CloudwatchEventRule[] = [];
  /** The thresholds in effect (defaults applied). */
  readonly thresholds: ResolvedThresholds;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const name = props.name;
    const partition = props.partition ?? 'aws';
    const tags = props.tags;
    this.thresholds = resolveThresholds(props.thresholds);
    const t = this.thresholds;

    // ---- encrypted alert topic ----
    // CloudWatch alarms and EventBridge encrypt messages to the topic with this key: both services
    // get kms:GenerateDataKey* and kms:Decrypt. CloudWatch only on behalf of this account
    // (aws:SourceAccount). EventBridge without that condition: the SNS developer guide states that
    // aws:SourceAccount / aws:SourceArn in a KMS key policy are not supported for EventBridge-to-encrypted
    // topics (every finding would be dropped silently). Who may publish is still limited by the topic
    // policy below (EventBridge rules of this account only).
    this.key = new SecureKey(this, 'kms', {
      name,
      accountId: props.accountId,
      region: props.region,
      partition,
      tags,
      purpose: 'alerts',
      servicePrincipals: ['cloudwatch.amazonaws.com'],
      extraStatements: [
        {
          Sid: 'eventsUse',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
        },
      ],
      preventDestroy: props.preventDestroy ?? true,
    });
    const topicName = `${name}-alerts`;
    this.topic = new SnsTopic(this, 'topic', { name: topicName, kmsMasterKeyId: this.key.arn, tags });
    const topicArn = this.topic.arn;
    this.topicPolicy = new SnsTopicPolicy(this, 'topic_policy', {
      arn: topicArn,
      policy: policyDocument([
        {
          Sid: 'AccountManages',
          Effect: 'Allow',
          Principal: { AWS: `arn:${partition}:iam::${props.accountId}:root` },
          Action: [
            'sns:GetTopicAttributes',
            'sns:SetTopicAttributes',
            'sns:AddPermission',
            'sns:RemovePermission',
            'sns:DeleteTopic',
            'sns:Subscribe',
            'sns:ListSubscriptionsByTopic',
            'sns:Publish',
          ],
          Resource: topicArn,
        },
        {
          Sid: 'CloudWatchAlarmsPublish',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: topicArn,
          Condition: {
            StringEquals: { 'aws:SourceAccount': props.accountId },
            ArnLike: { 'aws:SourceArn': `${arnPrefix(props, 'cloudwatch')}:alarm:*` },
          },
        },
        {
          Sid: 'EventBridgeRulesPublish',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: topicArn,
          Condition: {
            StringEquals: { 'aws:SourceAccount': props.accountId },
            ArnLike: { 'aws:SourceArn': `${arnPrefix(props, 'events')}:rule/*` },
          },
        },
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sns:Publish',
          Resource: topicArn,
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ]),
    });

    // ---- subscriptions ----
    for (const email of props.alarmEmails ?? []) {
      this.subscriptions.push(new SnsTopicSubscription(this, `email_${email.replace(/[^A-Za-z0-9]+/g, '_')}`, { topicArn, protocol: 'email', endpoint: email }));
    }
    // URLs can carry tokens: the address uses the position, never the URL.
    (props.alarmHttpsEndpoints ?? []).forEach((url, i) => {
      if (!/^https:\/\/\S+$/.test(url)) throw new Error(`alarmHttpsEndpoints[${i}] must be an https:// URL`);
      this.subscriptions.push(new SnsTopicSubscription(this, `https_${i}`, { topicArn, protocol: 'https', endpoint: url }));
    });
    (props.extraSubscriptions ?? []).forEach((s, i) => {
      this.subscriptions.push(
        new SnsTopicSubscription(this, `subscription_${i}`, { topicArn, protocol: s.protocol, endpoint: s.endpoint, subscriptionRoleArn: s.subscriptionRoleArn }),
      );
    });

    // ---- the security guide's failed-login metric ----
    if (props.appLogGroupName !== undefined) {
      const pattern = props.failedLoginPattern ?? DEFAULT_FAILED_LOGIN_PATTERN;
      this.failedLoginFilter = new CloudwatchLogMetricFilter(this, 'failed_login_filter', {
        name: `${name}-failed-logins`,
        logGroupName: props.appLogGroupName,
        // A literal "${" in a pattern would be read as Terraform interpolation.
        pattern: Token.isUnresolved(pattern) ? pattern : pattern.replace(/\$\{/g, '$$${'),
        metricTransformation: { name: FAILED_LOGIN_METRIC.metricName, namespace: FAILED_LOGIN_METRIC.namespace, value: '1' },
      });
    }

    // ---- alarms ----
    const specs: AlarmSpec[] = [
      ...(props.loadBalancer ? albAlarms(props.loadBalancer, t) : []),
      ...(props.service ? serviceAlarms(props.service, t) : []),
      ...(props.dbInstanceIdentifier !== undefined ? databaseAlarms(props.dbInstanceIdentifier, t) : []),
      ...(props.webAclName !== undefined ? wafAlarms({ webAclName: props.webAclName, region: props.webAclRegion ?? props.region }, t) : []),
      ...(props.appLogGroupName !== undefined ? [failedLoginAlarm(t)] : []),
    ];
    const builtIn = new Set(specs.map((s) => s.id));
    for (const extra of props.extraAlarms ?? []) {
      if (builtIn.has(extra.id)) throw new Error(`extraAlarms: "${extra.id}" is a built-in alarm of the monitoring layer; choose another id`);
      if (specs.some((s) => s.id === extra.id)) throw new Error(`extraAlarms: "${extra.id}" is listed twice`);
      specs.push(extra);
    }
    for (const spec of specs) {
      assertAlarmSpec(spec);
      const alarm = new CloudwatchMetricAlarm(this, spec.id, {
        alarmName: `${name}-${spec.id.replace(/_/g, '-')}`,
        alarmDescription: spec.description,
        comparisonOperator: spec.comparisonOperator,
        threshold: spec.threshold,
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm ?? spec.evaluationPeriods,
        treatMissingData: spec.treatMissingData,
        ...(spec.metric ? singleMetric(spec.metric) : { metricQuery: metricQueries(spec) }),
        alarmActions: [topicArn],
        okActions: [topicArn],
        tags,
        // The topic policy must let CloudWatch publish before the first state change.
        dependsOn: [this.topicPolicy],
      });
      this.alarms[spec.id] = alarm;
    }

    // ---- dashboard ----
    const dashboardName = `${name}-overview`;
    if (props.dashboard ?? true) {
      const body = dashboardBody({
        region: props.region,
        title: `${name}: golden signals`,
        loadBalancer: props.loadBalancer,
        service: props.service,
        dbInstanceIdentifier: props.dbInstanceIdentifier,
        alarmArns: Object.values(this.alarms).map((a) => a.arn),
      });
      this.dashboard = new CloudwatchDashboard(this, 'dashboard', { dashboardName, dashboardBody: JSON.stringify(body) });
    }

    // ---- security findings -> topic ----
    if (props.securityFindings !== false) {
      const f = props.securityFindings ?? {};
      const minSeverity = f.guardDutyMinSeverity ?? 7;
      const labels = f.securityHubSeverityLabels ?? ['CRITICAL', 'HIGH'];
      if (minSeverity !== false) {
        if (!(minSeverity >= 1 && minSeverity <= 10)) throw new Error(`securityFindings.guardDutyMinSeverity must be 1-10, got ${minSeverity}`);
        this.findingsRule('guardduty_findings', `${name}-guardduty-findings`, `GuardDuty findings with severity >= ${minSeverity} to ${topicName}`, guardDutyFindingsPattern(minSeverity), GUARDDUTY_INPUT, topicArn, tags);
      }
      if (labels.length > 0) {
        this.findingsRule(
          'securityhub_findings',
          `${name}-securityhub-findings`,
          `New ${labels.join('/')} Security Hub findings to ${topicName}`,
          securityHubFindingsPattern(labels, minSeverity !== false),
          SECURITY_HUB_INPUT,
          topicArn,
          tags,
        );
      }
    }

    this.outputs = {
      alertTopicArn: topicArn,
      alertTopicName: this.topic.name,
      alertKeyArn: this.key.arn,
      alarmNames: Object.fromEntries(Object.entries(this.alarms).map(([k, a]) => [k, a.alarmName])),
      dashboardName,
    };
    if (props.terraformOutputs ?? true) {
      new TerraformOutput(this, 'alert_topic_arn', { value: topicArn, description: 'SNS topic receiving every alarm and security finding (subscribe AWS Chatbot here)' });
      new TerraformOutput(this, 'alarm_names', { value: Object.values(this.alarms).map((a) => a.alarmName), description: 'CloudWatch alarms of this environment' });
      if (this.dashboard) new TerraformOutput(this, 'dashboard_name', { value: dashboardName, description: 'CloudWatch dashboard of this environment' });
    }
  }

  private findingsRule(
    id: string,
    ruleName: string,
    description: string,
    pattern: Record<string, unknown>,
    input: { inputPaths: Record<string, string>; inputTemplate: string },
    topicArn: string,
    tags: Record<string, string> | undefined,
  ): void {
    const rule = new CloudwatchEventRule(this, id, { name: ruleName, description, eventPattern: JSON.stringify(pattern), tags });
    new CloudwatchEventTarget(this, `${id}_to_topic`, {
      rule: rule.name,
      targetId: 'alert-topic',
      arn: topicArn,
      inputTransformer: input,
      dependsOn: [this.topicPolicy],
    });
    this.eventRules.push(rule);
  }
}

function singleMetric(m: AlarmMetric): Record<string, unknown> {
  const percentile = /^(p|tm|tc|ts|wm|pr)\d/.test(m.statistic);
  return {
    namespace: m.namespace,
    metricName: m.metricName,
    dimensions: m.dimensions,
    period: m.period,
    ...(percentile ? { extendedStatistic: m.statistic, evaluateLowSampleCountPercentiles: 'ignore' } : { statistic: m.statistic }),
  };
}

function metricQueries(spec: AlarmSpec): CloudwatchMetricAlarmMetricQuery[] {
  const e = spec.expression!;
  return [
    { id: 'expression', expression: e.expression, label: e.label, returnData: true },
    ...Object.entries(e.metrics).map(([id, m]) => ({
      id,
      returnData: false,
      metric: { namespace: m.namespace, metricName: m.metricName, dimensions: m.dimensions, period: m.period, stat: m.statistic },
    })),
  ];
}
