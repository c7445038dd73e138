/** The alarms as resources: the failed-login metric filter and the CloudWatch alarms. */
import { Construct } from 'constructs';
import { TerraformProvider, Token } from 'cdktf';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm, CloudwatchMetricAlarmMetricQuery } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { AlarmMetric, AlarmSpec, DEFAULT_FAILED_LOGIN_PATTERN } from './alarms';
import type { MonitoringProps } from './props';

/** `failed_login_filter`: the security guide's FailedLoginCount metric from the app's log group, in this environment's namespace. */
export function failedLoginFilter(scope: Construct, props: MonitoringProps, logGroupName: string, metric: { namespace: string; metricName: string }): CloudwatchLogMetricFilter {
  const pattern = props.failedLoginPattern ?? DEFAULT_FAILED_LOGIN_PATTERN;
  return new CloudwatchLogMetricFilter(scope, 'failed_login_filter', {
    name: `${props.name}-failed-logins`,
    logGroupName,
    // A literal "${" in a pattern would be read as Terraform interpolation.
    pattern: Token.isUnresolved(pattern) ? pattern : pattern.replace(/\$\{/g, '$$${'),
    metricTransformation: { name: metric.metricName, namespace: metric.namespace, value: '1' },
  });
}

/** Where every alarm's ALARM and OK notifications go. */
export interface AlarmTarget {
  readonly topicArn: string;
  /** The topic policy must let CloudWatch publish before the first state change. */
  readonly topicPolicy: SnsTopicPolicy;
  /**
   * The provider of the topic's region, where the alarms are created too (an alarm's SNS actions are topics of its region).
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/** One alarm per spec (`<spec.id>`, named `<name>-<id with hyphens>`), by id. */
export function metricAlarms(scope: Construct, props: MonitoringProps, specs: AlarmSpec[], target: AlarmTarget): Record<string, CloudwatchMetricAlarm> {
  const alarms: Record<string, CloudwatchMetricAlarm> = {};
  for (const spec of specs) {
    alarms[spec.id] = new CloudwatchMetricAlarm(scope, spec.id, {
      alarmName: `${props.name}-${spec.id.replace(/_/g, '-')}`,
      alarmDescription: spec.description,
      comparisonOperator: spec.comparisonOperator,
      threshold: spec.threshold,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm ?? spec.evaluationPeriods,
      treatMissingData: spec.treatMissingData,
      ...(spec.metric ? singleMetric(spec.metric) : { metricQuery: metricQueries(spec) }),
      alarmActions: [target.topicArn],
      okActions: [target.topicArn],
      tags: props.tags,
      dependsOn: [target.topicPolicy],
      provider: target.provider,
    });
  }
  return alarms;
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
