import { createAwsProvider } from '../../modules/stacks/providers';
import { Monitoring, monitoringPropsProblems } from '../../modules/monitoring';
import { providerBlocks } from '../../modules/policy/tf-json';
import { environmentStackNames } from '../support/environments';
import { synthStack, committedStacks } from '../support/synth';
import { LAYERS, TOPIC } from './helpers';

const CF_ACL = 'helloapi-test-cloudfront';

/** The monitoring layer watching a CloudFront web ACL too, in `region`, with the us-east-1 alias the edge layer uses. */
function synthWithCloudFront(region: string) {
  return synthStack(
    (s) => {
      const globalProvider = createAwsProvider(s, 'aws_us_east_1', { region: 'us-east-1', alias: 'us_east_1', accountId: '123456789012', defaultTags: {}, offline: true });
      new Monitoring(s, 'monitoring', {
        name: 'helloapi-test',
        accountId: '123456789012',
        region,
        alarmEmails: ['ops@example.com'],
        alarmHttpsEndpoints: ['https://hooks.example.com/T0KEN'],
        ...LAYERS,
        edge: { ...LAYERS.edge, cloudFrontWebAclName: CF_ACL },
        globalProvider,
      });
    },
    { region },
  );
}

describe('one blocked-requests alarm per web ACL, each in its region', () => {
  it('in us-east-1: the CloudFront ACL alarm is created through the us-east-1 alias, without a Region dimension, to the alert topic', () => {
    const stack = synthWithCloudFront('us-east-1');
    const a = stack.resource<Record<string, any>>('aws_cloudwatch_metric_alarm', 'monitoring_cloudfront_waf_blocked_spike');
    expect(a).toMatchObject({
      provider: 'aws.us_east_1',
      namespace: 'AWS/WAFV2',
      metric_name: 'BlockedRequests',
      dimensions: { WebACL: CF_ACL, Rule: 'ALL' },
      statistic: 'Sum',
      period: 300,
      threshold: 500,
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
    });
    expect(a.dimensions.Region).toBeUndefined();
    // The regional ACL keeps its own alarm, with its Region dimension, through the default provider.
    const regional = stack.resource<Record<string, any>>('aws_cloudwatch_metric_alarm', 'monitoring_waf_blocked_spike');
    expect(regional.dimensions).toEqual({ WebACL: LAYERS.edge.webAclName, Rule: 'ALL', Region: 'us-east-1' });
    expect(regional.provider).toBeUndefined();
    // No second topic where one region suffices.
    expect(Object.keys(stack.resources('aws_sns_topic'))).toEqual(['monitoring_topic']);
  });

  it('elsewhere: a us-east-1 twin of the alert topic (own key, CloudWatch-only, TLS-only, same subscribers) receives it', () => {
    const stack = synthWithCloudFront('eu-west-1');
    const GLOBAL_TOPIC = '${aws_sns_topic.monitoring_global_topic.arn}';
    const a = stack.resource<Record<string, any>>('aws_cloudwatch_metric_alarm', 'monitoring_cloudfront_waf_blocked_spike');
    expect(a).toMatchObject({ provider: 'aws.us_east_1', alarm_actions: [GLOBAL_TOPIC], ok_actions: [GLOBAL_TOPIC], dimensions: { WebACL: CF_ACL, Rule: 'ALL' } });
    expect(stack.resource('aws_sns_topic', 'monitoring_global_topic')).toMatchObject({
      provider: 'aws.us_east_1',
      name: 'helloapi-test-alerts-us-east-1',
      kms_master_key_id: '${aws_kms_key.monitoring_global_kms_key.arn}',
    });
    const key = stack.resource<Record<string, any>>('aws_kms_key', 'monitoring_global_kms_key');
    expect(key.provider).toBe('aws.us_east_1');
    expect(JSON.parse(key.policy).Statement.map((s: any) => s.Principal)).toEqual([{ AWS: 'arn:aws:iam::123456789012:root' }, { Service: 'cloudwatch.amazonaws.com' }]);
    expect(stack.resource('aws_kms_alias', 'monitoring_global_kms_alias')).toMatchObject({ provider: 'aws.us_east_1' });
    const policy = stack.resource<Record<string, any>>('aws_sns_topic_policy', 'monitoring_global_topic_policy');
    expect(policy.provider).toBe('aws.us_east_1');
    const bySid = Object.fromEntries(JSON.parse(policy.policy).Statement.map((s: any) => [s.Sid, s]));
    expect(Object.keys(bySid)).toEqual(['AccountManages', 'CloudWatchAlarmsPublish', 'DenyInsecureTransport']);
    expect(bySid.CloudWatchAlarmsPublish.Condition.ArnLike).toEqual({ 'aws:SourceArn': 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:*' });
    const subs = Object.entries(stack.resources<Record<string, any>>('aws_sns_topic_subscription')).filter(([, s]) => s.topic_arn === GLOBAL_TOPIC);
    expect(subs.map(([id, s]) => [id, s.provider, s.endpoint])).toEqual([
      ['monitoring_global_email_ops_example_com', 'aws.us_east_1', 'ops@example.com'],
      ['monitoring_global_https_0', 'aws.us_east_1', 'https://hooks.example.com/T0KEN'],
    ]);
    // The regional alarms stay on the regional topic.
    expect(stack.resource<Record<string, any>>('aws_cloudwatch_metric_alarm', 'monitoring_waf_blocked_spike').alarm_actions).toEqual([TOPIC]);
  });

  it('refuses a CloudFront web ACL without the us-east-1 provider', () => {
    const problems = monitoringPropsProblems({ name: 'helloapi-test', accountId: '123456789012', region: 'us-east-1', ...LAYERS, edge: { ...LAYERS.edge, cloudFrontWebAclName: CF_ACL } });
    expect(problems).toEqual([expect.objectContaining({ prop: 'globalProvider', message: expect.stringMatching(/^is required with edge.cloudFrontWebAclName/) })]);
  });

  it('in every committed environment: as many WAF alarms as web ACLs, the CloudFront one through the us-east-1 provider (the default one there)', () => {
    const stacks = committedStacks();
    for (const name of environmentStackNames()) {
      const s = stacks.get(name)!;
      // The us-east-1 provider: the default one in an environment in us-east-1, else the alias.
      const defaultRegion = providerBlocks(s.json, 'aws').find((p) => p.alias === undefined)!.region;
      const usEast1 = defaultRegion === 'us-east-1' ? 'aws' : 'aws.us_east_1';
      const acls = Object.entries(s.resources<Record<string, any>>('aws_wafv2_web_acl'));
      const wafAlarms = Object.values(s.resources<Record<string, any>>('aws_cloudwatch_metric_alarm')).filter((a) => a.namespace === 'AWS/WAFV2' && a.metric_name === 'BlockedRequests');
      expect(wafAlarms).toHaveLength(acls.length);
      for (const [id, acl] of acls) {
        const alarm = wafAlarms.find((a) => a.dimensions.WebACL === `\${aws_wafv2_web_acl.${id}.name}`);
        expect(alarm).toBeDefined();
        expect(alarm!.provider).toBe(acl.scope === 'CLOUDFRONT' ? usEast1 : undefined);
        expect('Region' in alarm!.dimensions).toBe(acl.scope !== 'CLOUDFRONT');
      }
    }
  });
});
