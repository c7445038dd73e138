import { evaluateStack } from '../../modules/policy/engine';
import { rule } from '../../modules/policy/rules/cw/cw-03-failed-logins';
import { environmentStack, fixtureTarget, Json } from './fixtures';

const filter = (j: Json) => j.resource.aws_cloudwatch_log_metric_filter.monitoring_failed_logins_filter;
const alarm = (j: Json) => j.resource.aws_cloudwatch_metric_alarm.monitoring_failed_logins;
const run = (edit: (j: Json) => void) => {
  const j = environmentStack();
  edit(j);
  return evaluateStack(j, fixtureTarget('environment'), [rule]).results.map((r) => [r.status, r.message]);
};

describe('HAPI-CW-03 failed logins, per environment', () => {
  it('passes on the environment\'s own namespace, the filter feeding the alarm', () => {
    expect(run(() => undefined)).toEqual([['pass', expect.stringContaining('CustomMetrics/fixture')]]);
  });

  it('fails on the seed\'s bare namespace without a dimension: environments of one account would share it', () => {
    expect(run((j) => ((filter(j).metric_transformation.namespace = 'CustomMetrics'), (alarm(j).namespace = 'CustomMetrics')))).toEqual([
      ['fail', expect.stringContaining('every environment of the account shares the metric')],
    ]);
  });

  it('accepts the bare namespace with a dimension, when the alarm names the same dimension', () => {
    const dimensioned = (j: Json) => {
      filter(j).metric_transformation.namespace = 'CustomMetrics';
      filter(j).metric_transformation.dimensions = { Environment: '$.environment' };
      alarm(j).namespace = 'CustomMetrics';
    };
    expect(run(dimensioned)).toEqual([['fail', expect.stringContaining('has dimensions []')]]);
    expect(run((j) => (dimensioned(j), (alarm(j).dimensions = { Environment: 'prod' })))).toEqual([['pass', expect.any(String)]]);
  });

  it('fails when the alarm watches another namespace than the filter publishes to', () => {
    expect(run((j) => (alarm(j).namespace = 'CustomMetrics/other'))).toEqual([['fail', expect.stringContaining('watches CustomMetrics/other')]]);
  });

  it('fails without the filter or the alarm', () => {
    expect(run((j) => delete j.resource.aws_cloudwatch_log_metric_filter)).toEqual([['fail', 'no FailedLoginCount metric filter']]);
  });
});
