import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-LOGS-03',
  title: 'CloudWatch log groups keep logs for at least 365 days',
  severity: 'error',
  resourceTypes: ['aws_cloudwatch_log_group'],
  sources: [checkov('CKV_AWS_338'), fsbp('CloudWatch.16')],
  relaxedBy: ['shortLogRetention'],
  fix: 'Leave logRetentionDays at its 365-day default, or declare relaxations.shortLogRetention with a reason outside production.',
  notes:
    'checkov CKV_AWS_338 and FSBP CloudWatch.16 want a year everywhere; for dev and staging that is cost without an audit need, so non-production environments may relax it with a reason (the relaxation shows up in every report).',
  check(g) {
    const d = Number(g.values.retention_in_days ?? 0);
    if (d === 0) return pass('never expires');
    return d >= 365 ? pass(`${d} days`) : fail(`${d} days (< 365)`);
  },
});
