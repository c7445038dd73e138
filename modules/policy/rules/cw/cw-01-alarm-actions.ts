import { checkov, fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { isFalse, list } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-CW-01',
  title: 'Every alarm notifies someone (alarm actions enabled and set)',
  severity: 'error',
  resourceTypes: ['aws_cloudwatch_metric_alarm', 'aws_cloudwatch_composite_alarm'],
  sources: [seed('Monitoring and alerting setup'), fsbp('CloudWatch.15'), fsbp('CloudWatch.17'), checkov('CKV_AWS_319')],
  fix: 'Set alarm_actions (and ok_actions) to the alert topic; keep actions_enabled true.',
  check(a) {
    if (isFalse(a.values.actions_enabled)) return fail('actions_enabled = false');
    const actions = list(a.values.alarm_actions);
    return actions.length ? pass(`${actions.length} alarm action(s)`) : fail('no alarm_actions');
  },
});
