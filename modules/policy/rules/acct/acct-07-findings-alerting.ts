import { at, fail, pass, seed, stackRule } from '../../dsl';
import type { StackView } from '../../stack';
import { providerIdentity, providerRefOf } from '../../access';
import { decide } from '../../iam-eval';
import { parsePolicy, ResourceView } from '../../tf-json';

const SOURCES = ['aws.guardduty', 'aws.securityhub'];

/** The EventBridge rules of a stack matching `source` findings, with the SNS topics their targets deliver to. */
function routes(stack: StackView, source: string): { rule: ResourceView; topics: ResourceView[] }[] {
  return stack
    .resources('aws_cloudwatch_event_rule')
    .filter((r) => String(r.values.event_pattern ?? '').includes(source))
    .map((rule) => ({
      rule,
      topics: stack
        .referencing(rule.address, ['aws_cloudwatch_event_target'], 'rule')
        .map((t) => stack.resolve(t.values.arn))
        .filter((t): t is ResourceView => t?.type === 'aws_sns_topic'),
    }));
}

/**
 * The request context of EventBridge's use of an encrypted topic's key, as far as it is documented: the SNS developer
 * guide states that `aws:SourceAccount` and `aws:SourceArn` are not supported in a KMS key policy for
 * EventBridge-to-encrypted-topic delivery (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services):
 * they are absent (a condition requiring them drops every event). Every other key is unknown, so the evaluator
 * counts an Allow conditioned on it for nothing and a Deny conditioned on it as applying (iam-eval.ts).
 */
const EVENTS_KEY_CONTEXT = { 'aws:SourceAccount': null, 'aws:SourceArn': null } as const;

/**
 * The actions EventBridge needs on the key of an encrypted SNS target (EventBridge User Guide, "Amazon SNS
 * permissions", https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions).
 */
const EVENTS_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];

/**
 * Why EventBridge may not use the topic's key, or undefined when it may (an unencrypted topic, or a key of another
 * stack or an AWS managed key: not ours to judge). The key policy is evaluated as AWS would for events.amazonaws.com
 * acting for this account (iam-eval's `decide`: a Deny that applies or may apply wins; otherwise an Allow whose
 * principal, resource and every condition certainly hold is needed), conservatively: a statement EventBridge's
 * requests may not satisfy never counts as a grant.
 */
function eventsKeyProblem(stack: StackView, topic: ResourceView): string | undefined {
  const key = stack.resolve(topic.values.kms_master_key_id);
  if (key?.type !== 'aws_kms_key') return undefined;
  const statements = parsePolicy(key.values.policy);
  if (statements === undefined) return `${key.address}'s policy is not literal JSON: cannot tell whether events.amazonaws.com may use it`;
  const sources = [{ label: 'its policy', statements }];
  // EventBridge acting for the key's account (the account matters to no condition EVENTS_KEY_CONTEXT knows).
  const caller = { account: providerIdentity(stack.json, providerRefOf(key.values)).account ?? 'this account', service: 'events.amazonaws.com' };
  const refused = EVENTS_KEY_ACTIONS.map((action) => decide(sources, { action, resource: key.address, context: EVENTS_KEY_CONTEXT }, caller)).filter((d) => !d.allowed);
  return refused.length ? refused.map((d) => d.detail).join('; ') : undefined;
}

/** The topic's subscriptions in this stack (a topic nobody subscribes to delivers findings to nobody). */
function subscriptions(stack: StackView, topic: ResourceView): ResourceView[] {
  return stack.referencing(topic.address, ['aws_sns_topic_subscription'], 'topic_arn');
}

/**
 * GuardDuty and Security Hub findings are account-wide: the account baseline routes them once, to an SNS topic that
 * EventBridge can encrypt for (EventBridge User Guide, "Amazon SNS permissions": its key policy, conditions and
 * Deny statements included, `eventsKeyProblem`) and somebody subscribes to; an environment stack routing them too
 * alerts once more per environment of the account.
 */
export const rule = stackRule({
  id: 'HAPI-ACCT-07',
  title: 'GuardDuty and Security Hub findings reach an alert topic once per account (the account baseline)',
  severity: 'warning',
  resourceTypes: ['aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target', 'aws_sns_topic', 'aws_kms_key', 'aws_sns_topic_subscription'],
  stackKinds: ['account', 'environment'],
  sources: [seed('Monitoring and alerting setup')],
  fix: 'Route findings in the account baseline (AccountBaseline findingAlerts: EventBridge rules for aws.guardduty and aws.securityhub to its encrypted findings topic, whose key allows events.amazonaws.com without aws:SourceAccount/aws:SourceArn conditions or a Deny that applies to it, and which has at least one subscription); not in the environments (monitoring securityFindings off).',
  check(stack) {
    if (stack.target.kind === 'environment') {
      const duplicated = SOURCES.filter((s) => routes(stack, s).length > 0);
      return duplicated.length ? [at(undefined, fail(`routes ${duplicated.join(', ')} findings per environment: the account baseline routes them once per account`))] : [];
    }
    if (stack.resources('aws_guardduty_detector', 'aws_securityhub_account').length === 0) return [];
    const problems: string[] = [];
    for (const source of SOURCES) {
      const topics = routes(stack, source).flatMap((r) => r.topics);
      if (topics.length === 0) problems.push(`${source} findings reach no SNS topic`);
      for (const t of topics) {
        const why = eventsKeyProblem(stack, t);
        if (why) problems.push(`${t.address}'s key does not let events.amazonaws.com use it (kms:GenerateDataKey*, kms:Decrypt): delivery fails (${why})`);
        if (subscriptions(stack, t).length === 0)
          problems.push(`${t.address} has no subscription in this stack: findings reach nobody (subscribe the alarm subscribers, findingAlerts emails or httpsEndpoints; suppress with a reason when it is subscribed elsewhere)`);
      }
    }
    return [at(undefined, problems.length ? fail([...new Set(problems)].join('; ')) : pass('GuardDuty and Security Hub findings routed to SNS once, for the account'))];
  },
});
