import { at, fail, pass, seed, stackRule } from '../../dsl';
import { blocks } from '../../tf-json';

export const rule = stackRule({
  id: 'HAPI-CW-03',
  title: 'Failed logins are counted (CustomMetrics/FailedLoginCount) and alarmed',
  severity: 'warning',
  resourceTypes: ['aws_cloudwatch_log_metric_filter', 'aws_cloudwatch_metric_alarm'],
  stackKinds: ['environment'],
  sources: [seed('CloudWatch Alarms: alert on failed login attempts (helloapi-failed-logins)')],
  fix: 'Add a log metric filter on the app log group producing FailedLoginCount in CustomMetrics, and an alarm Sum > 10 over 300 s.',
  check(stack) {
    if (stack.resources('aws_ecs_service').length === 0) return [];
    const filter = stack.resources('aws_cloudwatch_log_metric_filter').find((f) => blocks(f.values.metric_transformation).some((m) => m.name === 'FailedLoginCount' && m.namespace === 'CustomMetrics'));
    const alarm = stack.resources('aws_cloudwatch_metric_alarm').find((a) => a.values.metric_name === 'FailedLoginCount' && a.values.namespace === 'CustomMetrics');
    if (!filter || !alarm) return [at(undefined, fail(`${filter ? '' : 'no FailedLoginCount metric filter'}${!filter && !alarm ? '; ' : ''}${alarm ? '' : 'no FailedLoginCount alarm'}`))];
    return [at(alarm.address, pass(`${filter.address} -> ${alarm.address} (${alarm.values.statistic} ${alarm.values.comparison_operator} ${alarm.values.threshold} over ${alarm.values.period}s)`))];
  },
});
