import { evaluateStack } from '../../modules/policy/engine';
import { rule } from '../../modules/policy/rules/waf/waf-10-blocked-alarm';
import { environmentStack, fixtureTarget, Json } from './fixtures';

const alarms = (j: Json) => j.resource.aws_cloudwatch_metric_alarm;
const run = (edit: (j: Json) => void) => {
  const j = environmentStack();
  edit(j);
  return evaluateStack(j, fixtureTarget('environment'), [rule]).results.map((r) => [r.subject, r.status, r.message]);
};
/** The environment in eu-west-1 with a us-east-1 alias: the CloudFront ACL's alarm and its topic belong there. */
const euWest1 = (j: Json) => {
  const provider = j.provider as { aws: Record<string, unknown>[] };
  const [main, ...rest] = provider.aws;
  provider.aws = [{ ...main, region: 'eu-west-1' }, ...rest, { alias: 'us_east_1', region: 'us-east-1' }];
  alarms(j).monitoring_waf_blocked_spike.dimensions.Region = 'eu-west-1';
};

describe('HAPI-WAF-10 one blocked-requests alarm per web ACL, in its metrics region', () => {
  it('passes with an alarm per ACL in us-east-1', () => {
    expect(run(() => undefined).map(([, status]) => status)).toEqual(['pass', 'pass']);
  });

  it('fails the CloudFront ACL when only the regional ACL is watched (the defect of issue 17)', () => {
    expect(run((j) => delete alarms(j).monitoring_cloudfront_waf_blocked_spike)).toEqual([
      ['aws_wafv2_web_acl.edge_waf_acl', 'pass', expect.any(String)],
      ['aws_wafv2_web_acl.edge_cdn_waf_acl', 'fail', 'no BlockedRequests alarm on this CLOUDFRONT web ACL'],
    ]);
  });

  it('fails a CloudFront ACL alarm outside us-east-1, or with a Region dimension', () => {
    expect(run(euWest1)[1]).toEqual(['aws_wafv2_web_acl.edge_cdn_waf_acl', 'fail', expect.stringContaining('is in eu-west-1, the ACL\'s metrics in us-east-1')]);
    expect(run((j) => (alarms(j).monitoring_cloudfront_waf_blocked_spike.dimensions.Region = 'us-east-1'))[1]).toEqual([
      'aws_wafv2_web_acl.edge_cdn_waf_acl',
      'fail',
      expect.stringContaining('CloudFront web ACL metrics have none'),
    ]);
  });

  it('fails a us-east-1 alarm notifying a topic of another region, passes with a topic there', () => {
    const inUsEast1 = (j: Json) => (euWest1(j), (alarms(j).monitoring_cloudfront_waf_blocked_spike.provider = 'aws.us_east_1'));
    expect(run(inUsEast1)[1]).toEqual(['aws_wafv2_web_acl.edge_cdn_waf_acl', 'fail', expect.stringContaining('in eu-west-1, another region')]);
    const withTwin = (j: Json) => {
      inUsEast1(j);
      j.resource.aws_sns_topic.monitoring_global_topic = { name: 'fixture-alerts-us-east-1', provider: 'aws.us_east_1' };
      const a = alarms(j).monitoring_cloudfront_waf_blocked_spike;
      a.alarm_actions = a.ok_actions = ['${aws_sns_topic.monitoring_global_topic.arn}'];
    };
    expect(run(withTwin).map(([, status]) => status)).toEqual(['pass', 'pass']);
  });

  it('fails a regional ACL alarm whose Region dimension names another region', () => {
    expect(run((j) => (alarms(j).monitoring_waf_blocked_spike.dimensions.Region = 'eu-west-1'))[0]).toEqual(['aws_wafv2_web_acl.edge_waf_acl', 'fail', expect.stringContaining('has Region eu-west-1')]);
  });
});
