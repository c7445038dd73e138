import { at, fail, pass, seed, stackRule } from '../../dsl';
import type { StackView } from '../../stack';
import { parsePolicy, principals, ResourceView } from '../../tf-json';

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

/** Whether EventBridge may use the topic's key (an encrypted topic's key of this stack must allow events.amazonaws.com, or delivery fails). */
function eventsMayEncrypt(stack: StackView, topic: ResourceView): boolean {
  const key = stack.resolve(topic.values.kms_master_key_id);
  if (key?.type !== 'aws_kms_key') return true;
  const stmts = parsePolicy(key.values.policy) ?? [];
  return stmts.some((s) => {
    if (s.Effect !== 'Allow' || !principals(s.Principal).includes('Service:events.amazonaws.com')) return false;
    const actions = ([] as string[]).concat(s.Action as string | string[]);
    return actions.some((a) => a === 'kms:*' || a.startsWith('kms:GenerateDataKey')) && actions.some((a) => a === 'kms:*' || a === 'kms:Decrypt');
  });
}

/**
 * GuardDuty and Security Hub findings are account-wide: the account baseline routes them once, to an SNS topic that
 * EventBridge can encrypt for (EventBridge User Guide, "Amazon SNS permissions"); an environment stack routing them
 * too alerts once more per environment of the account.
 */
export const rule = stackRule({
  id: 'HAPI-ACCT-07',
  title: 'GuardDuty and Security Hub findings reach an alert topic once per account (the account baseline)',
  severity: 'warning',
  resourceTypes: ['aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target', 'aws_sns_topic', 'aws_kms_key'],
  stackKinds: ['account', 'environment'],
  sources: [seed('Monitoring and alerting setup')],
  fix: 'Route findings in the account baseline (AccountBaseline findingAlerts: EventBridge rules for aws.guardduty and aws.securityhub to its encrypted findings topic, whose key allows events.amazonaws.com); not in the environments (monitoring securityFindings off).',
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
      for (const t of topics) if (!eventsMayEncrypt(stack, t)) problems.push(`${t.address}'s key does not let events.amazonaws.com use it (kms:GenerateDataKey*, kms:Decrypt): delivery fails`);
    }
    return [at(undefined, problems.length ? fail([...new Set(problems)].join('; ')) : pass('GuardDuty and Security Hub findings routed to SNS once, for the account'))];
  },
});
