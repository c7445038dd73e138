/** The encrypted alert topic: its key, its policy (who may publish) and its subscribers. */
import { Construct } from 'constructs';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { arnPrefix } from '../core/context';
import { denyInsecureTransport, policyDocument } from '../core/iam';
import { SecureKey } from '../core/kms';
import type { MonitoringProps } from './props';

/**
 * `kms`: CloudWatch alarms and EventBridge encrypt messages to the topic with this key: both services
 * get kms:GenerateDataKey* and kms:Decrypt. CloudWatch only on behalf of this account
 * (aws:SourceAccount). EventBridge without that condition: the SNS developer guide states that
 * aws:SourceAccount / aws:SourceArn in a KMS key policy are not supported for EventBridge-to-encrypted
 * topics (every finding would be dropped silently). Who may publish is still limited by the topic
 * policy (EventBridge rules of this account only).
 */
export function alertKey(scope: Construct, props: MonitoringProps): SecureKey {
  return new SecureKey(scope, 'kms', {
    name: props.name,
    accountId: props.accountId,
    region: props.region,
    partition: props.partition ?? 'aws',
    tags: props.tags,
    purpose: 'alerts',
    servicePrincipals: ['cloudwatch.amazonaws.com'],
    extraStatements: [
      {
        Sid: 'eventsUse',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
      },
    ],
    preventDestroy: props.preventDestroy ?? true,
  });
}

/** `topic` (`<name>-alerts`) and `topic_policy`: the account manages it; CloudWatch alarms and EventBridge rules of this account publish, over TLS only. */
export function alertTopic(scope: Construct, props: MonitoringProps, key: SecureKey): { topic: SnsTopic; policy: SnsTopicPolicy } {
  const topic = new SnsTopic(scope, 'topic', { name: `${props.name}-alerts`, kmsMasterKeyId: key.arn, tags: props.tags });
  const topicArn = topic.arn;
  const publisher = (Sid: string, service: string, sourceArn: string) => ({
    Sid,
    Effect: 'Allow' as const,
    Principal: { Service: service },
    Action: 'sns:Publish',
    Resource: topicArn,
    Condition: { StringEquals: { 'aws:SourceAccount': props.accountId }, ArnLike: { 'aws:SourceArn': sourceArn } },
  });
  const policy = new SnsTopicPolicy(scope, 'topic_policy', {
    arn: topicArn,
    policy: policyDocument([
      {
        Sid: 'AccountManages',
        Effect: 'Allow',
        Principal: { AWS: `arn:${props.partition ?? 'aws'}:iam::${props.accountId}:root` },
        Action: [
          'sns:GetTopicAttributes',
          'sns:SetTopicAttributes',
          'sns:AddPermission',
          'sns:RemovePermission',
          'sns:DeleteTopic',
          'sns:Subscribe',
          'sns:ListSubscriptionsByTopic',
          'sns:Publish',
        ],
        Resource: topicArn,
      },
      publisher('CloudWatchAlarmsPublish', 'cloudwatch.amazonaws.com', `${arnPrefix(props, 'cloudwatch')}:alarm:*`),
      publisher('EventBridgeRulesPublish', 'events.amazonaws.com', `${arnPrefix(props, 'events')}:rule/*`),
      denyInsecureTransport('sns:Publish', topicArn),
    ]),
  });
  return { topic, policy };
}

/** `email_<address>`, `https_<i>` (URLs can carry tokens: the address uses the position, never the URL), `subscription_<i>`. */
export function topicSubscriptions(scope: Construct, props: MonitoringProps, topicArn: string): SnsTopicSubscription[] {
  return [
    ...(props.alarmEmails ?? []).map(
      (email) => new SnsTopicSubscription(scope, `email_${email.replace(/[^A-Za-z0-9]+/g, '_')}`, { topicArn, protocol: 'email', endpoint: email }),
    ),
    ...(props.alarmHttpsEndpoints ?? []).map((url, i) => new SnsTopicSubscription(scope, `https_${i}`, { topicArn, protocol: 'https', endpoint: url })),
    ...(props.extraSubscriptions ?? []).map(
      (s, i) => new SnsTopicSubscription(scope, `subscription_${i}`, { topicArn, protocol: s.protocol, endpoint: s.endpoint, subscriptionRoleArn: s.subscriptionRoleArn }),
    ),
  ];
}
