import { checkov, fail, pass, resourceRule } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-LOGS-02',
  title: 'CloudWatch log groups have a retention period',
  severity: 'warning',
  resourceTypes: ['aws_cloudwatch_log_group'],
  sources: [checkov('CKV_AWS_66')],
  fix: 'Set retention_in_days (logRetentionDays in the environment file).',
  check(g) {
    const d = g.values.retention_in_days;
    return d !== undefined && Number(d) > 0 ? pass(`${d} days`) : fail('no retention_in_days: logs are kept (and paid for) forever');
  },
});
