import { synthEnvironments, committedStacks } from '../support/synth';
import { environmentStackNames } from '../support/environments';
import { devInput, resolveInputs } from '../support/fixtures';
import { DOCUMENTED_ALARMS } from './helpers';

const TOPIC = '${aws_sns_topic.monitoring_topic.arn}';

describe('monitoring in the committed environments', () => {
  const stacks = committedStacks();

  it.each([
    ['dev', 1, ['platform-alerts@example.com']],
    // Staging's off-hours schedule holds one task at night (compute.offHours): the alarm watches that floor.
    ['staging', 1, ['platform-alerts@example.com']],
    ['prod', 3, ['platform-alerts@example.com', 'oncall@example.com']],
  ])('helloapi-%s watches its own load balancer, service, database, WAF and app log', (env, floor, emails) => {
    const s = stacks.get(`helloapi-${env}`)!;
    const alarms = s.resources<Record<string, any>>('aws_cloudwatch_metric_alarm');
    // Other layers may add alarms through extraAlarms; every alarm, theirs included, notifies the topic, but for the
    // compute layer's step-scaling alarm, whose action is its scaling policy (a scaling trigger, not a notification).
    expect(Object.keys(alarms)).toEqual(expect.arrayContaining(DOCUMENTED_ALARMS.map((id) => `monitoring_${id}`)));
    const { compute_scaling_request_steps_alarm: steps, ...notifying } = alarms;
    // Blue/green (prod) has no request step scaling (it would watch one of the two target groups).
    if (env === 'prod') expect(steps).toBeUndefined();
    else expect(steps.alarm_actions).toEqual(['${aws_appautoscaling_policy.compute_scaling_request_steps.arn}']);
    for (const a of Object.values(notifying)) {
      expect(a.alarm_actions).toEqual([TOPIC]);
      expect(a.ok_actions).toEqual([TOPIC]);
      expect(a.alarm_name.startsWith(`helloapi-${env}-`)).toBe(true);
    }
    // The edge layer's own resources (addresses are the edge layer's choice).
    const lb = expect.stringMatching(/^\$\{aws_lb\.edge_[a-z_]+\.arn_suffix\}$/);
    const tg = expect.stringMatching(/^\$\{aws_lb_target_group\.edge_[a-z_]+\.arn_suffix\}$/);
    expect(alarms.monitoring_alb_p99_latency.dimensions).toEqual({ LoadBalancer: lb });
    expect(alarms.monitoring_alb_unhealthy_hosts.dimensions).toEqual({ LoadBalancer: lb, TargetGroup: tg });
    expect(alarms.monitoring_alb_target_5xx_rate.metric_query[1].metric.dimensions).toEqual({ LoadBalancer: lb });
    expect(alarms.monitoring_ecs_running_tasks_low).toMatchObject({
      threshold: floor,
      dimensions: { ClusterName: '${aws_ecs_cluster.compute_cluster.name}', ServiceName: '${aws_ecs_service.compute_service.name}' },
    });
    expect(alarms.monitoring_rds_cpu_high.dimensions.DBInstanceIdentifier).toMatch(/^\$\{aws_db_instance\.database_[a-z_]+\.identifier\}$/);
    expect(alarms.monitoring_waf_blocked_spike.dimensions).toMatchObject({ Rule: 'ALL', Region: 'us-east-1' });
    expect(alarms.monitoring_waf_blocked_spike.dimensions.WebACL).toMatch(/^\$\{aws_wafv2_web_acl\.edge_[a-z_]+\.name\}$/);
    expect(s.resource('aws_cloudwatch_log_metric_filter', 'monitoring_failed_login_filter')).toMatchObject({
      log_group_name: '${aws_cloudwatch_log_group.compute_log_group.name}',
      pattern: '{ $.event = "login_failed" }',
    });
    const subs = Object.values(s.resources<Record<string, any>>('aws_sns_topic_subscription')).map((x) => x.endpoint);
    expect(subs.sort()).toEqual([...emails].sort());
  });

  it('watches both target groups in blue/green mode (prod): unhealthy hosts on blue and on green, both graphed', () => {
    for (const env of environmentStackNames()) {
      const s = stacks.get(env)!;
      const alarms = s.resources<Record<string, any>>('aws_cloudwatch_metric_alarm');
      const blueGreen = Object.keys(s.resources('aws_codedeploy_deployment_group')).length > 0;
      const body = JSON.parse(s.resource('aws_cloudwatch_dashboard', 'monitoring_dashboard').dashboard_body);
      const graphed = body.widgets.find((w: any) => w.properties?.title === 'Targets').properties.metrics.map((m: any[]) => m[3]);
      // The existing alarm keeps its address and target group (blue); green gets an alarm of its own.
      expect(alarms.monitoring_alb_unhealthy_hosts.dimensions.TargetGroup).toBe('${aws_lb_target_group.edge_app.arn_suffix}');
      if (blueGreen) {
        expect(alarms.monitoring_alb_unhealthy_hosts_green.dimensions).toEqual({ LoadBalancer: '${aws_lb.edge_alb.arn_suffix}', TargetGroup: '${aws_lb_target_group.edge_app_green.arn_suffix}' });
        expect(new Set(graphed)).toEqual(new Set(['${aws_lb_target_group.edge_app.arn_suffix}', '${aws_lb_target_group.edge_app_green.arn_suffix}']));
      } else {
        expect(alarms.monitoring_alb_unhealthy_hosts_green).toBeUndefined();
        expect(new Set(graphed)).toEqual(new Set(['${aws_lb_target_group.edge_app.arn_suffix}']));
      }
    }
    expect(Object.keys(stacks.get('helloapi-prod')!.resources('aws_cloudwatch_metric_alarm'))).toContain('monitoring_alb_unhealthy_hosts_green');
  });

  it('gives every environment its own topic, dashboard and findings rules', () => {
    const envs = environmentStackNames();
    const names = (type: string, attr: string) => envs.map((e) => Object.values(stacks.get(e)!.resources<Record<string, any>>(type)).map((r) => r[attr]));
    expect(names('aws_sns_topic', 'name').flat().filter((n: string) => n.endsWith('-alerts'))).toEqual(envs.map((e) => `${e}-alerts`));
    expect(names('aws_cloudwatch_dashboard', 'dashboard_name').flat()).toEqual(envs.map((e) => `${e}-overview`));
  });

  it('keeps the alert key in production, lets it go where deletion protection is relaxed', () => {
    expect(stacks.get('helloapi-prod')!.resource('aws_kms_key', 'monitoring_kms_key').lifecycle.prevent_destroy).toBe(true);
    expect(stacks.get('helloapi-dev')!.resource('aws_kms_key', 'monitoring_kms_key').lifecycle.prevent_destroy).toBe(false);
  });
});

describe('monitoring settings from the environment file', () => {
  it('applies thresholds, the failed-login pattern and the findings switch', () => {
    const configs = resolveInputs(
      devInput({ monitoring: { alarmEmails: ['ops@example.com'], failedLoginPattern: '"Failed login"', thresholds: { failedLogins: 20, p99LatencySeconds: 1.5 }, securityFindingAlerts: false } }),
    );
    const s = synthEnvironments(configs).get('helloapi-dev')!;
    expect(s.resource('aws_cloudwatch_metric_alarm', 'monitoring_failed_logins').threshold).toBe(20);
    expect(s.resource('aws_cloudwatch_metric_alarm', 'monitoring_alb_p99_latency').threshold).toBe(1.5);
    expect(s.resource('aws_cloudwatch_log_metric_filter', 'monitoring_failed_login_filter').pattern).toBe('"Failed login"');
    expect(Object.keys(s.resources('aws_cloudwatch_event_rule')).filter((k) => k.startsWith('monitoring_'))).toEqual([]);
  });

  it('rejects thresholds out of range with the field path', () => {
    expect(() => resolveInputs(devInput({ monitoring: { alarmEmails: ['ops@example.com'], thresholds: { ecsCpuPercent: 150 } } }))).toThrow(
      /monitoring\.thresholds\.ecsCpuPercent = 150: is a percentage: 0-100/,
    );
    expect(() => resolveInputs(devInput({ monitoring: { alarmEmails: ['ops@example.com'], thresholds: { failedLogin: 5 } as never } }))).toThrow(/unknown key/);
  });
});
