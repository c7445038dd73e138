import { evaluateStack } from '../../modules/policy/engine';
import { rule } from '../../modules/policy/rules/cw/cw-02-golden-signal-alarms';
import { environmentStack, fixtureTarget, Json } from './fixtures';

/** The fixture with every alarm turned into a metric-math alarm: the namespace moves into a metric_query block. */
function metricMathAlarms(namespaceOf: (ns: string) => string): Json {
  const j = environmentStack();
  Object.values(j.resource.aws_cloudwatch_metric_alarm).forEach((a, i) => {
    const metric = { namespace: namespaceOf(a.namespace), metric_name: a.metric_name, period: 300, stat: 'Sum' };
    // cdktf emits the nested metric block as an object; a hand-written override may give a one-element list.
    a.metric_query = [{ id: 'm1', metric: i % 2 ? metric : [metric], return_data: true }];
    delete a.namespace;
    delete a.metric_name;
  });
  return j;
}

describe('HAPI-CW-02 golden-signal alarms', () => {
  it('reads the namespaces of metric-math alarms inside their metric_query blocks', () => {
    const report = evaluateStack(metricMathAlarms((ns) => ns), fixtureTarget('environment'), [rule]);
    expect(report.results.map((r) => r.status)).toEqual(['pass']);
  });

  it('fails when no metric_query names a namespace it needs', () => {
    const report = evaluateStack(metricMathAlarms(() => 'Custom/App'), fixtureTarget('environment'), [rule]);
    expect(report.results.map((r) => [r.status, r.message])).toEqual([['fail', 'no alarm on load balancer (AWS/ApplicationELB), service (AWS/ECS or ECS/ContainerInsights), database (AWS/RDS)']]);
  });
});
