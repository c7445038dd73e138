import { at, fail, pass, seed, stackRule } from '../../dsl';

export const rule = stackRule({
  id: 'HAPI-ACCT-07',
  title: 'GuardDuty and Security Hub findings reach the environment\'s alert topic',
  severity: 'warning',
  resourceTypes: ['aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target'],
  stackKinds: ['environment'],
  sources: [seed('Monitoring and alerting setup')],
  fix: 'Add EventBridge rules for aws.guardduty and aws.securityhub findings with an SNS target (the monitoring layer does).',
  check(stack) {
    if (stack.resources('aws_sns_topic').length === 0) return [];
    const routed = (source: string) =>
      stack.resources('aws_cloudwatch_event_rule').some((r) => String(r.values.event_pattern ?? '').includes(source) && stack.referencing(r.address, ['aws_cloudwatch_event_target'], 'rule').some((t) => stack.resolve(t.values.arn)?.type === 'aws_sns_topic'));
    const missing = ['aws.guardduty', 'aws.securityhub'].filter((s) => !routed(s));
    return [at(undefined, missing.length ? fail(`not routed to SNS: ${missing.join(', ')}`) : pass('GuardDuty and Security Hub findings routed to SNS'))];
  },
});
