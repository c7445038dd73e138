/**
 * The KMS-encrypted, TLS-only SNS topic every alert path uses (the monitoring layer's alert topic, its us-east-1 twin
 * for CloudFront alarms, the account baseline's findings topic): one key, one topic, one policy, created in the
 * caller's scope with the caller's ids (so moving a topic here never moves its Terraform address).
 */
import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { arnPrefix, LayerBaseProps } from './context';
import { denyInsecureTransport, policyDocument, PolicyStatement } from './iam';
import { SecureKey } from './kms';

/** Which AWS services publish to the topic: CloudWatch alarms and/or EventBridge rules of the account. */
export type TopicPublisher = 'cloudwatch' | 'events';

export interface EncryptedTopicProps extends LayerBaseProps {
  /** The topic's name. */
  readonly topicName: string;
  /** The key's purpose (description and alias `alias/<name>/<purpose>`). */
  readonly purpose: string;
  /** The services that publish (each gets the key and a topic-policy statement). */
  readonly publishers: readonly TopicPublisher[];
  /** Construct ids of the key, the topic and its policy (their Terraform addresses). */
  readonly ids: { readonly key: string; readonly topic: string; readonly policy: string };
  /**
   * lifecycle prevent_destroy on the key.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * The provider to create everything with (e.g. the us-east-1 alias); the key, the topic and the alarms or rules that
   * publish must share a region.
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

export interface EncryptedTopic {
  /** The rotating customer-managed key encrypting the topic. */
  readonly key: SecureKey;
  /** The topic. */
  readonly topic: SnsTopic;
  /** Who may manage and publish (the publishers of this account, over TLS only); publishers should depend on it. */
  readonly policy: SnsTopicPolicy;
}

/**
 * EventBridge's use of the key. EventBridge needs kms:GenerateDataKey and kms:Decrypt on the key of an encrypted
 * topic target (EventBridge User Guide, "Amazon SNS permissions",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions). No source
 * condition: the SNS developer guide states that aws:SourceAccount / aws:SourceArn in a KMS key policy are not
 * supported for EventBridge-to-encrypted-topic delivery (every event would be dropped silently,
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services). Who may
 * publish is still limited by the topic policy (EventBridge rules of this account only).
 */
export const EVENTBRIDGE_KEY_STATEMENT: PolicyStatement = {
  Sid: 'eventsUse',
  Effect: 'Allow',
  Principal: { Service: 'events.amazonaws.com' },
  Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
  Resource: '*',
};

/**
 * The key (rotating CMK; CloudWatch only on behalf of this account, `aws:SourceAccount`; EventBridge as
 * EVENTBRIDGE_KEY_STATEMENT), the topic encrypted with it, and a policy: the account manages it, the publishers of
 * this account (`aws:SourceAccount` + `aws:SourceArn` of `alarm:*` / `rule/*`) publish, nobody without TLS.
 */
export function encryptedTopic(scope: Construct, props: EncryptedTopicProps): EncryptedTopic {
  const cloudwatch = props.publishers.includes('cloudwatch');
  const events = props.publishers.includes('events');
  const key = new SecureKey(scope, props.ids.key, {
    name: props.name,
    accountId: props.accountId,
    region: props.region,
    partition: props.partition ?? 'aws',
    tags: props.tags,
    purpose: props.purpose,
    servicePrincipals: cloudwatch ? ['cloudwatch.amazonaws.com'] : [],
    extraStatements: events ? [EVENTBRIDGE_KEY_STATEMENT] : [],
    preventDestroy: props.preventDestroy ?? true,
  });
  if (props.provider) {
    key.key.provider = props.provider;
    key.alias.provider = props.provider;
  }
  const topic = new SnsTopic(scope, props.ids.topic, { name: props.topicName, kmsMasterKeyId: key.arn, tags: props.tags, provider: props.provider });
  const topicArn = topic.arn;
  const publisher = (Sid: string, service: string, sourceArn: string): PolicyStatement => ({
    Sid,
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 'sns:Publish',
    Resource: topicArn,
    Condition: { StringEquals: { 'aws:SourceAccount': props.accountId }, ArnLike: { 'aws:SourceArn': sourceArn } },
  });
  const policy = new SnsTopicPolicy(scope, props.ids.policy, {
    arn: topicArn,
    provider: props.provider,
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
      ...(cloudwatch ? [publisher('CloudWatchAlarmsPublish', 'cloudwatch.amazonaws.com', `${arnPrefix(props, 'cloudwatch')}:alarm:*`)] : []),
      ...(events ? [publisher('EventBridgeRulesPublish', 'events.amazonaws.com', `${arnPrefix(props, 'events')}:rule/*`)] : []),
      denyInsecureTransport('sns:Publish', topicArn),
    ]),
  });
  return { key, topic, policy };
}
