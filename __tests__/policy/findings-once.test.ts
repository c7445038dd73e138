import { evaluateStack } from '../../modules/policy/engine';
import { rule } from '../../modules/policy/rules/acct/acct-07-findings-alerting';
import { accountStack, environmentStack, fixtureTarget, Json } from './fixtures';

const run = (kind: 'account' | 'environment', json: Json) => evaluateStack(json, fixtureTarget(kind), [rule]).results.map((r) => [r.status, r.message]);

describe('HAPI-ACCT-07 findings once per account', () => {
  it('passes on the account stack routing both sources to its encrypted topic, and says nothing on an environment that does not route them', () => {
    expect(run('account', accountStack())).toEqual([['pass', expect.any(String)]]);
    expect(run('environment', environmentStack())).toEqual([]);
  });

  it('fails an environment stack that routes findings itself (one more alert per environment of the account)', () => {
    const j = environmentStack();
    j.resource.aws_cloudwatch_event_rule = { monitoring_guardduty_findings: { event_pattern: JSON.stringify({ source: ['aws.guardduty'] }) } };
    expect(run('environment', j)).toEqual([['fail', expect.stringContaining('routes aws.guardduty findings per environment')]]);
  });

  it('fails the account stack when the topic key does not let EventBridge use it (delivery would fail)', () => {
    const j = accountStack();
    const key = j.resource.aws_kms_key.baseline_findings_kms_key;
    const doc = JSON.parse(key.policy);
    key.policy = JSON.stringify({ ...doc, Statement: doc.Statement.filter((s: any) => s.Sid !== 'eventsUse') });
    expect(run('account', j)).toEqual([['fail', expect.stringContaining("baseline_findings_topic's key does not let events.amazonaws.com use it")]]);
  });

  describe("the findings topic's key policy, evaluated for events.amazonaws.com (conditions and Deny statements included)", () => {
    const KEY = 'baseline_findings_kms_key';
    /** The account fixture with the key policy's eventsUse statement replaced by `events` and `extra` added. */
    const withKeyPolicy = (events: Record<string, unknown> | undefined, ...extra: Record<string, unknown>[]) => {
      const j = accountStack();
      const key = j.resource.aws_kms_key[KEY];
      const doc = JSON.parse(key.policy);
      key.policy = JSON.stringify({ ...doc, Statement: [...doc.Statement.filter((s: any) => s.Sid !== 'eventsUse'), ...(events ? [events] : []), ...extra] });
      return j;
    };
    const eventsUse = { Sid: 'eventsUse', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' };
    const refused = ['fail', expect.stringContaining("baseline_findings_topic's key does not let events.amazonaws.com use it")];

    it.each([
      // SNS: aws:SourceAccount / aws:SourceArn are not supported in the key policy for EventBridge: every event dropped.
      ['an aws:SourceAccount condition', { ...eventsUse, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } }],
      ['an aws:SourceArn condition', { ...eventsUse, Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:events:us-east-1:111111111111:rule/*' } } }],
      ['a condition on a key the rule cannot know', { ...eventsUse, Condition: { StringEquals: { 'kms:ViaService': 'sns.us-east-1.amazonaws.com' } } }],
      ['only Decrypt', { ...eventsUse, Action: 'kms:Decrypt' }],
      ['another service only', { ...eventsUse, Principal: { Service: 'cloudwatch.amazonaws.com' } }],
    ])('fails with %s on the EventBridge statement', (_what, statement) => {
      expect(run('account', withKeyPolicy(statement))).toEqual([refused]);
    });

    it.each([
      ['denying EventBridge', { Sid: 'NoEvents', Effect: 'Deny', Principal: { Service: 'events.amazonaws.com' }, Action: 'kms:*', Resource: '*' }],
      ['denying everyone GenerateDataKey', { Sid: 'NoDataKeys', Effect: 'Deny', Principal: '*', Action: 'kms:GenerateDataKey*', Resource: '*' }],
      [
        'denying everyone outside a condition EventBridge may not meet',
        { Sid: 'OnlyViaS3', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { StringNotEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } },
      ],
      [
        'denying everyone whose aws:SourceAccount is not this account (absent for EventBridge: the Deny applies)',
        { Sid: 'OnlyOurAccount', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceAccount': '111111111111' } } },
      ],
    ])('fails with a Deny %s, though the Allow is there', (_what, deny) => {
      const results = run('account', withKeyPolicy(eventsUse, deny));
      expect(results).toEqual([refused]);
      expect(results[0][1]).toMatch(/kms:GenerateDataKey on aws_kms_key.baseline_findings_kms_key (is|may be) denied by its policy "/);
    });

    it.each([
      ['no condition, kms:*', { ...eventsUse, Action: 'kms:*' }],
      ['a condition that holds when the source keys are absent (IfExists)', { ...eventsUse, Condition: { StringEqualsIfExists: { 'aws:SourceAccount': '111111111111' } } }],
      ['a Null condition on aws:SourceArn', { ...eventsUse, Condition: { Null: { 'aws:SourceArn': 'true' } } }],
    ])('passes with %s', (_what, statement) => {
      expect(run('account', withKeyPolicy(statement))).toEqual([['pass', expect.any(String)]]);
    });

    it('passes with Deny statements that do not reach EventBridge (another principal, another action)', () => {
      const denies = [
        { Sid: 'NoRole', Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111111111111:role/intruder' }, Action: 'kms:*', Resource: '*' },
        { Sid: 'NoDeletion', Effect: 'Deny', Principal: '*', Action: 'kms:ScheduleKeyDeletion', Resource: '*' },
      ];
      expect(run('account', withKeyPolicy(eventsUse, ...denies))).toEqual([['pass', expect.any(String)]]);
    });
  });

  it('fails the account stack when the findings topic has no subscription (findings reach nobody)', () => {
    const j = accountStack();
    delete j.resource.aws_sns_topic_subscription.baseline_findings_email_ops;
    expect(run('account', j)).toEqual([['fail', expect.stringContaining('baseline_findings_topic has no subscription in this stack: findings reach nobody')]]);
  });

  it('fails the account stack when a source reaches no topic', () => {
    const j = accountStack();
    delete j.resource.aws_cloudwatch_event_target.baseline_guardduty_findings_to_topic;
    expect(run('account', j)).toEqual([['fail', 'aws.guardduty findings reach no SNS topic']]);
  });
});
