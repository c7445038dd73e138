import { Op, Token } from 'cdktf';
import { PropProblem, Problems } from '../core/problems';

/**
 * Alarm specifications as plain data: the built-in alarms of the monitoring
 * layer and the `extraAlarms` extension point share one shape, so every alarm
 * (ours or a consumer's) gets the same actions and naming.
 */

/** CloudWatch comparison operators for static thresholds. */
export type ComparisonOperator = 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';

/**
 * How an alarm treats periods without data. Chosen per alarm:
 * `notBreaching` where silence means "nothing happened" (no traffic, no errors),
 * `breaching` where silence means the thing that should report is gone,
 * `missing` where the previous state should simply be kept.
 */
export type TreatMissingData = 'missing' | 'ignore' | 'breaching' | 'notBreaching';

/** One CloudWatch metric. */
export interface AlarmMetric {
  /** Metric namespace, e.g. `AWS/ApplicationELB`. */
  readonly namespace: string;
  /** Metric name, e.g. `RequestCount`. */
  readonly metricName: string;
  /**
   * Metric dimensions.
   * @default {}
   */
  readonly dimensions?: Record<string, string>;
  /** `Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount`, or a percentile such as `p99`. */
  readonly statistic: string;
  /** Period in seconds (60 or a multiple of 60). */
  readonly period: number;
}

/** A metric-math expression over named metrics (ids are lowercase, start with a letter). */
export interface AlarmExpression {
  /** The expression, e.g. `100 * errors / requests`. */
  readonly expression: string;
  /** Label of the computed series. */
  readonly label: string;
  /** The metrics the expression refers to, by id. */
  readonly metrics: Record<string, AlarmMetric>;
}

/** A CloudWatch alarm, independent of where its actions go. Exactly one of `metric` and `expression`. */
export interface AlarmSpec {
  /** snake_case construct id; the alarm is named `<name>-<id with hyphens>`. */
  readonly id: string;
  /** What the alarm means and what to look at first. */
  readonly description: string;
  /**
   * A single metric.
   * @default undefined (set `expression`)
   */
  readonly metric?: AlarmMetric;
  /**
   * A metric-math expression (rates, ratios).
   * @default undefined (set `metric`)
   */
  readonly expression?: AlarmExpression;
  /** The value the metric (or expression) is compared with, in the metric's unit. */
  readonly threshold: number;
  /** How the metric is compared with `threshold`. */
  readonly comparisonOperator: ComparisonOperator;
  /** Periods evaluated. */
  readonly evaluationPeriods: number;
  /**
   * Breaching periods (of `evaluationPeriods`) that trigger the alarm.
   * @default evaluationPeriods
   */
  readonly datapointsToAlarm?: number;
  /** How periods without data count; see {@link TreatMissingData}. */
  readonly treatMissingData: TreatMissingData;
}

/** Alarm thresholds; every one has a default. */
export interface MonitoringThresholds {
  /**
   * ALB target 5xx responses as a percentage of requests (5-minute periods, 2 of 2).
   * @default 5
   */
  readonly targetErrorRatePercent?: number;
  /**
   * ALB-generated 5xx responses (502/503/504 from the load balancer itself) as a percentage of requests.
   * @default 5
   */
  readonly elbErrorRatePercent?: number;
  /**
   * Requests per 5 minutes below which the error rates read 0 (one failure in three requests is not an incident).
   * @default 20
   */
  readonly errorRateMinRequests?: number;
  /**
   * p99 target response time in seconds (3 of 3 five-minute periods).
   * @default 2
   */
  readonly p99LatencySeconds?: number;
  /**
   * Unhealthy targets tolerated (the alarm fires above this, 3 of 3 one-minute periods).
   * @default 0
   */
  readonly unhealthyHosts?: number;
  /**
   * ECS service average CPU utilization percent (3 of 3 five-minute periods).
   * @default 85
   */
  readonly ecsCpuPercent?: number;
  /**
   * ECS service average memory utilization percent (3 of 3 five-minute periods).
   * @default 85
   */
  readonly ecsMemoryPercent?: number;
  /**
   * RDS CPU utilization percent (3 of 3 five-minute periods).
   * @default 80
   */
  readonly rdsCpuPercent?: number;
  /**
   * RDS free storage in GiB below which the alarm fires.
   * @default 5
   */
  readonly rdsFreeStorageGiB?: number;
  /**
   * RDS freeable memory in MiB below which the alarm fires (3 of 3 five-minute periods).
   * @default 128
   */
  readonly rdsFreeableMemoryMiB?: number;
  /**
   * RDS connections above which the alarm fires (2 of 2 five-minute periods).
   * @default 80
   */
  readonly rdsConnections?: number;
  /**
   * WAF blocked requests per 5 minutes above which the alarm fires (an attack or a false-positive rule).
   * @default 500
   */
  readonly wafBlockedRequests?: number;
  /**
   * Failed logins per 5 minutes above which the alarm fires (the security guide's value).
   * @default 10
   */
  readonly failedLogins?: number;
}

/** Every threshold with its default applied. */
export type ResolvedThresholds = Required<MonitoringThresholds>;

export const DEFAULT_THRESHOLDS: ResolvedThresholds = {
  targetErrorRatePercent: 5,
  elbErrorRatePercent: 5,
  errorRateMinRequests: 20,
  p99LatencySeconds: 2,
  unhealthyHosts: 0,
  ecsCpuPercent: 85,
  ecsMemoryPercent: 85,
  rdsCpuPercent: 80,
  rdsFreeStorageGiB: 5,
  rdsFreeableMemoryMiB: 128,
  rdsConnections: 80,
  wafBlockedRequests: 500,
  failedLogins: 10,
};

/**
 * What is wrong with threshold overrides (negative values, percentages above 100), by threshold name; empty when
 * they are valid. Terraform variables (published module) are left to their own validation blocks.
 */
export function thresholdProblems(overrides: MonitoringThresholds = {}): PropProblem[] {
  const problems = new Problems();
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined || Token.isUnresolved(v)) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) problems.add(k, v, 'must be a number >= 0');
    else if (isPercentThreshold(k) && v > 100) problems.add(k, v, 'is a percentage: 0-100');
  }
  return [...problems.all];
}

/** Whether a threshold is a percentage (0-100): its name ends in `Percent`. */
export function isPercentThreshold(name: string): boolean {
  return name.endsWith('Percent');
}

/** Applies defaults; throws a PropsError listing every nonsense threshold (see thresholdProblems). */
export function resolveThresholds(overrides: MonitoringThresholds = {}): ResolvedThresholds {
  new Problems().addAll(thresholdProblems(overrides)).throwIfAny('Monitoring thresholds');
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as MonitoringThresholds;
  return { ...DEFAULT_THRESHOLDS, ...defined };
}

/** `value * factor`, also when value is a Terraform expression (a module variable). */
function scaled(value: number, factor: number): number {
  return Token.isUnresolved(value) ? Op.mul(value, factor) : value * factor;
}

/** The metric the seed's failed-login alarm watches (security guide: `--metric-name FailedLoginCount --namespace CustomMetrics`). */
export const FAILED_LOGIN_METRIC = { namespace: 'CustomMetrics', metricName: 'FailedLoginCount' } as const;

/**
 * The failed-login metric of one environment: the seed's `FailedLoginCount`, in the seed's namespace suffixed with the
 * environment's name (`CustomMetrics/<name>`). Environments sharing an account would otherwise publish, and alarm on,
 * one metric. A per-environment namespace rather than a dimension: a metric filter's dimension values are fields of
 * the log event (CloudWatch Logs User Guide, "Publishing dimensions with metrics from values in JSON or
 * space-delimited log events",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntaxForMetricFilters.html), and the
 * app's failed-login line does not carry the environment (nor does a plain-text pattern have fields).
 */
export function failedLoginMetric(name: string): { readonly namespace: string; readonly metricName: string } {
  return { namespace: `${FAILED_LOGIN_METRIC.namespace}/${name}`, metricName: FAILED_LOGIN_METRIC.metricName };
}

/**
 * The default filter pattern: the app logs one JSON line per failed login,
 * `{"event": "login_failed", ...}` (see modules/monitoring/README.md).
 */
export const DEFAULT_FAILED_LOGIN_PATTERN = '{ $.event = "login_failed" }';

/** The load balancer's CloudWatch dimensions. */
export interface AlbDimensions {
  /** ALB ARN suffix, `app/<name>/<id>` (dimension LoadBalancer). */
  readonly albArnSuffix: string;
  /** Target group ARN suffix, `targetgroup/<name>/<id>` (dimension TargetGroup). */
  readonly targetGroupArnSuffix: string;
  /**
   * Blue/green deploys: the second (green) target group's ARN suffix. Production traffic is on either target group
   * after a CodeDeploy deployment, so the unhealthy-hosts alarm and the dashboard's target graph watch both.
   * @default undefined (one target group: rolling deploys)
   */
  readonly greenTargetGroupArnSuffix?: string;
}

const ALB = 'AWS/ApplicationELB';

/** ALB alarms: target and ELB 5xx rates (metric math), p99 latency, unhealthy hosts. */
export function albAlarms(lb: AlbDimensions, t: ResolvedThresholds): AlarmSpec[] {
  const d = { LoadBalancer: lb.albArnSuffix };
  const sum = (metricName: string) => ({ namespace: ALB, metricName, dimensions: d, statistic: 'Sum', period: 300 });
  const min = t.errorRateMinRequests;
  return [
    {
      id: 'alb_target_5xx_rate',
      description: `More than ${t.targetErrorRatePercent}% of requests got a 5xx from the app (ALB HTTPCode_Target_5XX_Count / RequestCount, 2 of 2 five-minute periods, at least ${min} requests). Check the app logs and recent deployments.`,
      expression: {
        expression: `IF(FILL(requests, 0) >= ${min}, 100 * FILL(errors, 0) / requests, 0)`,
        label: 'Target 5xx rate (%)',
        metrics: { errors: sum('HTTPCode_Target_5XX_Count'), requests: sum('RequestCount') },
      },
      threshold: t.targetErrorRatePercent,
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      // No requests and no errors: nothing is wrong.
      treatMissingData: 'notBreaching',
    },
    {
      id: 'alb_elb_5xx_rate',
      description: `More than ${t.elbErrorRatePercent}% of requests got a 5xx from the load balancer itself (502/503/504: no healthy target, target reset or timeout), 2 of 2 five-minute periods. Check target health and the service's running tasks.`,
      expression: {
        // Requests the ALB rejects before choosing a target (503 with no healthy target) are not in
        // RequestCount, so the denominator adds them back: the rate stays within 0-100%.
        expression: `IF(FILL(requests, 0) + FILL(errors, 0) >= ${min}, 100 * FILL(errors, 0) / (FILL(requests, 0) + FILL(errors, 0)), 0)`,
        label: 'ELB 5xx rate (%)',
        metrics: { errors: sum('HTTPCode_ELB_5XX_Count'), requests: sum('RequestCount') },
      },
      threshold: t.elbErrorRatePercent,
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: 'notBreaching',
    },
    {
      id: 'alb_p99_latency',
      description: `p99 target response time above ${t.p99LatencySeconds}s for 15 minutes. Check database load and slow endpoints.`,
      metric: { namespace: ALB, metricName: 'TargetResponseTime', dimensions: d, statistic: 'p99', period: 300 },
      threshold: t.p99LatencySeconds,
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 3,
      // No traffic, no latency.
      treatMissingData: 'notBreaching',
    },
    unhealthyHostsAlarm('alb_unhealthy_hosts', lb.albArnSuffix, lb.targetGroupArnSuffix, t, lb.greenTargetGroupArnSuffix === undefined ? '' : ' in the blue target group'),
    ...(lb.greenTargetGroupArnSuffix === undefined ? [] : [unhealthyHostsAlarm('alb_unhealthy_hosts_green', lb.albArnSuffix, lb.greenTargetGroupArnSuffix, t, ' in the green target group')]),
  ];
}

/**
 * Unhealthy targets of one target group for 3 minutes. With blue/green deploys there is one per target group
 * (`alb_unhealthy_hosts` on blue, `alb_unhealthy_hosts_green`): CodeDeploy moves production traffic to whichever
 * target group the replacement task set registered with, so after a deployment the serving tasks may be on either.
 */
function unhealthyHostsAlarm(id: string, albArnSuffix: string, targetGroupArnSuffix: string, t: ResolvedThresholds, where: string): AlarmSpec {
  return {
    id,
    description: `More than ${t.unhealthyHosts} unhealthy target(s)${where} for 3 minutes. Check the health endpoint and task logs.`,
    metric: {
      namespace: ALB,
      metricName: 'UnHealthyHostCount',
      dimensions: { LoadBalancer: albArnSuffix, TargetGroup: targetGroupArnSuffix },
      statistic: 'Maximum',
      period: 60,
    },
    threshold: t.unhealthyHosts,
    comparisonOperator: 'GreaterThanThreshold',
    evaluationPeriods: 3,
    // The ALB reports this every minute while targets are registered; a gap means no targets (the idle target group
    // of a blue/green pair, or no tasks, which the running-tasks alarm reports).
    treatMissingData: 'notBreaching',
  };
}

/** The ECS service's CloudWatch dimensions and expected size. */
export interface ServiceDimensions {
  /** ECS cluster name (dimension ClusterName). */
  readonly clusterName: string;
  /** ECS service name (dimension ServiceName). */
  readonly serviceName: string;
  /** Tasks that must be running: the alarm fires below this (pass the auto scaling floor). */
  readonly desiredCount: number;
}

/** ECS alarms: CPU and memory high (AWS/ECS), running tasks below desired (Container Insights). See serviceDimensionsProblems. */
export function serviceAlarms(s: ServiceDimensions, t: ResolvedThresholds): AlarmSpec[] {
  const d = { ClusterName: s.clusterName, ServiceName: s.serviceName };
  return [
    {
      id: 'ecs_cpu_high',
      description: `Service CPU above ${t.ecsCpuPercent}% for 15 minutes: auto scaling is not keeping up or is at its ceiling.`,
      metric: { namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions: d, statistic: 'Average', period: 300 },
      threshold: t.ecsCpuPercent,
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 3,
      // No tasks, no utilization: the running-tasks alarm covers that case.
      treatMissingData: 'notBreaching',
    },
    {
      id: 'ecs_memory_high',
      description: `Service memory above ${t.ecsMemoryPercent}% for 15 minutes: tasks risk being OOM-killed.`,
      metric: { namespace: 'AWS/ECS', metricName: 'MemoryUtilization', dimensions: d, statistic: 'Average', period: 300 },
      threshold: t.ecsMemoryPercent,
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 3,
      treatMissingData: 'notBreaching',
    },
    {
      id: 'ecs_running_tasks_low',
      description: `Fewer than ${s.desiredCount} task(s) running for 5 minutes (Container Insights RunningTaskCount). Check stopped-task reasons in the ECS console.`,
      metric: { namespace: 'ECS/ContainerInsights', metricName: 'RunningTaskCount', dimensions: d, statistic: 'Maximum', period: 60 },
      threshold: s.desiredCount,
      comparisonOperator: 'LessThanThreshold',
      evaluationPeriods: 5,
      // Container Insights reports every minute while the service exists: silence means it is gone.
      treatMissingData: 'breaching',
    },
  ];
}

/** What is wrong with the service's dimensions: desiredCount must be a whole number >= 1 (when not a Terraform variable). */
export function serviceDimensionsProblems(s: ServiceDimensions): PropProblem[] {
  if (!Token.isUnresolved(s.desiredCount) && (!Number.isInteger(s.desiredCount) || s.desiredCount < 1)) {
    return [{ prop: 'desiredCount', value: s.desiredCount, message: 'must be a whole number >= 1' }];
  }
  return [];
}

/** RDS alarms: CPU, free storage, freeable memory, connections. */
export function databaseAlarms(dbInstanceIdentifier: string, t: ResolvedThresholds): AlarmSpec[] {
  const m = (metricName: string, statistic: string) => ({
    namespace: 'AWS/RDS',
    metricName,
    dimensions: { DBInstanceIdentifier: dbInstanceIdentifier },
    statistic,
    period: 300,
  });
  return [
    {
      id: 'rds_cpu_high',
      description: `Database CPU above ${t.rdsCpuPercent}% for 15 minutes. Check Performance Insights for the top queries.`,
      metric: m('CPUUtilization', 'Average'),
      threshold: t.rdsCpuPercent,
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 3,
      // Keep the last state through short reporting gaps (reboots, failovers).
      treatMissingData: 'missing',
    },
    {
      id: 'rds_free_storage_low',
      description: `Database free storage below ${t.rdsFreeStorageGiB} GiB. Storage autoscaling may be at its ceiling (maxAllocatedStorage).`,
      metric: m('FreeStorageSpace', 'Minimum'),
      threshold: scaled(t.rdsFreeStorageGiB, 1024 ** 3),
      comparisonOperator: 'LessThanThreshold',
      evaluationPeriods: 1,
      // RDS reports storage continuously: silence means the instance is not reporting (stopped or gone).
      treatMissingData: 'breaching',
    },
    {
      id: 'rds_freeable_memory_low',
      description: `Database freeable memory below ${t.rdsFreeableMemoryMiB} MiB for 15 minutes: the instance class is too small or connections use too much memory.`,
      metric: m('FreeableMemory', 'Average'),
      threshold: scaled(t.rdsFreeableMemoryMiB, 1024 ** 2),
      comparisonOperator: 'LessThanThreshold',
      evaluationPeriods: 3,
      treatMissingData: 'breaching',
    },
    {
      id: 'rds_connections_high',
      description: `More than ${t.rdsConnections} database connections for 10 minutes: connection leak, or more tasks than the database can serve.`,
      metric: m('DatabaseConnections', 'Maximum'),
      threshold: t.rdsConnections,
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 2,
      treatMissingData: 'notBreaching',
    },
  ];
}

/** The regional web ACL's CloudWatch dimensions. */
export interface WafDimensions {
  /** Web ACL name (dimension WebACL). */
  readonly webAclName: string;
  /** Region of the regional web ACL (dimension Region). */
  readonly region: string;
}

/**
 * A web ACL's blocked-requests spike (all rules): Sum of AWS/WAFV2 BlockedRequests over 5 minutes above the
 * threshold. WAF publishes BlockedRequests only when it blocks something, so missing data is not breaching.
 */
function blockedRequestsAlarm(id: string, description: string, dimensions: Record<string, string>, threshold: number): AlarmSpec {
  return {
    id,
    description,
    metric: { namespace: 'AWS/WAFV2', metricName: 'BlockedRequests', dimensions, statistic: 'Sum', period: 300 },
    threshold,
    comparisonOperator: 'GreaterThanThreshold',
    evaluationPeriods: 1,
    treatMissingData: 'notBreaching',
  };
}

/** WAF alarm: blocked requests spike (all rules) on the regional web ACL. */
export function wafAlarms(w: WafDimensions, t: ResolvedThresholds): AlarmSpec[] {
  return [
    blockedRequestsAlarm(
      'waf_blocked_spike',
      `WAF blocked more than ${t.wafBlockedRequests} requests in 5 minutes: an attack, or a rule blocking real users. Check the WAF logs.`,
      { WebACL: w.webAclName, Rule: 'ALL', Region: w.region },
      t.wafBlockedRequests,
    ),
  ];
}

/** A CLOUDFRONT-scoped web ACL's CloudWatch dimensions (its metrics are in us-east-1, without a Region dimension). */
export interface CloudFrontWafDimensions {
  /** Web ACL name (dimension WebACL). */
  readonly webAclName: string;
}

/**
 * The CloudFront web ACL's blocked-requests alarm `cloudfront_waf_blocked_spike`: behind CloudFront the rate limits and
 * IP rules block there, not on the regional ACL. WAF publishes a CLOUDFRONT web ACL's metrics in us-east-1 with the
 * dimensions WebACL and Rule only, no Region (AWS WAF Developer Guide, "AWS WAF metrics and dimensions",
 * https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html): the alarm must be created in us-east-1.
 */
export function cloudFrontWafAlarms(w: CloudFrontWafDimensions, t: ResolvedThresholds): AlarmSpec[] {
  return [
    blockedRequestsAlarm(
      'cloudfront_waf_blocked_spike',
      `The CloudFront web ACL blocked more than ${t.wafBlockedRequests} requests in 5 minutes (rate limits, IP rules, managed rules at the edge): an attack, or a rule blocking real users. Check the CloudFront WAF logs (us-east-1).`,
      { WebACL: w.webAclName, Rule: 'ALL' },
      t.wafBlockedRequests,
    ),
  ];
}

/**
 * The security guide's alarm, exactly but for the namespace: FailedLoginCount Sum over 300 s, 1 period, > 10, on the
 * environment's own metric (`failedLoginMetric(name)`: `CustomMetrics/<name>`), the one the metric filter publishes.
 */
export function failedLoginAlarm(t: ResolvedThresholds, metric: { readonly namespace: string; readonly metricName: string }): AlarmSpec {
  return {
    id: 'failed_logins',
    description: `More than ${t.failedLogins} failed logins in 5 minutes (${metric.namespace}/FailedLoginCount from the app log): credential stuffing or brute force.`,
    metric: { ...metric, statistic: 'Sum', period: 300 },
    threshold: t.failedLogins,
    comparisonOperator: 'GreaterThanThreshold',
    evaluationPeriods: 1,
    // The metric filter emits nothing when nobody fails to log in.
    treatMissingData: 'notBreaching',
  };
}

/** Every problem with an alarm spec's shape, by field (`id`, `evaluationPeriods`, `metric.period`, ...); empty when valid. */
export function alarmSpecProblems(spec: AlarmSpec): PropProblem[] {
  const p = new Problems();
  if (!/^[a-z][a-z0-9_]*$/.test(spec.id)) p.add('id', spec.id, 'must be snake_case (lowercase letters, digits, underscores)');
  if ((spec.metric === undefined) === (spec.expression === undefined)) p.add('metric', undefined, 'set exactly one of metric and expression');
  if (!Number.isInteger(spec.evaluationPeriods) || spec.evaluationPeriods < 1) p.add('evaluationPeriods', spec.evaluationPeriods, 'must be a whole number >= 1');
  const dta = spec.datapointsToAlarm ?? spec.evaluationPeriods;
  if (!Number.isInteger(dta) || dta < 1 || dta > spec.evaluationPeriods) p.add('datapointsToAlarm', dta, `must be 1-${spec.evaluationPeriods} (evaluationPeriods)`);
  const metrics: [string, AlarmMetric][] = [
    ...(spec.metric ? ([['metric', spec.metric]] as [string, AlarmMetric][]) : []),
    ...Object.entries(spec.expression?.metrics ?? {}).map(([id, m]) => [`expression.metrics.${id}`, m] as [string, AlarmMetric]),
  ];
  for (const [prop, m] of metrics) {
    if (m.period < 10 || (m.period >= 60 && m.period % 60 !== 0) || (m.period < 60 && ![10, 20, 30].includes(m.period))) {
      p.add(`${prop}.period`, m.period, 'must be 10, 20, 30 or a multiple of 60 seconds');
    }
  }
  if (spec.expression) {
    const ids = Object.keys(spec.expression.metrics);
    if (ids.length === 0) p.add('expression.metrics', {}, 'an expression needs at least one metric');
    for (const id of ids) if (!/^[a-z][a-zA-Z0-9_]*$/.test(id)) p.add(`expression.metrics.${id}`, undefined, 'the metric id must start with a lowercase letter');
    if (ids.includes('expression')) p.add('expression.metrics.expression', undefined, '"expression" is reserved for the computed series');
  }
  return [...p.all];
}

/** Checks an alarm spec's shape; throws a PropsError naming the alarm with every problem (see alarmSpecProblems). */
export function assertAlarmSpec(spec: AlarmSpec): void {
  new Problems().addAll(alarmSpecProblems(spec)).throwIfAny(`alarm "${spec.id}"`);
}
