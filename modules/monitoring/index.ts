import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { LayerBaseProps } from '../core/context';
import { SecureKey } from '../core/kms';
import { Problems } from '../core/problems';
import { builtInAlarmSpecs, failedLoginFilter, metricAlarms } from './alarm-resources';
import { AlarmSpec, AlbDimensions, MonitoringThresholds, ResolvedThresholds, ServiceDimensions, resolveThresholds } from './alarms';
import { dashboardBody } from './dashboard';
import { findingsRules } from './findings-rules';
import type { MonitoringOutputs } from './outputs';
import { alertKey, alertTopic, topicSubscriptions } from './topic';
import { monitoringPropsProblems } from './validation';

export * from './alarms';
export * from './dashboard';
export * from './findings';
export * from './outputs';
export { monitoringPropsProblems } from './validation';

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
    new Problems().addAll(monitoringPropsProblems(props)).throwIfAny(`Monitoring ${this.node.path}`);
    const name = props.name;
    this.thresholds = resolveThresholds(props.thresholds);

    // The encrypted alert topic and who gets its messages.
    this.key = alertKey(this, props);
    ({ topic: this.topic, policy: this.topicPolicy } = alertTopic(this, props, this.key));
    const topicArn = this.topic.arn;
    const target = { topicArn, topicPolicy: this.topicPolicy, topicName: `${name}-alerts` };
    this.subscriptions.push(...topicSubscriptions(this, props, topicArn));

    // Alarms (ALARM and OK both notify), the metric behind the failed-login alarm, the dashboard.
    if (props.appLogGroupName !== undefined) this.failedLoginFilter = failedLoginFilter(this, props, props.appLogGroupName);
    const specs = [...builtInAlarmSpecs(props, this.thresholds), ...(props.extraAlarms ?? [])];
    Object.assign(this.alarms, metricAlarms(this, props, specs, target));
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

    // Security findings to the topic.
    this.eventRules.push(...findingsRules(this, props, target));

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
