/**
 * docs/policy-rules.md, generated from the rule pack (`node dist/scripts/audit.js
 * --catalogue docs/policy-rules.md`); a test keeps the file in sync.
 */
import { tableCell } from '../core/markdown';
import { RELAXATIONS, RELAXATION_NAMES } from '../config/relaxations';
import { CHECKLIST } from './checklist';
import { DEFAULT_PACK } from './packs';
import { UNSCOPABLE_ACTIONS } from './rules/iam/iam-03-scoped-resources';
import type { Rule, RuleSource } from './types';

function sources(r: Rule, kind: RuleSource['kind']): string {
  return r.sources.filter((s) => s.kind === kind).map((s) => s.id).join(', ');
}

/** Controls from the researched sources that no rule implements, and why. */
export const NOT_IMPLEMENTED: readonly { readonly controls: string; readonly why: string }[] = [
  { controls: 'FSBP S3.9, CloudTrail.7 (CIS 3.6), checkov CKV_AWS_18: S3 server access logging', why: 'Every bucket we create is itself a log sink (ALB, CloudFront, CloudTrail, Config) or the state bucket. Access-logging a log bucket needs yet another bucket (which would need one too); API access to all of them is already in CloudTrail. Revisit if S3 data events are required.' },
  { controls: 'FSBP S3.7, checkov CKV_AWS_144: cross-region replication', why: 'A disaster-recovery decision beyond the security guide; buckets are versioned and the database has its own backups. Doubles storage cost.' },
  { controls: 'FSBP S3.20: MFA delete', why: 'Only the root user with an MFA device can enable it, through the API: Terraform cannot manage it.' },
  { controls: 'FSBP S3.15: Object Lock', why: 'Not required by the guide, and it conflicts with the lifecycle expiry of log buckets.' },
  { controls: 'FSBP S3.22, S3.23 (CIS 3.8, 3.9): S3 object-level read/write events in CloudTrail', why: 'Data events are billed per request; the buckets hold logs and state, whose writers are AWS services and Terraform. Enable for the state bucket if its access must be audited object by object.' },
  { controls: 'FSBP RDS.20-RDS.22: RDS event subscriptions', why: 'Availability is alarmed through CloudWatch (HAPI-CW-02) and findings are routed (HAPI-ACCT-07); event subscriptions are a follow-up for the monitoring layer.' },
  { controls: 'checkov CKV2_AWS_62, FSBP S3.11: S3 event notifications', why: 'Nothing consumes bucket events; an empty notification configuration adds nothing.' },
  { controls: 'FSBP SecretsManager.1, checkov CKV2_AWS_57: automatic rotation', why: 'The database credential is RDS-managed and rotated by RDS (HAPI-RDS-14), outside aws_secretsmanager_secret resources. The remaining secrets are the Django SECRET_KEY (rotation needs SECRET_KEY_FALLBACKS handled by a release, not a Lambda), API keys issued to clients (an app process) and app settings (ALLOWED_HOSTS, CORS: not credentials). A rule would fail on every one with no infrastructure fix; tracked as a follow-up (a rotation Lambda for SECRET_KEY).' },
  { controls: 'FSBP SecretsManager.2, .3, .4; ACM.1; KMS.3 (scheduled deletion)', why: 'Runtime state (rotation succeeded, secret unused for 90 days, certificate age, a key pending deletion): not visible at synth. Security Hub evaluates them in the account (HAPI-ACCT-03).' },
  { controls: 'FSBP RDS.23: non-default database port', why: 'Security by obscurity; the guide uses 5432 and the port is reachable only from the app security group (HAPI-SG-05).' },
  { controls: 'FSBP RDS.7, RDS.14, RDS.24 and other Aurora-cluster controls', why: 'We run RDS instances, not Aurora clusters.' },
  { controls: 'checkov CKV_AWS_260: no 0.0.0.0/0 to port 80', why: 'Conflicts with the guide\'s HTTP-to-HTTPS redirect. HAPI-SG-01 allows 80 only on load balancer groups and HAPI-ELB-02 proves port 80 only redirects.' },
  { controls: 'checkov CKV_AWS_378: target group protocol not HTTP', why: 'TLS terminates at the ALB (and CloudFront); ALB-to-task traffic stays in private subnets, reachable only from the ALB security group (HAPI-SG-06). End-to-end TLS would need a certificate inside every container.' },
  { controls: 'FSBP CloudFront.1, checkov CKV_AWS_305: default root object', why: 'The origin is an API, not a website: there is no root object to serve.' },
  { controls: 'FSBP CloudFront.4, checkov CKV_AWS_310: origin failover', why: 'The only origin is the regional ALB; an origin group would need a second region.' },
  { controls: 'FSBP CloudFront.12, CloudFront.13, checkov CKV2_AWS_46: S3 origins, OAC', why: 'No S3 origin.' },
  { controls: 'checkov CKV_AWS_374: CloudFront geo restriction', why: 'A product decision, not a security default.' },
  { controls: 'FSBP CloudWatch.1-14 (CIS 1.x/4.x metric filters: root use, unauthorized calls, IAM/CloudTrail/SG/NACL changes, ...)', why: 'Account-level detections on the trail\'s log group. The baseline routes GuardDuty and Security Hub findings (which cover these events) to the alert topic (HAPI-ACCT-07); the 14 filters are a follow-up for the account baseline.' },
  { controls: 'checkov CKV_AWS_252: CloudTrail SNS topic', why: 'Notification per log file delivery is noise; findings are routed instead.' },
  { controls: 'FSBP IAM.3-IAM.27 (root, users, passwords, access keys, support role)', why: 'Account administration outside this repository. HAPI-IAM-06 forbids IAM users and keys in our stacks.' },
  { controls: 'FSBP KMS.1, KMS.2: IAM policies allowing decryption on all keys', why: 'Covered by HAPI-IAM-03: kms:Decrypt on "*" fails because kms actions support resource scoping.' },
  { controls: 'FSBP Account.1: security contact', why: 'Set by the organization (aws_account_alternate_contact needs organization-level access); follow-up for the account baseline.' },
  { controls: 'FSBP DynamoDB.1 (auto scaling), DynamoDB.3 (DAX), DynamoDB.4 (backup plan)', why: 'The lock table is on-demand (no capacity to scale), has no DAX, and point-in-time recovery (HAPI-DDB-01) covers backups.' },
  { controls: 'FSBP Route53.2, checkov CKV2_AWS_38, CKV2_AWS_39: zone query logging, DNSSEC', why: 'The hosted zone is an input (dns.hostedZoneId), not created here.' },
  { controls: 'FSBP EC2.21, checkov CKV2_AWS_1: network ACLs', why: 'Security groups are the enforced control (HAPI-SG-*); custom NACLs would duplicate them statelessly.' },
  { controls: 'checkov CKV2_AWS_5: security group attached to a resource', why: 'Groups are referenced through typed outputs; an unattached group grants nothing.' },
  { controls: 'FSBP ECS.13-ECS.15, ECR.4 and other tagging controls', why: 'Tags come from the provider\'s default_tags, which the synthesized resources do not repeat; a per-resource rule would fail everywhere.' },
  { controls: 'FSBP ELB.2, ELB.3, ELB.7-ELB.10, ELB.14; WAF.1-WAF.9; GuardDuty.5-8', why: 'Classic load balancers, classic WAF, EKS/Lambda/malware protection: resource types we do not create.' },
  { controls: 'FSBP SNS.2: delivery status logging', why: 'Retired by AWS; delivery failures of alert e-mail show in the subscription status.' },
];

/** Where the sources are wrong, disagree with each other or with the security guide, and what we do. */
export const CONFLICTS: readonly { readonly topic: string; readonly resolution: string }[] = [
  { topic: 'checkov CKV_AWS_145 / FSBP S3.17 want KMS on every bucket', resolution: 'Elastic Load Balancing delivers access logs only to SSE-S3 buckets: HAPI-S3-03 exempts the bucket an aws_lb names in access_logs, and only that one.' },
  { topic: 'checkov CKV2_AWS_65 / FSBP S3.12 want ACLs disabled on every bucket', resolution: 'CloudFront standard (legacy) logging writes with ACLs: HAPI-S3-07 exempts a bucket that a distribution names in logging_config (public-access blocks stay on, HAPI-S3-01).' },
  { topic: 'checkov CKV_AWS_338 / FSBP CloudWatch.16: one-year log retention', resolution: 'Enforced (HAPI-LOGS-03); dev and staging may relax it with relaxations.shortLogRetention and a reason, which every report shows. Production cannot.' },
  { topic: 'checkov CKV_AWS_260 (no world-open port 80) vs the guide\'s HTTP-to-HTTPS redirect', resolution: 'The redirect wins: port 80 may be open on load balancer groups only, and must only redirect (HAPI-SG-01, HAPI-ELB-02).' },
  { topic: 'FSBP SecretsManager.1 / CKV2_AWS_57 rotation vs RDS-managed credentials', resolution: 'RDS rotates the master password itself; see "not implemented".' },
  { topic: 'checkov CKV2_AWS_30 (log_statement) vs the guide\'s "never log sensitive data"', resolution: 'log_statement = all writes query parameters (personal data) to CloudWatch; HAPI-RDS-13 accepts log_min_duration_statement (slow statements) instead.' },
  { topic: 'checkov CKV_AWS_174 accepts TLSv1.2_2018 / TLSv1.2_2019', resolution: 'Those policies still offer CBC ciphers; HAPI-CF-03 requires TLSv1.2_2021 or newer.' },
  { topic: 'checkov CKV2_AWS_72 exempts ELB origins from HTTPS-only', resolution: 'HAPI-CF-04 does not: CloudFront reaches the ALB over HTTPS with TLSv1.2.' },
  { topic: 'Per-IP rate limits and IP reputation on a regional ACL behind CloudFront', resolution: 'Behind CloudFront the ALB\'s web ACL sees CloudFront\'s addresses; a per-IP limit there throttles whole edge locations. HAPI-WAF-02 and HAPI-WAF-04 accept their absence on a regional ACL when every distribution\'s CLOUDFRONT ACL has them, and HAPI-CF-09 proves the ALB refuses requests that bypass CloudFront.' },
  { topic: 'checkov CKV2_AWS_3 (GuardDuty) demands an organization configuration', resolution: 'A single-account baseline cannot have one; HAPI-ACCT-01 checks the detector. (The same ID names IAM Access Analyzer in checkov\'s CloudFormation checks, and CKV_AWS_338 is a WAF check there: IDs are not unique across frameworks.)' },
  { topic: 'FSBP ECS.8 only looks for AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and ECS_ENGINE_AUTH_DATA', resolution: 'HAPI-APP-04 flags any secret-looking name (SECRET, PASSWORD, TOKEN, KEY, CREDENTIAL, PRIVATE), like the compute layer\'s own guard.' },
  { topic: 'checkov CKV_AWS_133 passes any backup retention above 0', resolution: 'HAPI-RDS-04 wants at least 7 days (FSBP RDS.11 default, and the guide\'s 7).' },
];

/** The Markdown catalogue. */
export function renderCatalogue(rules: readonly Rule[] = DEFAULT_PACK.rules): string {
  const out: string[] = [];
  out.push('# Policy rules', '');
  out.push('<!-- Generated by `npm run build && node dist/scripts/audit.js --catalogue docs/policy-rules.md`; a test keeps it in sync. -->', '');
  out.push(
    `${rules.length} rules run on every synth (modules/policy/rules, one file per rule). Errors fail the synth of environments whose \`policy.failOnError\` is on (production by default); elsewhere they are printed as warnings. \`npm run audit\` writes the full reports.`,
    '',
    'CIS control numbers follow the CIS AWS Foundations Benchmark v3.0.0 (the version Security Hub runs); FSBP IDs are Security Hub control IDs. "Deploy model" rules (HAPI-XACC-*) check the multi-account model of docs/deploy.md across stacks: every stack reaches its state bucket, state key and hosted zone with the credentials it declares.',
    '',
    'A failure becomes **relaxed** when the rule lists the relaxation the environment declares (the relaxation\'s reason is shown), and **suppressed** when `policy.suppressions` covers it (rule, optional resource address, optional shared `stack`, mandatory reason). A suppression that covers nothing, or names an unknown rule, is itself an error (HAPI-POLICY-01, HAPI-POLICY-02).',
    '',
    '## Rules',
    '',
    '| ID | Rule | Severity | Resource types | Security guide | FSBP | CIS | checkov | Deploy model | Relaxed by | Fix |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const r of rules) {
    const types = r.resourceTypes.length ? r.resourceTypes.map((t) => `\`${t}\``).join(', ') : '(stack)';
    out.push(
      `| ${r.id} | ${tableCell(r.title)} | ${r.severity} | ${types}${r.stackKinds ? ` (${r.stackKinds.join(', ')} stacks)` : ''} | ${tableCell(sources(r, 'seed-checklist'))} | ${sources(r, 'fsbp')} | ${sources(r, 'cis')} | ${sources(r, 'checkov')} | ${tableCell(sources(r, 'deploy'))} | ${(r.relaxedBy ?? []).join(', ')} | ${tableCell(r.fix)} |`,
    );
  }
  out.push('', '### Relaxations and the rules they excuse', '', '| Relaxation | Effect | Allowed in production | Rules reported "relaxed" instead of failing |', '|---|---|---|---|');
  for (const name of RELAXATION_NAMES) {
    const excused = rules.filter((r) => (r.relaxedBy ?? []).includes(name)).map((r) => r.id);
    out.push(`| ${name} | ${tableCell(RELAXATIONS[name].effect)} | ${RELAXATIONS[name].allowedInProduction ? 'yes' : 'no'} | ${excused.join(', ')} |`);
  }
  out.push('', '### Notes on individual rules', '');
  for (const r of rules.filter((x) => x.notes)) out.push(`- **${r.id}**: ${r.notes}`);
  out.push('', '### Actions allowed on `"Resource": "*"` (HAPI-IAM-03)', '', 'These actions support no resource-level permissions, so `*` is their only valid resource:', '', '| Action | Why we use it |', '|---|---|');
  for (const [a, why] of Object.entries(UNSCOPABLE_ACTIONS)) out.push(`| \`${a}\` | ${tableCell(why)} |`);
  out.push('| `ec2:Describe*` | Describe actions are never resource-scoped |');
  out.push(
    '',
    '## Adding a rule',
    '',
    '1. One file `modules/policy/rules/<service>/<service>-<nn>-<slug>.ts` exporting `rule` (built with `resourceRule` or `stackRule` from `modules/policy/dsl.ts`, reading the JSON through `modules/policy/tf-json.ts`): ID `HAPI-<SERVICE>-<NN>` (never renumbered), title, severity, resource types, sources, fix, and `relaxedBy` when an environment relaxation legitimately excuses it.',
    '2. Regenerate the registry (`modules/policy/rules/index.ts` and `ids.ts`): `npm run build && node dist/scripts/audit.js --registry`. A new service folder also goes into a pack (`modules/policy/packs/helloapi.ts`); tests fail until both are done.',
    '3. Add its failing mutation to `__tests__/policy/cases.ts` (the compliant fixtures are the passing case); the meta-tests fail until you do.',
    '4. Regenerate this file: `npm run build && node dist/scripts/audit.js --catalogue docs/policy-rules.md`.',
  );
  out.push('', '## The security guide\'s checklist', '', '| Section | Item | Decided by |', '|---|---|---|');
  for (const c of CHECKLIST) out.push(`| ${c.section} | ${tableCell(c.item)} | ${c.rules.length ? c.rules.join(', ') : `not computed: ${tableCell(c.outOfScope ?? '')}`} |`);
  out.push('', '## Controls deliberately not implemented', '', '| Controls | Why |', '|---|---|');
  for (const n of NOT_IMPLEMENTED) out.push(`| ${tableCell(n.controls)} | ${tableCell(n.why)} |`);
  out.push('', '## Where the sources are wrong or conflict', '', '| Topic | What we do |', '|---|---|');
  for (const c of CONFLICTS) out.push(`| ${tableCell(c.topic)} | ${tableCell(c.resolution)} |`);
  return out.join('\n') + '\n';
}
