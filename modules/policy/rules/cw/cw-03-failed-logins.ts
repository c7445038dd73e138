import { at, fail, pass, seed, stackRule } from '../../dsl';
import { blocks } from '../../tf-json';

/** The seed's namespace; an environment's own metric lives in `CustomMetrics/<name>` (or carries dimensions). */
const SEED_NAMESPACE = 'CustomMetrics';

/** Whether a namespace is the seed's or an environment's namespace under it. */
const isFailedLoginNamespace = (ns: unknown) => ns === SEED_NAMESPACE || (typeof ns === 'string' && ns.startsWith(`${SEED_NAMESPACE}/`));

export const rule = stackRule({
  id: 'HAPI-CW-03',
  title: 'Failed logins are counted (CustomMetrics[/<env>]/FailedLoginCount) per environment and alarmed',
  severity: 'warning',
  resourceTypes: ['aws_cloudwatch_log_metric_filter', 'aws_cloudwatch_metric_alarm'],
  stackKinds: ['environment'],
  sources: [seed('CloudWatch Alarms: alert on failed login attempts (helloapi-failed-logins)')],
  fix: 'Add a log metric filter on the app log group producing FailedLoginCount in the environment\'s own namespace (CustomMetrics/<name>, or with dimensions), and an alarm Sum > 10 over 300 s on that same metric.',
  check(stack) {
    if (stack.resources('aws_ecs_service').length === 0) return [];
    const transformation = stack
      .resources('aws_cloudwatch_log_metric_filter')
      .map((f) => ({ f, m: blocks(f.values.metric_transformation).find((m) => m.name === 'FailedLoginCount' && isFailedLoginNamespace(m.namespace)) }))
      .find((x) => x.m !== undefined);
    const alarm = stack.resources('aws_cloudwatch_metric_alarm').find((a) => a.values.metric_name === 'FailedLoginCount' && isFailedLoginNamespace(a.values.namespace));
    if (!transformation || !alarm) return [at(undefined, fail(`${transformation ? '' : 'no FailedLoginCount metric filter'}${!transformation && !alarm ? '; ' : ''}${alarm ? '' : 'no FailedLoginCount alarm'}`))];
    const { f, m } = transformation;
    const dimensions = Object.keys(m!.dimensions ?? {});
    // Environments sharing an account would count each other's failures in the seed's bare namespace.
    if (m!.namespace === SEED_NAMESPACE && dimensions.length === 0) return [at(f.address, fail(`${f.address} publishes to ${SEED_NAMESPACE} without a dimension: every environment of the account shares the metric`))];
    if (alarm.values.namespace !== m!.namespace) return [at(alarm.address, fail(`${alarm.address} watches ${alarm.values.namespace}, the filter publishes to ${m!.namespace}`))];
    const alarmDimensions = Object.keys(alarm.values.dimensions ?? {});
    if (dimensions.sort().join(',') !== alarmDimensions.sort().join(',')) return [at(alarm.address, fail(`${alarm.address} has dimensions [${alarmDimensions.join(', ')}], the filter publishes [${dimensions.join(', ')}]`))];
    return [at(alarm.address, pass(`${f.address} -> ${alarm.address} (${m!.namespace}: ${alarm.values.statistic} ${alarm.values.comparison_operator} ${alarm.values.threshold} over ${alarm.values.period}s)`))];
  },
});
