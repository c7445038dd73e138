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

  it('fails the account stack when a source reaches no topic', () => {
    const j = accountStack();
    delete j.resource.aws_cloudwatch_event_target.baseline_guardduty_findings_to_topic;
    expect(run('account', j)).toEqual([['fail', 'aws.guardduty findings reach no SNS topic']]);
  });
});
