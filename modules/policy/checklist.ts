/**
 * The seed guide's "Security Checklist" (Before Production, Nice to Have) and
 * "Common Security Mistakes", each mapped to the rules that decide it. Items
 * the infrastructure cannot decide (authentication, penetration testing) say so.
 */
import type { RuleResult, StackReport } from './types';

export interface ChecklistItem {
  readonly section: 'Before Production' | 'Nice to Have' | 'Common Mistakes';
  /** The seed's wording. */
  readonly item: string;
  /** Rules whose results decide the item; empty when infrastructure cannot decide it. */
  readonly rules: readonly string[];
  /** Why the item is not computed, when `rules` is empty. */
  readonly outOfScope?: string;
}

export const CHECKLIST: readonly ChecklistItem[] = [
  { section: 'Before Production', item: 'HTTPS/SSL certificate configured', rules: ['HAPI-ELB-01', 'HAPI-ELB-03', 'HAPI-ACM-01', 'HAPI-ACM-04', 'HAPI-CF-02', 'HAPI-CF-03', 'HAPI-CF-04'] },
  { section: 'Before Production', item: 'HTTP redirects to HTTPS', rules: ['HAPI-ELB-02', 'HAPI-ELB-10', 'HAPI-CF-01', 'HAPI-APP-06'] },
  { section: 'Before Production', item: 'Authentication enabled', rules: [], outOfScope: 'application code (DRF authentication classes); not visible in infrastructure' },
  { section: 'Before Production', item: 'Rate limiting configured', rules: ['HAPI-WAF-01', 'HAPI-WAF-02'] },
  { section: 'Before Production', item: 'CORS properly restricted (not `*`)', rules: ['HAPI-APP-03'] },
  { section: 'Before Production', item: '`DEBUG = False` in production', rules: ['HAPI-APP-01'] },
  { section: 'Before Production', item: 'Strong `SECRET_KEY` (not default)', rules: ['HAPI-APP-05', 'HAPI-APP-07'] },
  { section: 'Before Production', item: 'Database not publicly accessible', rules: ['HAPI-RDS-01', 'HAPI-VPC-06', 'HAPI-SG-05'] },
  { section: 'Before Production', item: 'RDS encrypted at rest (and every other store)', rules: ['HAPI-RDS-02', 'HAPI-RDS-11', 'HAPI-S3-02', 'HAPI-S3-03', 'HAPI-LOGS-01', 'HAPI-SNS-01', 'HAPI-SM-01', 'HAPI-ECR-04', 'HAPI-DDB-02', 'HAPI-KMS-01', 'HAPI-XACC-02'] },
  { section: 'Before Production', item: 'Automated backups enabled', rules: ['HAPI-RDS-04', 'HAPI-RDS-15', 'HAPI-S3-04', 'HAPI-DDB-01'] },
  { section: 'Before Production', item: 'CloudWatch logs enabled', rules: ['HAPI-ECS-06', 'HAPI-RDS-06', 'HAPI-ELB-05', 'HAPI-VPC-01', 'HAPI-WAF-05', 'HAPI-CF-05', 'HAPI-LOGS-02', 'HAPI-LOGS-03'] },
  { section: 'Before Production', item: 'Security groups follow least privilege', rules: ['HAPI-SG-01', 'HAPI-SG-02', 'HAPI-SG-03', 'HAPI-SG-05', 'HAPI-SG-06', 'HAPI-VPC-02'] },
  { section: 'Before Production', item: 'IAM roles follow least privilege', rules: ['HAPI-IAM-01', 'HAPI-IAM-02', 'HAPI-IAM-03', 'HAPI-IAM-04', 'HAPI-IAM-05', 'HAPI-IAM-07'] },
  { section: 'Before Production', item: 'Secrets in Secrets Manager (not environment variables)', rules: ['HAPI-APP-04', 'HAPI-APP-05', 'HAPI-RDS-14'] },
  { section: 'Nice to Have', item: 'AWS WAF enabled', rules: ['HAPI-WAF-01', 'HAPI-WAF-03', 'HAPI-WAF-04', 'HAPI-CF-06'] },
  { section: 'Nice to Have', item: 'CloudFront CDN in front of ALB', rules: ['HAPI-CF-08'] },
  { section: 'Nice to Have', item: 'Multi-AZ deployment for RDS', rules: ['HAPI-RDS-03', 'HAPI-ELB-08', 'HAPI-ECS-10', 'HAPI-VPC-04'] },
  { section: 'Nice to Have', item: 'Auto-scaling configured', rules: ['HAPI-ECS-11'] },
  { section: 'Nice to Have', item: 'Monitoring and alerting setup', rules: ['HAPI-CW-01', 'HAPI-CW-02', 'HAPI-CW-03', 'HAPI-SNS-02', 'HAPI-ACCT-07'] },
  { section: 'Nice to Have', item: 'Penetration testing performed', rules: [], outOfScope: 'a process, not infrastructure' },
  { section: 'Nice to Have', item: 'Security audit completed (Security Hub, GuardDuty, CloudTrail baseline)', rules: ['HAPI-ACCT-06', 'HAPI-ENV-01'] },
  { section: 'Common Mistakes', item: 'Never commit secrets to Git', rules: ['HAPI-APP-07', 'HAPI-APP-04', 'HAPI-IAM-06'] },
  { section: 'Common Mistakes', item: "Never use `ALLOWED_HOSTS = ['*']`", rules: ['HAPI-APP-02'] },
  { section: 'Common Mistakes', item: 'Never disable CSRF protection (`CSRF_COOKIE_SECURE = True`)', rules: ['HAPI-APP-06'] },
  { section: 'Common Mistakes', item: 'Never expose database publicly', rules: ['HAPI-RDS-01', 'HAPI-VPC-06'] },
  { section: 'Common Mistakes', item: 'Never use default passwords', rules: ['HAPI-RDS-14'] },
  { section: 'Common Mistakes', item: 'Never disable security middleware', rules: ['HAPI-APP-01', 'HAPI-APP-06', 'HAPI-CF-07'] },
  { section: 'Common Mistakes', item: 'Never log sensitive data', rules: ['HAPI-WAF-06', 'HAPI-LOGS-01'] },
];

/** `fail`: an error rule fails; `warning`: only warning rules fail. */
export type ChecklistStatus = 'pass' | 'fail' | 'warning' | 'relaxed' | 'suppressed' | 'no evidence' | 'out of scope';

export interface ChecklistRow {
  readonly section: ChecklistItem['section'];
  readonly item: string;
  readonly status: ChecklistStatus;
  /** What decided the status: failing results first, else a sample of passes. */
  readonly evidence: string;
  readonly rules: readonly string[];
}

function line(r: RuleResult): string {
  return `${r.rule} ${r.subject}: ${r.message}${r.reason ? ` (${r.status}: ${r.reason})` : ''}`;
}

/** Computes the checklist from one environment's results. */
export function computeChecklist(report: StackReport): ChecklistRow[] {
  return CHECKLIST.map((item) => {
    if (item.rules.length === 0) return { section: item.section, item: item.item, status: 'out of scope', evidence: item.outOfScope ?? '', rules: [] };
    const results = report.results.filter((r) => item.rules.includes(r.rule));
    const by = (s: RuleResult['status']) => results.filter((r) => r.status === s);
    let status: ChecklistStatus;
    let evidence: RuleResult[];
    if (results.length === 0) {
      return { section: item.section, item: item.item, status: 'no evidence', evidence: 'no resource the rules inspect exists in this stack', rules: item.rules };
    } else if (by('fail').some((r) => r.severity === 'error')) [status, evidence] = ['fail', by('fail')];
    else if (by('fail').length) [status, evidence] = ['warning', by('fail')];
    else if (by('relaxed').length) [status, evidence] = ['relaxed', by('relaxed')];
    else if (by('suppressed').length) [status, evidence] = ['suppressed', by('suppressed')];
    else [status, evidence] = ['pass', results];
    const shown = evidence.slice(0, 3).map(line);
    const more = evidence.length > 3 ? ` (+${evidence.length - 3} more)` : '';
    return { section: item.section, item: item.item, status, evidence: shown.join('; ') + more, rules: item.rules };
  });
}
