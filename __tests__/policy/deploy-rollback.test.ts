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
    expect(run('HAPI-ECS-15', () => undefined)).toEqual([['pass', 'blue/green with bake time, rollback on failure and on 5xx rate, target response time, unhealthy hosts alarms']]);
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

  it('fails rolling deploys in production unless relaxed (the audit shows the relaxation), and ignores other environments', () => {
    expect(run('HAPI-ECS-15', (j) => rolling(j))).toEqual([['fail', 'deployment controller ECS: production deploys blue/green']]);
    const relaxed = run('HAPI-ECS-15', (j) => rolling(j), { relaxations: { rollingDeployment: { reason: 'the service cannot run two task sets' } } });
    expect(relaxed).toEqual([['relaxed', 'deployment controller ECS: production deploys blue/green']]);
    expect(run('HAPI-ECS-15', (j) => rolling(j), { production: false })).toEqual([]);
  });
});
