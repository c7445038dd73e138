/**
 * The monitoring layer emitted as a plain Terraform JSON module: variables,
 * for_each subscriptions, thresholds as expressions, and an offline plan
 * through a consumer root module (`module "monitoring" { source = "./monitoring" ... }`; planned with the other
 * fixtures of support/layer-fixtures.ts in one run).
 */
import { EmittedModule } from '../../modules/core/terraform-module';
import { StackPlanResult } from '../../scripts/offline-plan';
import { jointFixturePlan, monitoringModuleConsumer } from '../support/layer-fixtures';

describe('monitoring as a Terraform module', () => {
  let emitted: EmittedModule;
  let result: StackPlanResult;
  let json: Record<string, any>;

  beforeAll(async () => {
    // The consumer root (support/layer-fixtures.ts), planned with the other fixtures in one run.
    const built = monitoringModuleConsumer();
    emitted = built.emitted;
    json = emitted.json as Record<string, any>;
    result = await jointFixturePlan('monitoringModule', built.fixture);
  });

  it('declares every threshold as a validated variable with the layer default', () => {
    expect(json.provider).toBeUndefined();
    expect(json.variable.failed_logins.default).toBe(10);
    expect(json.variable.ecs_cpu_percent.validation[0].condition).toBe('${var.ecs_cpu_percent >= 0 && var.ecs_cpu_percent <= 100}');
    expect(json.variable.failed_login_pattern.default).toBe('{ $.event = "login_failed" }');
    expect(Object.keys(json.output).sort()).toEqual(['alarm_names', 'alert_kms_key_arn', 'alert_topic_arn', 'dashboard_name']);
  });

  it('watches what it is given, as the construct: each watched input defaults to null and its alarms are counted on it', () => {
    for (const v of ['edge', 'compute', 'database']) {
      expect({ v, default: json.variable[v].default, nullable: json.variable[v].nullable, type: json.variable[v].type.slice(0, 7) }).toEqual({ v, default: null, nullable: true, type: 'object(' });
    }
    const alarms = json.resource.aws_cloudwatch_metric_alarm;
    expect(alarms.monitoring_alb_target_5xx_rate.count).toBe('${var.edge != null ? 1 : 0}');
    expect(alarms.monitoring_alb_target_5xx_rate.metric_query[1].metric.dimensions).toEqual({ LoadBalancer: '${var.edge.alb_arn_suffix}' });
    expect(alarms.monitoring_ecs_running_tasks_low.count).toBe('${var.compute != null ? 1 : 0}');
    expect(alarms.monitoring_rds_cpu_high.count).toBe('${var.database != null ? 1 : 0}');
    expect(alarms.monitoring_waf_blocked_spike.count).toBe('${try(var.edge.web_acl_name, null) != null ? 1 : 0}');
    expect(alarms.monitoring_failed_logins.count).toBe('${try(var.compute.log_group_name, null) != null ? 1 : 0}');
    expect(json.resource.aws_cloudwatch_log_metric_filter.monitoring_failed_login_filter.count).toBe('${try(var.compute.log_group_name, null) != null ? 1 : 0}');
    expect(Object.values(alarms).every((a: any) => typeof a.count === 'string')).toBe(true);
    // The dashboard: a section per watched resource, kept only when it is watched; the alarm widget lists the alarms that exist.
    const body: string = json.resource.aws_cloudwatch_dashboard.monitoring_dashboard.dashboard_body;
    expect(body).toMatch(/^\$\{jsonencode\(\{ "widgets" = concat\(/);
    for (const v of ['edge', 'compute', 'database']) expect(body).toContain(`: w if var.${v} != null]`);
    expect(body).toContain('"alarms" = concat(aws_cloudwatch_metric_alarm.monitoring_alb_target_5xx_rate[*].arn,');
    expect(body).toContain('"markdown" = "# ${var.name}: golden signals"');
  });

  it('computes unit conversions in Terraform and subscribes each list element', () => {
    const alarms = json.resource.aws_cloudwatch_metric_alarm;
    expect(alarms.monitoring_rds_free_storage_low.threshold).toBe('${(var.rds_free_storage_gib * 1073741824)}');
    expect(alarms.monitoring_failed_logins.threshold).toBe('${var.failed_logins}');
    const subs = json.resource.aws_sns_topic_subscription;
    expect(subs.monitoring_email).toMatchObject({ for_each: '${toset(var.alarm_emails)}', protocol: 'email', endpoint: '${each.value}' });
    expect(subs.monitoring_https).toMatchObject({ for_each: '${toset(var.alarm_https_endpoints)}', protocol: 'https' });
  });

  it('validates and plans through a consumer root module', () => {
    expect(result.error ?? '').toBe('');
    expect(result.ok).toBe(true);
    const changes = result.planJson!.resource_changes!.map((r) => r.address);
    expect(changes).toEqual(expect.arrayContaining(['module.monitoring.aws_cloudwatch_metric_alarm.monitoring_failed_logins[0]', 'module.monitoring.aws_sns_topic_subscription.monitoring_email["oncall@example.com"]']));
    // key+alias, topic, policy, 3 subscriptions, filter, 13 alarms, dashboard; no findings rules (the account-baseline
    // module routes findings once per account).
    expect(result.resourceCount).toBe(2 + 1 + 1 + 3 + 1 + 13 + 1);
    expect(changes.filter((a) => a.includes('aws_cloudwatch_event_rule'))).toEqual([]);
  });
});
