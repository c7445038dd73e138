/**
 * HAPI-ECS-14 (every service rolls a failed deployment back) and HAPI-ECS-15 (production deploys blue/green with a
 * bake time and alarm rollback), one missing piece at a time on the compliant fixture (rules.test.ts has the
 * generic pass/fail cases).
 */
import { MIN_PRODUCTION_BAKE_MINUTES } from '../../modules/compute/blue-green';
import { evaluateStack } from '../../modules/policy/engine';
import { RULES } from '../../modules/policy/rules';
import type { PolicyTarget } from '../../modules/policy/types';
import { FIXTURES, fixtureTarget, Json } from './fixtures';

const run = (id: string, edit: (j: Json) => void, target: Partial<PolicyTarget> = {}) => {
  const json = FIXTURES.environment();
  edit(json);
  return evaluateStack(json, fixtureTarget('environment', target), [RULES.find((r) => r.id === id)!]).results.map((r) => [r.status, r.message]);
};
const service = (j: Json) => j.resource.aws_ecs_service.compute_service;
const group = (j: Json) => j.resource.aws_codedeploy_deployment_group.blue_green_deployment_group;
const rolling = (j: Json, rollback = true) => {
  delete service(j).deployment_controller;
  service(j).deployment_circuit_breaker = { enable: true, rollback };
  delete j.resource.aws_codedeploy_deployment_group;
};

describe('HAPI-ECS-14', () => {
  it('passes a rolling service under the circuit breaker with rollback, and a CODE_DEPLOY service whose group rolls back', () => {
    expect(run('HAPI-ECS-14', (j) => rolling(j))).toEqual([['pass', 'rolling under the circuit breaker with rollback']]);
    expect(run('HAPI-ECS-14', () => undefined)).toEqual([['pass', 'CodeDeploy rolls back on DEPLOYMENT_FAILURE (aws_codedeploy_deployment_group.blue_green_deployment_group)']]);
  });

  it('fails a rolling service without the circuit breaker, and a CODE_DEPLOY service without a group or its rollback', () => {
    expect(run('HAPI-ECS-14', (j) => (rolling(j), delete service(j).deployment_circuit_breaker))).toEqual([['fail', "rolling without the circuit breaker's rollback (enable unset, rollback unset)"]]);
    expect(run('HAPI-ECS-14', (j) => delete j.resource.aws_codedeploy_deployment_group)).toEqual([['fail', 'CODE_DEPLOY controller but no aws_codedeploy_deployment_group deploys this service']]);
    expect(run('HAPI-ECS-14', (j) => (group(j).auto_rollback_configuration.events = ['DEPLOYMENT_STOP_ON_ALARM']))).toEqual([
      ['fail', 'aws_codedeploy_deployment_group.blue_green_deployment_group: auto_rollback_configuration not enabled on DEPLOYMENT_FAILURE'],
    ]);
    expect(run('HAPI-ECS-14', (j) => (service(j).deployment_controller = { type: 'EXTERNAL' }))).toEqual([['fail', 'deployment controller EXTERNAL: nothing in this stack rolls a failed deployment back']]);
  });
});

describe('HAPI-ECS-15', () => {
  const subject = 'aws_codedeploy_deployment_group.blue_green_deployment_group';

  it('passes production blue/green with the bake time and the three alarm kinds', () => {
    expect(run('HAPI-ECS-15', () => undefined)).toEqual([['pass', 'blue/green with bake time, rollback on failure and on 5xx rate, target response time, unhealthy hosts alarms covering both target groups']]);
  });

  it(`fails a bake time below ${MIN_PRODUCTION_BAKE_MINUTES} minutes, a missing rollback event and each missing alarm kind`, () => {
    const bake = (min: number) => (j: Json) => (group(j).blue_green_deployment_config.terminate_blue_instances_on_deployment_success.termination_wait_time_in_minutes = min);
    expect(run('HAPI-ECS-15', bake(MIN_PRODUCTION_BAKE_MINUTES))[0][0]).toBe('pass');
    expect(run('HAPI-ECS-15', bake(MIN_PRODUCTION_BAKE_MINUTES - 1))).toEqual([['fail', `${subject}: bake time ${MIN_PRODUCTION_BAKE_MINUTES - 1} min (at least ${MIN_PRODUCTION_BAKE_MINUTES})`]]);
    expect(run('HAPI-ECS-15', (j) => (group(j).auto_rollback_configuration.events = ['DEPLOYMENT_FAILURE']))).toEqual([['fail', `${subject}: no auto-rollback on DEPLOYMENT_STOP_ON_ALARM`]]);
    const dropAlarm = (alarm: string) => (j: Json) => (group(j).alarm_configuration.alarms = group(j).alarm_configuration.alarms.filter((a: string) => !a.includes(alarm)));
    expect(run('HAPI-ECS-15', dropAlarm('monitoring_alb_5xx'))).toEqual([['fail', `${subject}: no rollback alarm on 5xx rate`]]);
    expect(run('HAPI-ECS-15', dropAlarm('rollback_response_time'))).toEqual([['fail', `${subject}: no rollback alarm on target response time`]]);
    expect(run('HAPI-ECS-15', dropAlarm('rollback_unhealthy_hosts'))).toEqual([['fail', `${subject}: no rollback alarm on unhealthy hosts`]]);
    expect(run('HAPI-ECS-15', dropAlarm('rollback_unhealthy_hosts_green'))).toEqual([['fail', `${subject}: no unhealthy hosts rollback alarm on the green target group aws_lb_target_group.edge_target_group_green`]]);
    expect(run('HAPI-ECS-15', (j) => (group(j).alarm_configuration.enabled = false))).toEqual([['fail', `${subject}: alarm_configuration not enabled`]]);
  });

  it('counts an expression alarm by the metrics it uses (the layer\'s 5xx rate is 100 * errors / requests)', () => {
    const expression = (j: Json) =>
      (j.resource.aws_cloudwatch_metric_alarm.monitoring_alb_5xx = {
        alarm_name: '5xx-rate',
        metric_query: [{ id: 'errors', metric: { metric_name: 'HTTPCode_Target_5XX_Count', namespace: 'AWS/ApplicationELB' } }, { id: 'requests', metric: { metric_name: 'RequestCount' } }, { id: 'rate', expression: '100 * errors / requests' }],
      });
    expect(run('HAPI-ECS-15', expression)[0][0]).toBe('pass');
  });

  it('fails an alarm name that is not an alarm of this stack instead of skipping it (nothing tells what it watches)', () => {
    const outside = (j: Json) => group(j).alarm_configuration.alarms.push('alarm-in-another-stack');
    expect(run('HAPI-ECS-15', outside)).toEqual([['fail', `${subject}: rollback alarm alarm-in-another-stack is not an alarm of this stack (cannot tell what it watches)`]]);
    // A literal alarm name of this stack resolves like a reference.
    const literal = (j: Json) => {
      j.resource.aws_cloudwatch_metric_alarm.monitoring_rollback_response_time.alarm_name = 'fixture-latency';
      group(j).alarm_configuration.alarms[1] = 'fixture-latency';
    };
    expect(run('HAPI-ECS-15', literal)[0][0]).toBe('pass');
  });

  it('fails alarms that watch only the blue target group: after a deployment production is on green', () => {
    const blueOnly = (j: Json) => {
      const alarms = j.resource.aws_cloudwatch_metric_alarm;
      for (const id of ['monitoring_rollback_response_time', 'monitoring_rollback_unhealthy_hosts_green']) alarms[id].dimensions = { TargetGroup: '${aws_lb_target_group.edge_target_group.arn_suffix}' };
    };
    expect(run('HAPI-ECS-15', blueOnly)).toEqual([['fail', `${subject}: no target response time, unhealthy hosts rollback alarm on the green target group aws_lb_target_group.edge_target_group_green`]]);
    // An expression alarm counts the TargetGroup dimension of its metrics; a literal target group name and ARN suffix match too.
    const literal = (j: Json) => {
      j.resource.aws_lb_target_group.edge_target_group_green.name = 'fixture-green';
      group(j).load_balancer_info.target_group_pair_info.target_group[1].name = 'fixture-green';
      j.resource.aws_cloudwatch_metric_alarm.monitoring_rollback_unhealthy_hosts_green = {
        alarm_name: 'unhealthy-green',
        metric_query: [{ id: 'm', metric: { metric_name: 'UnHealthyHostCount', dimensions: { TargetGroup: 'targetgroup/fixture-green/0123456789abcdef' } } }],
      };
    };
    expect(run('HAPI-ECS-15', literal)[0][0]).toBe('pass');
    const otherGroup = (j: Json) => (j.resource.aws_cloudwatch_metric_alarm.monitoring_rollback_unhealthy_hosts_green.dimensions = { TargetGroup: 'targetgroup/elsewhere/0123456789abcdef' });
    expect(run('HAPI-ECS-15', otherGroup)).toEqual([['fail', `${subject}: no unhealthy hosts rollback alarm on the green target group aws_lb_target_group.edge_target_group_green`]]);
  });

  it('fails a group without a target group pair: nothing tells what the alarms must cover', () => {
    expect(run('HAPI-ECS-15', (j) => delete group(j).load_balancer_info)).toEqual([['fail', `${subject}: no load_balancer_info.target_group_pair_info with two target groups (cannot tell what the alarms must cover)`]]);
  });

  it('fails rolling deploys in production unless relaxed (the audit shows the relaxation), and ignores other environments', () => {
    expect(run('HAPI-ECS-15', (j) => rolling(j))).toEqual([['fail', 'deployment controller ECS: production deploys blue/green']]);
    const relaxed = run('HAPI-ECS-15', (j) => rolling(j), { relaxations: { rollingDeployment: { reason: 'the service cannot run two task sets' } } });
    expect(relaxed).toEqual([['relaxed', 'deployment controller ECS: production deploys blue/green']]);
    expect(run('HAPI-ECS-15', (j) => rolling(j), { production: false })).toEqual([]);
  });
});
