import { PropsError } from '../../modules/core/problems';
import { principals } from '../../modules/policy/tf-json';
import {
  AlarmSpec,
  DEFAULT_FAILED_LOGIN_PATTERN,
  DEFAULT_THRESHOLDS,
  MonitoringProps,
  alarmSpecProblems,
  assertAlarmSpec,
  monitoredResources,
  monitoringPropsProblems,
  resolveThresholds,
  thresholdProblems,
} from '../../modules/monitoring';
import { Alarm, DOCUMENTED_ALARMS, FAKE, LAYERS, SINGLE_VALUES, TOPIC, alarm, synthMonitoring } from './helpers';

const KEY_ARN = '${aws_kms_key.monitoring_kms_key.arn}';

/** The principals an Allow statement of the alert topic's policy lets publish (sns:Publish), sorted. */
function topicPublishers(stack: ReturnType<typeof synthMonitoring>['stack'], address = 'monitoring_topic_policy'): string[] {
  const statements = JSON.parse(stack.resource('aws_sns_topic_policy', address).policy).Statement as { Effect: string; Principal: unknown; Action: string | string[] }[];
  return statements
    .filter((s) => s.Effect === 'Allow' && ([] as string[]).concat(s.Action).some((a) => a === 'sns:Publish' || a === 'sns:*'))
    .flatMap((s) => principals(s.Principal))
    .sort();
}

describe('monitoring layer, every input set', () => {
  const { stack, monitoring } = synthMonitoring();
  const alarms = stack.resources<Record<string, any>>('aws_cloudwatch_metric_alarm');

  describe('alert topic', () => {
    it('is encrypted with the layer key', () => {
      expect(stack.resource('aws_sns_topic', 'monitoring_topic')).toMatchObject({ name: 'helloapi-test-alerts', kms_master_key_id: KEY_ARN });
    });

    it('has a rotating key that only CloudWatch (for this account) may encrypt messages with: no EventBridge rule publishes here', () => {
      const key = stack.resource('aws_kms_key', 'monitoring_kms_key');
      expect(key.enable_key_rotation).toBe(true);
      expect(key.lifecycle.prevent_destroy).toBe(true);
      const statements = JSON.parse(key.policy).Statement;
      const of = (service: string) => statements.find((x: any) => x.Principal?.Service === service);
      expect(of('cloudwatch.amazonaws.com')).toMatchObject({
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      });
      expect(of('events.amazonaws.com')).toBeUndefined();
      // Nobody else outside the account.
      const principals = statements.map((x: any) => x.Principal);
      expect(principals).toHaveLength(2);
      expect(principals[0]).toEqual({ AWS: 'arn:aws:iam::123456789012:root' });
    });

    it('lets EventBridge use the key only when its findings rules publish here (securityFindings)', () => {
      const eventsKeyStatement = (s: ReturnType<typeof synthMonitoring>['stack']) =>
        JSON.parse(s.resource('aws_kms_key', 'monitoring_kms_key').policy).Statement.find((x: any) => x.Principal?.Service === 'events.amazonaws.com');
      // SNS does not support aws:SourceAccount/aws:SourceArn in the key policy for EventBridge-to-encrypted
      // topics: a condition here would drop every finding. The topic policy limits publishers instead.
      expect(eventsKeyStatement(synthMonitoring({ securityFindings: {} }).stack)).toEqual({
        Sid: 'eventsUse',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
      });
      expect(eventsKeyStatement(synthMonitoring({ securityFindings: { guardDutyMinSeverity: false, securityHubSeverityLabels: [] } }).stack)).toBeUndefined();
    });

    it('lets CloudWatch alarms of this account publish, and denies non-TLS publishing', () => {
      const policy = stack.resource('aws_sns_topic_policy', 'monitoring_topic_policy');
      expect(policy.arn).toBe(TOPIC);
      const statements = JSON.parse(policy.policy).Statement;
      const bySid = Object.fromEntries(statements.map((s: any) => [s.Sid, s]));
      expect(Object.keys(bySid)).toEqual(['AccountManages', 'CloudWatchAlarmsPublish', 'DenyInsecureTransport']);
      expect(bySid.CloudWatchAlarmsPublish).toEqual({
        Sid: 'CloudWatchAlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: TOPIC,
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:*' } },
      });
      expect(bySid.DenyInsecureTransport).toEqual({
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Resource: TOPIC,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
      // The account statement names the account, never a wildcard.
      expect(bySid.AccountManages.Principal).toEqual({ AWS: 'arn:aws:iam::123456789012:root' });
      expect(statements.filter((s: any) => s.Effect === 'Allow' && s.Principal === '*')).toEqual([]);
    });

    it('lets EventBridge rules of this account publish only when its findings rules do (securityFindings)', () => {
      expect(topicPublishers(synthMonitoring().stack)).toEqual(['AWS:arn:aws:iam::123456789012:root', 'Service:cloudwatch.amazonaws.com']);
      expect(topicPublishers(synthMonitoring({ securityFindings: false }).stack)).toEqual(['AWS:arn:aws:iam::123456789012:root', 'Service:cloudwatch.amazonaws.com']);
      expect(topicPublishers(synthMonitoring({ securityFindings: { guardDutyMinSeverity: false, securityHubSeverityLabels: [] } }).stack)).toEqual([
        'AWS:arn:aws:iam::123456789012:root',
        'Service:cloudwatch.amazonaws.com',
      ]);
      const asked = synthMonitoring({ securityFindings: {} }).stack;
      expect(topicPublishers(asked)).toEqual(['AWS:arn:aws:iam::123456789012:root', 'Service:cloudwatch.amazonaws.com', 'Service:events.amazonaws.com']);
      const bySid = Object.fromEntries(JSON.parse(asked.resource('aws_sns_topic_policy', 'monitoring_topic_policy').policy).Statement.map((s: any) => [s.Sid, s]));
      expect(bySid.EventBridgeRulesPublish).toEqual({
        Sid: 'EventBridgeRulesPublish',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: TOPIC,
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': 'arn:aws:events:us-east-1:123456789012:rule/*' } },
      });
    });

    it('subscribes the configured email address', () => {
      expect(stack.resources('aws_sns_topic_subscription')).toEqual({
        monitoring_email_ops_example_com: expect.objectContaining({ topic_arn: TOPIC, protocol: 'email', endpoint: 'ops@example.com' }),
      });
    });
  });

  describe('alarms', () => {
    it('creates exactly the documented alarms', () => {
      expect(Object.keys(alarms).sort()).toEqual(DOCUMENTED_ALARMS.map((id) => `monitoring_${id}`));
    });

    it('notifies the topic on ALARM and on OK, for every alarm, once the topic policy exists', () => {
      for (const [id, a] of Object.entries(alarms)) {
        expect({ id, alarm: a.alarm_actions, ok: a.ok_actions, deps: a.depends_on }).toEqual({
          id,
          alarm: [TOPIC],
          ok: [TOPIC],
          deps: ['aws_sns_topic_policy.monitoring_topic_policy'],
        });
        expect(a.alarm_name).toBe(`helloapi-test-${id.replace(/^monitoring_/, '').replace(/_/g, '-')}`);
        expect(a.alarm_description.length).toBeGreaterThan(20);
      }
    });

    const lb = { LoadBalancer: FAKE.albSuffix };
    const svc = { ClusterName: FAKE.cluster, ServiceName: FAKE.service };
    const db = { DBInstanceIdentifier: FAKE.db };
    it.each([
      // id, namespace, metric, dimensions, statistic, period, evaluation periods, datapoints, threshold, operator, missing data
      ['alb_p99_latency', 'AWS/ApplicationELB', 'TargetResponseTime', lb, 'p99', 300, 3, 3, 2, 'GreaterThanThreshold', 'notBreaching'],
      ['alb_unhealthy_hosts', 'AWS/ApplicationELB', 'UnHealthyHostCount', { ...lb, TargetGroup: FAKE.tgSuffix }, 'Maximum', 60, 3, 3, 0, 'GreaterThanThreshold', 'notBreaching'],
      ['ecs_cpu_high', 'AWS/ECS', 'CPUUtilization', svc, 'Average', 300, 3, 3, 85, 'GreaterThanThreshold', 'notBreaching'],
      ['ecs_memory_high', 'AWS/ECS', 'MemoryUtilization', svc, 'Average', 300, 3, 3, 85, 'GreaterThanThreshold', 'notBreaching'],
      ['ecs_running_tasks_low', 'ECS/ContainerInsights', 'RunningTaskCount', svc, 'Maximum', 60, 5, 5, 2, 'LessThanThreshold', 'breaching'],
      ['rds_cpu_high', 'AWS/RDS', 'CPUUtilization', db, 'Average', 300, 3, 3, 80, 'GreaterThanThreshold', 'missing'],
      ['rds_free_storage_low', 'AWS/RDS', 'FreeStorageSpace', db, 'Minimum', 300, 1, 1, 5 * 1024 ** 3, 'LessThanThreshold', 'breaching'],
      ['rds_freeable_memory_low', 'AWS/RDS', 'FreeableMemory', db, 'Average', 300, 3, 3, 128 * 1024 ** 2, 'LessThanThreshold', 'breaching'],
      ['rds_connections_high', 'AWS/RDS', 'DatabaseConnections', db, 'Maximum', 300, 2, 2, 80, 'GreaterThanThreshold', 'notBreaching'],
      ['waf_blocked_spike', 'AWS/WAFV2', 'BlockedRequests', { WebACL: FAKE.webAcl, Rule: 'ALL', Region: 'us-east-1' }, 'Sum', 300, 1, 1, 500, 'GreaterThanThreshold', 'notBreaching'],
    ])('%s watches %s %s', (id, namespace, metricName, dimensions, statistic, period, evaluationPeriods, datapoints, threshold, operator, missing) => {
      const a = alarm(stack, id as string);
      const percentile = (statistic as string).startsWith('p');
      expect(a).toMatchObject({
        namespace,
        metric_name: metricName,
        dimensions,
        period,
        evaluation_periods: evaluationPeriods,
        datapoints_to_alarm: datapoints,
        threshold,
        comparison_operator: operator,
        treat_missing_data: missing,
      });
      if (percentile) {
        expect(a.extended_statistic).toBe(statistic);
        expect(a.statistic).toBeUndefined();
        expect(a.evaluate_low_sample_count_percentiles).toBe('ignore');
      } else {
        expect(a.statistic).toBe(statistic);
        expect(a.extended_statistic).toBeUndefined();
      }
      expect(a.metric_query).toBeUndefined();
    });

    it.each([
      ['alb_target_5xx_rate', 'HTTPCode_Target_5XX_Count', 'IF(FILL(requests, 0) >= 20, 100 * FILL(errors, 0) / requests, 0)'],
      [
        'alb_elb_5xx_rate',
        'HTTPCode_ELB_5XX_Count',
        'IF(FILL(requests, 0) + FILL(errors, 0) >= 20, 100 * FILL(errors, 0) / (FILL(requests, 0) + FILL(errors, 0)), 0)',
      ],
    ])('%s alarms on a rate: 100 x %s / RequestCount (metric math)', (id, errorMetric, expression) => {
      const a = alarm(stack, id);
      expect(a).toMatchObject({ threshold: 5, comparison_operator: 'GreaterThanThreshold', evaluation_periods: 2, datapoints_to_alarm: 2, treat_missing_data: 'notBreaching' });
      // Metric math alarms carry no top-level metric.
      for (const k of ['metric_name', 'namespace', 'statistic', 'period', 'dimensions']) expect(a[k]).toBeUndefined();
      const sum = (metric_name: string) => ({ namespace: 'AWS/ApplicationELB', metric_name, dimensions: lb, period: 300, stat: 'Sum' });
      expect(a.metric_query).toEqual([
        { id: 'expression', expression, label: expect.stringContaining('5xx rate (%)'), return_data: true },
        { id: 'errors', return_data: false, metric: sum(errorMetric) },
        { id: 'requests', return_data: false, metric: sum('RequestCount') },
      ]);
    });
  });

  describe("the security guide's failed-login alarm", () => {
    it('counts failed logins from the app log group: FailedLoginCount in the environment\'s CustomMetrics/<name>, value 1', () => {
      expect(stack.resources('aws_cloudwatch_log_metric_filter')).toEqual({
        monitoring_failed_login_filter: expect.objectContaining({
          name: 'helloapi-test-failed-logins',
          log_group_name: FAKE.logGroup,
          pattern: '{ $.event = "login_failed" }',
          metric_transformation: { name: 'FailedLoginCount', namespace: 'CustomMetrics/helloapi-test', value: '1' },
        }),
      });
      expect(DEFAULT_FAILED_LOGIN_PATTERN).toBe('{ $.event = "login_failed" }');
    });

    it('alarms on Sum over 300 s, 1 evaluation period, threshold 10, GreaterThanThreshold', () => {
      const a = alarm(stack, 'failed_logins');
      expect(a).toMatchObject({
        alarm_name: 'helloapi-test-failed-logins',
        metric_name: 'FailedLoginCount',
        namespace: 'CustomMetrics/helloapi-test',
        statistic: 'Sum',
        period: 300,
        evaluation_periods: 1,
        threshold: 10,
        comparison_operator: 'GreaterThanThreshold',
        treat_missing_data: 'notBreaching',
        alarm_actions: [TOPIC],
        ok_actions: [TOPIC],
      });
      expect(a.dimensions).toBeUndefined();
    });

    it('is per environment: two environments of one account publish and alarm on different metrics', () => {
      const other = synthMonitoring({ name: 'helloapi-other' }).stack;
      const metricOf = (s: typeof stack) => {
        const t = s.resource('aws_cloudwatch_log_metric_filter', 'monitoring_failed_login_filter').metric_transformation;
        const a = alarm(s, 'failed_logins');
        expect([a.namespace, a.metric_name]).toEqual([t.namespace, t.name]);
        return `${t.namespace}/${t.name}`;
      };
      expect(metricOf(stack)).not.toBe(metricOf(other));
    });
  });

  describe('dashboard', () => {
    const dashboard = stack.resource('aws_cloudwatch_dashboard', 'monitoring_dashboard');
    const body = JSON.parse(dashboard.dashboard_body);
    const metricWidgets = body.widgets.filter((w: any) => w.type === 'metric');
    const graphed = (ns: string, metric: string, stat: string) =>
      metricWidgets.some((w: any) => w.properties.metrics.some((m: any[]) => m[0] === ns && m[1] === metric && m[m.length - 1].stat === stat));

    it('is named after the environment and is literal JSON', () => {
      expect(dashboard.dashboard_name).toBe('helloapi-test-overview');
      expect(typeof dashboard.dashboard_body).toBe('string');
    });

    it.each([
      ['AWS/ApplicationELB', 'RequestCount', 'Sum'],
      ['AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', 'Sum'],
      ['AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', 'Sum'],
      ['AWS/ApplicationELB', 'TargetResponseTime', 'p50'],
      ['AWS/ApplicationELB', 'TargetResponseTime', 'p99'],
      ['AWS/ECS', 'CPUUtilization', 'Average'],
      ['AWS/ECS', 'MemoryUtilization', 'Average'],
      ['ECS/ContainerInsights', 'RunningTaskCount', 'Minimum'],
      ['AWS/RDS', 'CPUUtilization', 'Average'],
      ['AWS/RDS', 'DatabaseConnections', 'Maximum'],
      ['AWS/RDS', 'FreeStorageSpace', 'Minimum'],
      ['AWS/RDS', 'FreeableMemory', 'Minimum'],
    ])('graphs %s %s (%s)', (ns, metric, stat) => {
      expect(graphed(ns, metric, stat)).toBe(true);
    });

    it('graphs in the layer region, within the 24-column grid, and shows every alarm', () => {
      for (const w of metricWidgets) {
        expect(w.properties.region).toBe('us-east-1');
        expect(w.x + w.width).toBeLessThanOrEqual(24);
      }
      const alarmWidget = body.widgets.find((w: any) => w.type === 'alarm');
      expect(alarmWidget.properties.alarms).toHaveLength(13);
      expect(alarmWidget.properties.alarms).toContain('${aws_cloudwatch_metric_alarm.monitoring_failed_logins.arn}');
    });

    it('uses the upstream dimensions', () => {
      const text = dashboard.dashboard_body as string;
      for (const v of [FAKE.albSuffix, FAKE.tgSuffix, FAKE.cluster, FAKE.service, FAKE.db]) expect(text).toContain(v);
    });
  });

  describe('security findings, when asked (the account baseline routes them once per account)', () => {
    const asked = synthMonitoring({ securityFindings: {} }).stack;
    const rules = asked.resources<Record<string, any>>('aws_cloudwatch_event_rule');
    const targets = asked.resources<Record<string, any>>('aws_cloudwatch_event_target');

    it('are not forwarded by default: every environment of an account would alert on each finding', () => {
      expect(stack.count('aws_cloudwatch_event_rule')).toBe(0);
    });

    it('forwards GuardDuty findings with severity >= 7', () => {
      const rule = rules.monitoring_guardduty_findings;
      expect(rule.name).toBe('helloapi-test-guardduty-findings');
      expect(JSON.parse(rule.event_pattern)).toEqual({
        source: ['aws.guardduty'],
        'detail-type': ['GuardDuty Finding'],
        detail: { severity: [{ numeric: ['>=', 7] }] },
      });
    });

    it('forwards new, active CRITICAL and HIGH Security Hub findings, except GuardDuty copies', () => {
      expect(JSON.parse(rules.monitoring_securityhub_findings.event_pattern)).toEqual({
        source: ['aws.securityhub'],
        'detail-type': ['Security Hub Findings - Imported'],
        detail: {
          findings: {
            Severity: { Label: ['CRITICAL', 'HIGH'] },
            Workflow: { Status: ['NEW'] },
            RecordState: ['ACTIVE'],
            ProductName: [{ 'anything-but': 'GuardDuty' }],
          },
        },
      });
    });

    it('sends readable one-line messages to the topic', () => {
      for (const id of ['guardduty_findings', 'securityhub_findings']) {
        const t = targets[`monitoring_${id}_to_topic`];
        expect(t).toMatchObject({ arn: TOPIC, rule: `\${aws_cloudwatch_event_rule.monitoring_${id}.name}`, depends_on: ['aws_sns_topic_policy.monitoring_topic_policy'] });
        const template: string = t.input_transformer.input_template;
        // A JSON string: SNS delivers it as plain text.
        expect(typeof JSON.parse(template)).toBe('string');
        for (const name of Object.keys(t.input_transformer.input_paths)) expect(template).toContain(`<${name}>`);
      }
      expect(targets.monitoring_guardduty_findings_to_topic.input_transformer.input_paths).toMatchObject({ severity: '$.detail.severity', type: '$.detail.type' });
      expect(targets.monitoring_securityhub_findings_to_topic.input_transformer.input_paths).toMatchObject({
        severity: '$.detail.findings[0].Severity.Label',
        title: '$.detail.findings[0].Title',
      });
    });
  });

  describe('outputs', () => {
    it('hands over the topic, alarm names and dashboard', () => {
      expect(monitoring.outputs.alertTopicArn).toMatch(/TOKEN/);
      expect(Object.keys(monitoring.outputs.alarmNames)).toHaveLength(13);
      expect(monitoring.outputs.dashboardName).toBe('helloapi-test-overview');
      const out = stack.json.output!;
      expect(out.monitoring_alert_topic_arn.value).toBe(TOPIC);
      expect(out.monitoring_alarm_names.value).toContain('${aws_cloudwatch_metric_alarm.monitoring_failed_logins.alarm_name}');
    });
  });
});

describe('monitoring layer options', () => {
  it('applies threshold overrides and keeps the other defaults', () => {
    const { stack, monitoring } = synthMonitoring({ thresholds: { failedLogins: 25, ecsCpuPercent: 70, rdsFreeStorageGiB: 10 } });
    expect(alarm(stack, 'failed_logins').threshold).toBe(25);
    expect(alarm(stack, 'ecs_cpu_high').threshold).toBe(70);
    expect(alarm(stack, 'rds_free_storage_low').threshold).toBe(10 * 1024 ** 3);
    expect(alarm(stack, 'ecs_memory_high').threshold).toBe(85);
    expect(monitoring.thresholds).toEqual({ ...DEFAULT_THRESHOLDS, failedLogins: 25, ecsCpuPercent: 70, rdsFreeStorageGiB: 10 });
  });

  it('uses a configured failed-login pattern and escapes a literal ${ from Terraform', () => {
    const { stack } = synthMonitoring({ failedLoginPattern: '[ts, level, msg="*${login failed}*"]' });
    expect(stack.resource('aws_cloudwatch_log_metric_filter', 'monitoring_failed_login_filter').pattern).toBe('[ts, level, msg="*$${login failed}*"]');
  });

  it('gives extra alarms the same actions and naming', () => {
    const extra: AlarmSpec = {
      id: 'replica_lag',
      description: 'Read replica more than 60 s behind the primary.',
      metric: { namespace: 'AWS/RDS', metricName: 'ReplicaLag', dimensions: { DBInstanceIdentifier: 'helloapi-test-db-replica-1' }, statistic: 'Maximum', period: 60 },
      threshold: 60,
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: 'missing',
    };
    const { stack, monitoring } = synthMonitoring({ extraAlarms: [extra] });
    expect(alarm(stack, 'replica_lag')).toMatchObject({
      alarm_name: 'helloapi-test-replica-lag',
      metric_name: 'ReplicaLag',
      statistic: 'Maximum',
      period: 60,
      threshold: 60,
      evaluation_periods: 5,
      datapoints_to_alarm: 3,
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
    });
    expect(monitoring.outputs.alarmNames.replica_lag).toBeDefined();
  });

  it('refuses an extra alarm that reuses a built-in id', () => {
    expect(() =>
      synthMonitoring({
        extraAlarms: [{ id: 'failed_logins', description: 'x', metric: { namespace: 'A', metricName: 'B', statistic: 'Sum', period: 60 }, threshold: 1, comparisonOperator: 'GreaterThanThreshold', evaluationPeriods: 1, treatMissingData: 'missing' }],
      }),
    ).toThrow(/built-in alarm/);
  });

  it('creates only what its inputs allow: no inputs, no alarms, no filter, no graphs', () => {
    const { stack } = synthMonitoring({ edge: undefined, compute: undefined, database: undefined });
    expect(stack.count('aws_cloudwatch_metric_alarm')).toBe(0);
    expect(stack.count('aws_cloudwatch_log_metric_filter')).toBe(0);
    const body = JSON.parse(stack.resource('aws_cloudwatch_dashboard', 'monitoring_dashboard').dashboard_body);
    expect(body.widgets.filter((w: any) => w.type === 'metric')).toEqual([]);
    // The topic stays (findings rules only when asked: securityFindings).
    expect(stack.count('aws_sns_topic')).toBe(1);
    expect(stack.count('aws_cloudwatch_event_rule')).toBe(0);
  });

  it('turns the findings rules off, or GuardDuty alone (then Security Hub keeps GuardDuty findings)', () => {
    expect(synthMonitoring({ securityFindings: false }).stack.count('aws_cloudwatch_event_rule')).toBe(0);
    const { stack } = synthMonitoring({ securityFindings: { guardDutyMinSeverity: false, securityHubSeverityLabels: ['CRITICAL'] } });
    const rules = stack.resources<Record<string, any>>('aws_cloudwatch_event_rule');
    expect(Object.keys(rules)).toEqual(['monitoring_securityhub_findings']);
    const findings = JSON.parse(rules.monitoring_securityhub_findings.event_pattern).detail.findings;
    expect(findings.Severity).toEqual({ Label: ['CRITICAL'] });
    expect(findings.ProductName).toBeUndefined();
  });

  it('subscribes HTTPS endpoints by position (URLs may carry tokens) and extra subscribers', () => {
    const { stack } = synthMonitoring({
      alarmEmails: [],
      alarmHttpsEndpoints: ['https://hooks.example.com/T000/secret-token'],
      extraSubscriptions: [{ protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:123456789012:alerts' }],
    });
    const subs = stack.resources<Record<string, any>>('aws_sns_topic_subscription');
    expect(Object.keys(subs).sort()).toEqual(['monitoring_https_0', 'monitoring_subscription_0']);
    expect(subs.monitoring_https_0).toMatchObject({ protocol: 'https', endpoint: 'https://hooks.example.com/T000/secret-token', topic_arn: TOPIC });
    expect(subs.monitoring_subscription_0).toMatchObject({ protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:123456789012:alerts' });
  });

  it('lets the key go when prevent_destroy is off', () => {
    const { stack } = synthMonitoring({ preventDestroy: false });
    expect(stack.resource('aws_kms_key', 'monitoring_kms_key').lifecycle.prevent_destroy).toBe(false);
  });

  it('rejects nonsense thresholds and alarm specs', () => {
    expect(() => resolveThresholds({ ecsCpuPercent: 120 })).toThrow(/ecsCpuPercent = 120: is a percentage: 0-100/);
    expect(() => resolveThresholds({ rdsConnections: -1 })).toThrow(/rdsConnections = -1: must be a number >= 0/);
    const base = { id: 'x', description: 'x', threshold: 1, comparisonOperator: 'GreaterThanThreshold' as const, evaluationPeriods: 1, treatMissingData: 'missing' as const };
    const metric = { namespace: 'A', metricName: 'B', statistic: 'Sum', period: 60 };
    expect(() => assertAlarmSpec({ ...base })).toThrow(/alarm "x": invalid props[\s\S]*exactly one of metric and expression/);
    expect(() => assertAlarmSpec({ ...base, id: 'Bad-Id', metric })).toThrow(/snake_case/);
    expect(() => assertAlarmSpec({ ...base, metric: { ...metric, period: 90 } })).toThrow(/metric\.period = 90/);
    expect(() => assertAlarmSpec({ ...base, metric, datapointsToAlarm: 2 })).toThrow(/datapointsToAlarm/);
    expect(() => assertAlarmSpec({ ...base, expression: { expression: 'm1', label: 'x', metrics: { M1: metric } } })).toThrow(/lowercase/);
    expect(() => synthMonitoring({ compute: { ...LAYERS.compute, minTaskCount: 0 } })).toThrow(/compute\.minTaskCount = 0: must be a whole number >= 1/);
  });
});

describe('monitoring prop validation', () => {
  const metric = { namespace: 'A', metricName: 'B', statistic: 'Sum', period: 60 };
  const extra = (id: string, overrides: Partial<AlarmSpec> = {}): AlarmSpec => ({
    id,
    description: 'x',
    metric,
    threshold: 1,
    comparisonOperator: 'GreaterThanThreshold',
    evaluationPeriods: 1,
    treatMissingData: 'missing',
    ...overrides,
  });
  const props = (overrides: Partial<MonitoringProps> = {}): MonitoringProps => ({
    name: 'helloapi-test',
    accountId: '123456789012',
    region: 'us-east-1',
    compute: { clusterName: 'c', serviceName: 's', minTaskCount: 2, logGroupName: '/ecs/x' },
    ...overrides,
  });

  it('accepts valid props', () => {
    expect(monitoringPropsProblems(props({ extraAlarms: [extra('replica_lag')] }))).toEqual([]);
  });

  it('reports every problem at once in one PropsError naming the construct, without creating anything', () => {
    let error: unknown;
    try {
      synthMonitoring({
        thresholds: { ecsCpuPercent: 150, rdsConnections: -5 },
        compute: { ...LAYERS.compute, minTaskCount: 0 },
        alarmHttpsEndpoints: ['https://ok.example.com/x', 'http://hooks.example.com/secret-token'],
        extraAlarms: [extra('failed_logins'), extra('mine'), extra('mine', { evaluationPeriods: 0 })],
        securityFindings: { guardDutyMinSeverity: 11 },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsError);
    const e = error as PropsError;
    expect(e.construct).toBe('Monitoring test/monitoring');
    expect(e.problems.map((p) => p.prop)).toEqual([
      'thresholds.ecsCpuPercent',
      'thresholds.rdsConnections',
      'compute.minTaskCount',
      'alarmHttpsEndpoints.1',
      'extraAlarms.0.id',
      'extraAlarms.2.id',
      'extraAlarms.2.evaluationPeriods',
      'extraAlarms.2.datapointsToAlarm',
      'securityFindings.guardDutyMinSeverity',
    ]);
    expect(e.message).toMatch(/^Monitoring test\/monitoring: invalid props \(9 problems\):\n/);
    expect(e.message).toMatch(/extraAlarms\.0\.id = "failed_logins": is a built-in alarm of the monitoring layer/);
    expect(e.message).toMatch(/extraAlarms\.2\.id = "mine": is listed twice/);
    // A webhook URL often carries a secret: the message names its position only.
    expect(e.message).toMatch(/\n {2}alarmHttpsEndpoints\.1: must be an https:\/\/ URL/);
    expect(e.message).not.toMatch(/secret-token/);
  });

  it('refuses a built-in id only when that alarm exists (its input is given)', () => {
    expect(monitoringPropsProblems(props({ extraAlarms: [extra('rds_cpu_high')] }))).toEqual([]);
    expect(monitoringPropsProblems(props({ database: { instanceIdentifier: 'db' }, extraAlarms: [extra('rds_cpu_high')] })).map((p) => p.prop)).toEqual(['extraAlarms.0.id']);
  });

  it('refuses a deprecated single value next to the typed layer output that replaces it, each by name', () => {
    const problems = monitoringPropsProblems(props({ edge: LAYERS.edge, database: LAYERS.database, ...SINGLE_VALUES }));
    expect(problems.map((p) => [p.prop, p.message])).toEqual([
      ['loadBalancer', 'is replaced by `edge` (given too): pass one of them'],
      ['webAclName', 'is replaced by `edge` (given too): pass one of them'],
      ['service', 'is replaced by `compute` (given too): pass one of them'],
      ['appLogGroupName', 'is replaced by `compute` (given too): pass one of them'],
      ['dbInstanceIdentifier', 'is replaced by `database` (given too): pass one of them'],
    ]);
    expect(monitoringPropsProblems({ name: 'helloapi-test', accountId: '123456789012', region: 'us-east-1', ...SINGLE_VALUES })).toEqual([]);
  });

  it('exports pure rules for thresholds and alarm specs', () => {
    expect(thresholdProblems({ elbErrorRatePercent: 101, failedLogins: 3, p99LatencySeconds: -1 })).toEqual([
      { prop: 'elbErrorRatePercent', value: 101, message: 'is a percentage: 0-100' },
      { prop: 'p99LatencySeconds', value: -1, message: 'must be a number >= 0' },
    ]);
    expect(
      alarmSpecProblems(extra('Bad', { metric: undefined, expression: { expression: 'a', label: 'a', metrics: { A: { ...metric, period: 45 }, expression: metric } } })).map((p) => p.prop),
    ).toEqual(['id', 'expression.metrics.A.period', 'expression.metrics.A', 'expression.metrics.expression']);
  });
});

describe('what monitoring watches: the layers\' typed outputs', () => {
  const base = { name: 'helloapi-test', accountId: '123456789012', region: 'eu-west-1' };

  it('maps edge, compute and database outputs onto CloudWatch dimensions once (the service alarms below compute\'s floor)', () => {
    expect(monitoredResources({ ...base, ...LAYERS })).toEqual({
      failedLoginMetric: { namespace: `CustomMetrics/${base.name}`, metricName: 'FailedLoginCount' },
      loadBalancer: { albArnSuffix: FAKE.albSuffix, targetGroupArnSuffix: FAKE.tgSuffix },
      service: { clusterName: FAKE.cluster, serviceName: FAKE.service, desiredCount: 2 },
      dbInstanceIdentifier: FAKE.db,
      waf: { webAclName: FAKE.webAcl, region: 'eu-west-1' },
      appLogGroupName: FAKE.logGroup,
    });
    expect(monitoredResources({ ...base, ...LAYERS, webAclRegion: 'us-east-2' }).waf).toEqual({ webAclName: FAKE.webAcl, region: 'us-east-2' });
    // Without a web ACL or a log group: no WAF alarm, no failed-login filter.
    const partial = monitoredResources({ ...base, edge: { albArnSuffix: 'a', targetGroupArnSuffix: 't' }, compute: { clusterName: 'c', serviceName: 's', minTaskCount: 1 } });
    expect(partial.waf).toBeUndefined();
    expect(partial.appLogGroupName).toBeUndefined();
    expect(monitoredResources(base)).toEqual({});
  });

  it('takes whole layer outputs (extra fields ignored) and the deprecated single values alike: the same bytes', () => {
    const whole = synthMonitoring({
      edge: { ...LAYERS.edge, apiUrl: 'https://api.test.example.com', albArn: 'arn:aws:elasticloadbalancing:x' } as MonitoringProps['edge'],
      compute: { ...LAYERS.compute, clusterArn: 'arn:aws:ecs:x' } as MonitoringProps['compute'],
    }).stack.json;
    const single = synthMonitoring({ edge: undefined, compute: undefined, database: undefined, ...SINGLE_VALUES }).stack.json;
    expect(JSON.stringify(single)).toBe(JSON.stringify(whole));
    expect(JSON.stringify(whole)).toBe(JSON.stringify(synthMonitoring().stack.json));
  });
});

describe('blue/green: both target groups watched (edge.greenTargetGroupArnSuffix)', () => {
  const GREEN = 'targetgroup/helloapi-test-green/fedcba9876543210';
  const { stack } = synthMonitoring({ edge: { ...LAYERS.edge, greenTargetGroupArnSuffix: GREEN } });
  const rolling = synthMonitoring().stack;
  const targetsGraph = (s: typeof stack) => JSON.parse(s.resource('aws_cloudwatch_dashboard', 'monitoring_dashboard').dashboard_body).widgets.find((w: any) => w.properties?.title === 'Targets');

  it('keeps alb_unhealthy_hosts on blue (same address) and adds alb_unhealthy_hosts_green on the green target group, alike but for it', () => {
    const blue = alarm(stack, 'alb_unhealthy_hosts');
    const green = alarm(stack, 'alb_unhealthy_hosts_green');
    expect(blue.dimensions).toEqual({ LoadBalancer: FAKE.albSuffix, TargetGroup: FAKE.tgSuffix });
    expect(green.dimensions).toEqual({ LoadBalancer: FAKE.albSuffix, TargetGroup: GREEN });
    expect(green.alarm_name).toBe('helloapi-test-alb-unhealthy-hosts-green');
    expect(green.alarm_description).toMatch(/unhealthy target\(s\) in the green target group/);
    expect(blue.alarm_description).toMatch(/unhealthy target\(s\) in the blue target group/);
    const same = ({ metric_name, statistic, period, threshold, comparison_operator, evaluation_periods, treat_missing_data, alarm_actions, ok_actions }: Alarm) => ({
      metric_name, statistic, period, threshold, comparison_operator, evaluation_periods, treat_missing_data, alarm_actions, ok_actions,
    });
    expect(same(green)).toEqual(same(blue));
    expect(same(green)).toEqual(same(alarm(rolling, 'alb_unhealthy_hosts')));
    expect(green.alarm_actions).toEqual([TOPIC]);
  });

  it('adds nothing with one target group (rolling): the same alarms and bytes as before', () => {
    expect(Object.keys(rolling.resources('aws_cloudwatch_metric_alarm'))).not.toContain('monitoring_alb_unhealthy_hosts_green');
    expect(alarm(rolling, 'alb_unhealthy_hosts').alarm_description).toBe('More than 0 unhealthy target(s) for 3 minutes. Check the health endpoint and task logs.');
    expect(JSON.stringify(synthMonitoring({ edge: { ...LAYERS.edge, greenTargetGroupArnSuffix: undefined } }).stack.json)).toBe(JSON.stringify(rolling.json));
  });

  it('graphs healthy and unhealthy targets of both target groups on the dashboard, and lists the green alarm', () => {
    const rows = targetsGraph(stack).properties.metrics as any[][];
    expect(rows.map((r) => [r[1], r[3], r[r.length - 1].label])).toEqual([
      ['HealthyHostCount', FAKE.tgSuffix, 'Healthy (blue)'],
      ['UnHealthyHostCount', FAKE.tgSuffix, 'Unhealthy (blue)'],
      ['HealthyHostCount', GREEN, 'Healthy (green)'],
      ['UnHealthyHostCount', GREEN, 'Unhealthy (green)'],
    ]);
    expect((targetsGraph(rolling).properties.metrics as any[][]).map((r) => r[3])).toEqual([FAKE.tgSuffix, FAKE.tgSuffix]);
    const alarmWidget = JSON.parse(stack.resource('aws_cloudwatch_dashboard', 'monitoring_dashboard').dashboard_body).widgets.find((w: any) => w.type === 'alarm');
    expect(alarmWidget.properties.alarms).toContain('${aws_cloudwatch_metric_alarm.monitoring_alb_unhealthy_hosts_green.arn}');
  });

  it('refuses an extra alarm with the green id only when the green target group is watched', () => {
    const extra: AlarmSpec = { id: 'alb_unhealthy_hosts_green', description: 'x', metric: { namespace: 'A', metricName: 'B', statistic: 'Sum', period: 60 }, threshold: 1, comparisonOperator: 'GreaterThanThreshold', evaluationPeriods: 1, treatMissingData: 'notBreaching' };
    const base = { name: 'helloapi-test', accountId: '123456789012', region: 'eu-west-1', ...LAYERS, extraAlarms: [extra] };
    expect(monitoringPropsProblems(base)).toEqual([]);
    expect(monitoringPropsProblems({ ...base, edge: { ...LAYERS.edge, greenTargetGroupArnSuffix: GREEN } }).map((p) => p.prop)).toEqual(['extraAlarms.0.id']);
  });
});
