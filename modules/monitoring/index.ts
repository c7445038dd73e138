import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { SecureKey } from '../core/kms';
import { Problems } from '../core/problems';
import { failedLoginFilter, metricAlarms } from './alarm-resources';
import { ResolvedThresholds, resolveThresholds } from './alarms';
import { dashboardBody } from './dashboard';
import { findingsRules } from './findings-rules';
import type { MonitoringOutputs } from './outputs';
import type { MonitoringProps } from './props';
import { builtInAlarmSpecs, monitoredResources, usEast1AlarmSpecs } from './resources';
import { alertTopic, globalAlertTopic, topicSubscriptions } from './topic';
import { monitoringPropsProblems } from './validation';

export * from './alarms';
export * from './dashboard';
export * from './findings';
export * from './outputs';
export * from './props';
export { monitoredResources } from './resources';
export type { MonitoredResources } from './resources';
export { MONITORING_MAX_NAME_LENGTH, monitoringPropsProblems, securityFindingProblems } from './validation';

/**
 * Per-environment monitoring: a KMS-encrypted alert topic that CloudWatch and
 * EventBridge may publish to, alarms (ALARM and OK both notify) on the load
 * balancer, service, database and each web ACL (the CloudFront one in us-east-1), the security guide's FailedLoginCount
 * alarm and a dashboard. GuardDuty / Security Hub findings are routed once per account by the account baseline
 * (`findingAlerts`); `securityFindings` forwards them here too, for accounts without it.
 */
export class Monitoring extends Construct {
  /** What the other layers and operators take: the alert topic and key, alarm names, dashboard name (`MonitoringOutputs`). */
  readonly outputs: MonitoringOutputs;
  /** The alert topic's KMS key (`<id>_kms`). */
  readonly key: SecureKey;
  /** The alert topic (`<id>_topic`, `<name>-alerts`), encrypted with `key`: every alarm (ALARM and OK) notifies it. */
  readonly topic: SnsTopic;
  /** The alert topic's policy: CloudWatch alarms of this account publish, over TLS only (EventBridge too when `securityFindings` asks for findings rules). */
  readonly topicPolicy: SnsTopicPolicy;
  /** The topic the us-east-1 alarms notify: `topic` in us-east-1, else its twin there; undefined without such alarms. */
  readonly usEast1Topic?: SnsTopic;
  /** The subscriptions (`alarmEmails`, `alarmHttpsEndpoints`, `extraSubscriptions`) of the alert topic and of its us-east-1 twin when there is one. */
  readonly subscriptions: SnsTopicSubscription[] = [];
  /** Alarms by construct id. */
  readonly alarms: Record<string, CloudwatchMetricAlarm> = {};
  /** The FailedLoginCount metric filter on the app log group (`<id>_failed_login_filter`); undefined without `compute` (or `appLogGroupName`). */
  readonly failedLoginFilter?: CloudwatchLogMetricFilter;
  /** The dashboard (`<name>-overview`); undefined when `dashboard` is false. */
  readonly dashboard?: CloudwatchDashboard;
  /** The GuardDuty / Security Hub findings rules to the topic; empty unless `securityFindings` asks for them (the default: none). */
  readonly eventRules: CloudwatchEventRule[] = [];
  /** The thresholds in effect (defaults applied). */
  readonly thresholds: ResolvedThresholds;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    new Problems().addAll(monitoringPropsProblems(props)).throwIfAny(`Monitoring ${this.node.path}`);
    const name = props.name;
    this.thresholds = resolveThresholds(props.thresholds);

    // The encrypted alert topic and who gets its messages.
    const alerts = alertTopic(this, props);
    ({ key: this.key, topic: this.topic, policy: this.topicPolicy } = alerts);
    const topicArn = this.topic.arn;
    const target = { topicArn, topicPolicy: this.topicPolicy, topicName: `${name}-alerts` };
    this.subscriptions.push(...topicSubscriptions(this, props, topicArn));

    // Alarms (ALARM and OK both notify), the metric behind the failed-login alarm, the dashboard.
    const watched = monitoredResources(props);
    if (watched.appLogGroupName !== undefined && watched.failedLoginMetric) this.failedLoginFilter = failedLoginFilter(this, props, watched.appLogGroupName, watched.failedLoginMetric);
    const specs = [...builtInAlarmSpecs(watched, this.thresholds), ...(props.extraAlarms ?? [])];
    Object.assign(this.alarms, metricAlarms(this, props, specs, target));
    const regionalAlarmArns = Object.values(this.alarms).map((a) => a.arn);
    // The CloudFront web ACL's alarm in us-east-1, to a topic there (the alert topic in us-east-1, else its twin).
    const usEast1Specs = usEast1AlarmSpecs(watched, this.thresholds);
    if (usEast1Specs.length > 0) {
      const provider = props.globalProvider!;
      const global = globalAlertTopic(this, props, alerts, provider);
      this.usEast1Topic = global.topic.topic;
      this.subscriptions.push(...global.subscriptions);
      Object.assign(this.alarms, metricAlarms(this, props, usEast1Specs, { topicArn: global.topic.topic.arn, topicPolicy: global.topic.policy, provider }));
    }
    const dashboardName = `${name}-overview`;
    if (props.dashboard ?? true) {
      const body = dashboardBody({
        region: props.region,
        title: `${name}: golden signals`,
        loadBalancer: watched.loadBalancer,
        service: watched.service,
        dbInstanceIdentifier: watched.dbInstanceIdentifier,
        alarmArns: regionalAlarmArns,
      });
      this.dashboard = new CloudwatchDashboard(this, 'dashboard', { dashboardName, dashboardBody: JSON.stringify(body) });
    }

    // Security findings to the topic, only when asked: the account baseline routes them once per account.
    this.eventRules.push(...findingsRules(this, props, props.securityFindings, target));

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
}
