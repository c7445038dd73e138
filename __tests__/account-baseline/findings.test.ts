import { AccountBaseline, AccountBaselineProps, accountBaselinePropsProblems } from '../../modules/account-baseline';
import { ReadableStack } from '../../modules/core/addressing';
import { environmentStackNames } from '../support/environments';
import { synthStack, committedStacks } from '../support/synth';

const ACCOUNT = '123456789012';
const TOPIC = '${aws_sns_topic.baseline_findings_topic.arn}';
const base: AccountBaselineProps = { name: 'helloapi-account-test', accountId: ACCOUNT, region: 'us-east-1' };

function synthBaseline(overrides: Partial<AccountBaselineProps> = {}) {
  return synthStack((s: ReadableStack) => void new AccountBaseline(s, 'baseline', { ...base, ...overrides }));
}

describe('findings routed once per account by the baseline', () => {
  const stack = synthBaseline({ findingAlerts: { emails: ['ops@example.com'], httpsEndpoints: ['https://hooks.example.com/T0KEN'] } });

  it('owns a KMS-encrypted findings topic whose key lets EventBridge encrypt (no source condition: SNS does not support one for EventBridge)', () => {
    expect(stack.resource('aws_sns_topic', 'baseline_findings_topic')).toMatchObject({ name: 'helloapi-account-test-findings', kms_master_key_id: '${aws_kms_key.baseline_findings_kms_key.arn}' });
    const key = stack.resource<Record<string, any>>('aws_kms_key', 'baseline_findings_kms_key');
    expect(key).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    expect(JSON.parse(key.policy).Statement).toEqual([
      expect.objectContaining({ Sid: 'AccountAdministers', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }),
      { Sid: 'eventsUse', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' },
    ]);
  });

  it('lets only EventBridge rules of this account publish, and nobody without TLS (the monitoring topic\'s policies)', () => {
    const policy = stack.resource<Record<string, any>>('aws_sns_topic_policy', 'baseline_findings_topic_policy');
    const bySid = Object.fromEntries(JSON.parse(policy.policy).Statement.map((s: any) => [s.Sid, s]));
    expect(Object.keys(bySid)).toEqual(['AccountManages', 'EventBridgeRulesPublish', 'DenyInsecureTransport']);
    expect(bySid.EventBridgeRulesPublish.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': `arn:aws:events:us-east-1:${ACCOUNT}:rule/*` } });
    expect(bySid.DenyInsecureTransport).toMatchObject({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  it('forwards GuardDuty (>= 7) and Security Hub (new CRITICAL/HIGH, GuardDuty copies excluded) findings to it, after its policy exists', () => {
    const rules = stack.resources<Record<string, any>>('aws_cloudwatch_event_rule');
    expect(Object.keys(rules)).toEqual(['baseline_guardduty_findings', 'baseline_securityhub_findings']);
    expect(JSON.parse(rules.baseline_guardduty_findings.event_pattern).detail).toEqual({ severity: [{ numeric: ['>=', 7] }] });
    expect(JSON.parse(rules.baseline_securityhub_findings.event_pattern).detail.findings.ProductName).toEqual([{ 'anything-but': 'GuardDuty' }]);
    for (const t of Object.values(stack.resources<Record<string, any>>('aws_cloudwatch_event_target'))) {
      expect(t).toMatchObject({ arn: TOPIC, depends_on: ['aws_sns_topic_policy.baseline_findings_topic_policy'] });
    }
  });

  it('subscribes the given addresses (HTTPS by position: URLs may carry tokens)', () => {
    const subs = stack.resources<Record<string, any>>('aws_sns_topic_subscription');
    expect(Object.entries(subs).map(([id, s]) => [id, s.protocol, s.topic_arn])).toEqual([
      ['baseline_findings_email_ops_example_com', 'email', TOPIC],
      ['baseline_findings_https_0', 'https', TOPIC],
    ]);
  });

  it('can be turned off, and checks its severity and URLs', () => {
    const off = synthBaseline({ findingAlerts: false });
    expect([off.count('aws_cloudwatch_event_rule'), off.count('aws_sns_topic')]).toEqual([0, 0]);
    expect(accountBaselinePropsProblems({ ...base, findingAlerts: { guardDutyMinSeverity: 11, httpsEndpoints: ['http://x/secret'] } }).map((p) => p.prop)).toEqual([
      'findingAlerts.guardDutyMinSeverity',
      'findingAlerts.httpsEndpoints.0',
    ]);
  });
});

describe('findings in the committed environments', () => {
  const stacks = committedStacks();
  const findingRules = (name: string) => Object.values(stacks.get(name)!.resources<Record<string, any>>('aws_cloudwatch_event_rule')).filter((r) => /aws\.(guardduty|securityhub)/.test(r.event_pattern ?? ''));

  it('are routed by each account stack only, once, never by an environment stack', () => {
    for (const env of environmentStackNames()) expect({ env, rules: findingRules(env).length }).toEqual({ env, rules: 0 });
    const baselines = [...stacks.keys()].filter((n) => n.includes('-account-'));
    expect(baselines.length).toBeGreaterThan(0);
    for (const b of baselines) expect({ b, rules: findingRules(b).length }).toEqual({ b, rules: 2 });
  });

  it('reach every alarm subscriber of the covered environments, each address once (dev and staging share one)', () => {
    const endpoints = (name: string) => Object.values(stacks.get(name)!.resources<Record<string, any>>('aws_sns_topic_subscription')).map((s) => s.endpoint);
    expect(endpoints('helloapi-account-nonprod')).toEqual(['platform-alerts@example.com']);
    expect(endpoints('helloapi-account-prod').sort()).toEqual(['oncall@example.com', 'platform-alerts@example.com']);
  });
});
