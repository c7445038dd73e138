import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-CT-04',
  title: 'CloudTrail also delivers to CloudWatch Logs',
  severity: 'warning',
  resourceTypes: ['aws_cloudtrail'],
  sources: [fsbp('CloudTrail.5'), checkov('CKV2_AWS_10')],
  fix: 'Set cloud_watch_logs_group_arn ("<log group arn>:*") and cloud_watch_logs_role_arn.',
  check(t) {
    return t.values.cloud_watch_logs_group_arn && t.values.cloud_watch_logs_role_arn ? pass(`to ${t.values.cloud_watch_logs_group_arn}`) : fail('no CloudWatch Logs delivery');
  },
});
