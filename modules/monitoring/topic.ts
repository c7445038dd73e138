/** The encrypted alert topic: its key, its policy (who may publish) and its subscribers. */
import { Construct } from 'constructs';
import { TerraformProvider, Token } from 'cdktf';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { LayerBaseProps } from '../core/context';
import { EncryptedTopic, encryptedTopic } from '../core/topic';
import { findingsRulesWanted } from './findings-rules';
import type { MonitoringProps } from './props';

/**
 * `kms` (the alert key), `topic` (`<name>-alerts`) and `topic_policy`: core's encrypted topic, published to by
 * CloudWatch alarms of this account, over TLS only; CloudWatch uses the key only on behalf of this account
 * (aws:SourceAccount).
 *
 * EventBridge may publish (topic policy) and use the key (EVENTBRIDGE_KEY_STATEMENT, without a source condition: one
 * would drop every event silently) only when this layer's own rules publish here, i.e. `securityFindings` asks for
 * findings rules (`findingsRulesWanted`). Least privilege: the account baseline routes findings once per account,
 * and no other EventBridge rule of an environment targets this topic (the rotation redeploy's rule starts a state
 * machine; its failure alarms publish through CloudWatch).
 */
export function alertTopic(scope: Construct, props: MonitoringProps): EncryptedTopic {
  return encryptedTopic(scope, {
    ...layerBase(props),
    topicName: `${props.name}-alerts`,
    purpose: 'alerts',
    publishers: findingsRulesWanted(props.securityFindings) ? ['cloudwatch', 'events'] : ['cloudwatch'],
    ids: { key: 'kms', topic: 'topic', policy: 'topic_policy' },
    preventDestroy: props.preventDestroy ?? true,
  });
}

/**
 * The topic the CloudFront web ACL's alarm notifies. That alarm lives in us-east-1 (where WAF publishes a CLOUDFRONT
 * web ACL's metrics), and a CloudWatch alarm's SNS action must be a topic of the alarm's own region (PutMetricAlarm,
 * AlarmActions: `arn:aws:sns:region:account-id:sns-topic-name`,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html; a topic of another
 * region is refused with "ValidationError: Invalid region <topic region> specified. Only <alarm region> is
 * supported."). In us-east-1
 * that is the alert topic itself; elsewhere a twin in us-east-1 (`global_kms`, `global_topic`
 * `<name>-alerts-us-east-1`, `global_topic_policy`, CloudWatch alarms only) with the same subscribers
 * (`global_<subscription id>`). A region given as a Terraform expression (the published module) gets the twin.
 */
export function globalAlertTopic(scope: Construct, props: MonitoringProps, regional: EncryptedTopic, provider: TerraformProvider): { topic: EncryptedTopic; subscriptions: SnsTopicSubscription[] } {
  if (!Token.isUnresolved(props.region) && props.region === 'us-east-1') return { topic: regional, subscriptions: [] };
  const topic = encryptedTopic(scope, {
    ...layerBase(props),
    region: 'us-east-1',
    topicName: `${props.name}-alerts-us-east-1`,
    purpose: 'alerts-us-east-1',
    publishers: ['cloudwatch'],
    ids: { key: 'global_kms', topic: 'global_topic', policy: 'global_topic_policy' },
    preventDestroy: props.preventDestroy ?? true,
    provider,
  });
  return { topic, subscriptions: topicSubscriptions(scope, props, topic.topic.arn, { idPrefix: 'global_', provider }) };
}

function layerBase(props: MonitoringProps): LayerBaseProps {
  return { name: props.name, accountId: props.accountId, region: props.region, partition: props.partition ?? 'aws', tags: props.tags };
}

/**
 * `email_<address>`, `https_<i>` (URLs can carry tokens: the address uses the position, never the URL), `subscription_<i>`,
 * each id prefixed with `idPrefix` (the us-east-1 twin: `global_`).
 */
export function topicSubscriptions(scope: Construct, props: MonitoringProps, topicArn: string, at: { idPrefix?: string; provider?: TerraformProvider } = {}): SnsTopicSubscription[] {
  const p = at.idPrefix ?? '';
  const provider = at.provider;
  return [
    ...(props.alarmEmails ?? []).map(
      (email) => new SnsTopicSubscription(scope, `${p}email_${email.replace(/[^A-Za-z0-9]+/g, '_')}`, { topicArn, protocol: 'email', endpoint: email, provider }),
    ),
    ...(props.alarmHttpsEndpoints ?? []).map((url, i) => new SnsTopicSubscription(scope, `${p}https_${i}`, { topicArn, protocol: 'https', endpoint: url, provider })),
    ...(props.extraSubscriptions ?? []).map(
      (s, i) => new SnsTopicSubscription(scope, `${p}subscription_${i}`, { topicArn, protocol: s.protocol, endpoint: s.endpoint, subscriptionRoleArn: s.subscriptionRoleArn, provider }),
    ),
  ];
}
