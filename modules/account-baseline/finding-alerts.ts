/**
 * GuardDuty and Security Hub findings to people, once per account: the baseline's own KMS-encrypted, TLS-only
 * findings topic (core's encrypted topic, EventBridge rules of this account publish) and the EventBridge rules.
 * Findings are account-wide events; routing them from each environment's monitoring layer alerted once per
 * environment of the account.
 */
import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { EncryptedTopic, encryptedTopic } from '../core/topic';
import { findingsRules } from '../monitoring/findings-rules';
import type { SecurityFindingAlerts } from '../monitoring/props';
import type { AccountBaselineProps } from './index';
import type { BaselineSettings } from './settings';

/** Where the account's findings go and which ones. */
export interface BaselineFindingAlerts extends SecurityFindingAlerts {
  /**
   * Email addresses subscribed to the findings topic (each confirms once). The account stack subscribes the alarm
   * subscribers of every environment it covers that keeps `monitoring.securityFindingAlerts` on.
   * @default []
   */
  readonly emails?: string[];
  /**
   * HTTPS endpoints (chat webhook relays, incident tools) subscribed to the findings topic.
   * @default []
   */
  readonly httpsEndpoints?: string[];
}

export interface FindingAlertResources {
  /** The findings topic, its key and its policy. */
  readonly topic: EncryptedTopic;
  /** Its email and HTTPS subscriptions. */
  readonly subscriptions: SnsTopicSubscription[];
  /** The GuardDuty and Security Hub findings rules (each with its target on the topic). */
  readonly rules: CloudwatchEventRule[];
}

/**
 * `findings_kms`, `findings_topic` (`<name>-findings`), `findings_topic_policy`, the subscriptions
 * (`findings_email_<address>`, `findings_https_<i>`: URLs may carry tokens, the address uses the position) and the
 * rules `guardduty_findings` / `securityhub_findings` with their `<id>_to_topic` targets. The key lets
 * events.amazonaws.com use it (EventBridge cannot deliver to an encrypted topic otherwise; see core/topic.ts for
 * the documentation and why without a source condition).
 */
export function findingAlerts(scope: Construct, props: AccountBaselineProps, s: BaselineSettings, f: BaselineFindingAlerts): FindingAlertResources {
  const topicName = `${s.name}-findings`;
  const topic = encryptedTopic(scope, {
    name: s.name,
    accountId: s.account,
    region: props.region,
    partition: s.partition,
    tags: s.tags,
    topicName,
    purpose: 'findings',
    publishers: ['events'],
    ids: { key: 'findings_kms', topic: 'findings_topic', policy: 'findings_topic_policy' },
    preventDestroy: s.preventDestroy,
  });
  const topicArn = topic.topic.arn;
  const subscriptions = [
    ...(f.emails ?? []).map(
      (email) => new SnsTopicSubscription(scope, `findings_email_${email.replace(/[^A-Za-z0-9]+/g, '_')}`, { topicArn, protocol: 'email', endpoint: email }),
    ),
    ...(f.httpsEndpoints ?? []).map((url, i) => new SnsTopicSubscription(scope, `findings_https_${i}`, { topicArn, protocol: 'https', endpoint: url })),
  ];
  const rules = findingsRules(scope, { name: s.name, tags: s.tags }, f, { topicArn, topicPolicy: topic.policy, topicName });
  return { topic, subscriptions, rules };
}
