import { at, fail, pass, seed, stackRule } from '../../dsl';

export const rule = stackRule({
  id: 'HAPI-SNS-02',
  title: 'Every topic that alarms notify has at least one subscriber',
  severity: 'error',
  resourceTypes: ['aws_sns_topic', 'aws_sns_topic_subscription', 'aws_cloudwatch_metric_alarm'],
  sources: [seed('Monitoring and alerting setup')],
  relaxedBy: ['noAlarmSubscribers'],
  fix: 'Add monitoring.alarmEmails or alarmHttpsEndpoints (aws_sns_topic_subscription resources).',
  check(stack) {
    const alarms = stack.resources('aws_cloudwatch_metric_alarm', 'aws_cloudwatch_composite_alarm');
    const topics = stack.resources('aws_sns_topic').filter((t) => alarms.some((a) => stack.refersTo(a.values.alarm_actions, t.address)));
    return topics.map((t) => {
      const subs = stack.referencing(t.address, ['aws_sns_topic_subscription'], 'topic_arn');
      return at(t.address, subs.length ? pass(`${subs.length} subscriber(s): ${subs.map((s) => s.values.protocol).join(', ')}`) : fail('no aws_sns_topic_subscription: alarms fire but nobody is told'));
    });
  },
});
