import { Fn, TerraformIterator, TerraformVariable, Token } from 'cdktf';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { layerBaseVariables, regexCondition, wholeNumberCondition } from '../core/module-variables';
import { ModuleVariableSpec, stringMapValue, TerraformModuleSpec } from '../core/terraform-module';
import {
  albAlarms,
  databaseAlarms,
  DEFAULT_FAILED_LOGIN_PATTERN,
  DEFAULT_THRESHOLDS,
  failedLoginAlarm,
  failedLoginMetric,
  isPercentThreshold,
  MonitoringThresholds,
  serviceAlarms,
  wafAlarms,
} from './alarms';
import { dashboardBody } from './dashboard';
import { Monitoring } from './index';
import { HTTPS_URL_PATTERN, MONITORING_MAX_NAME_LENGTH } from './validation';

/** Module variable for each threshold (snake_case), with its description. */
const THRESHOLD_VARIABLES: Record<keyof MonitoringThresholds, { name: string; description: string }> = {
  targetErrorRatePercent: { name: 'target_error_rate_percent', description: 'ALB target 5xx, percent of requests (2 of 2 five-minute periods).' },
  elbErrorRatePercent: { name: 'elb_error_rate_percent', description: 'ALB-generated 5xx, percent of requests.' },
  errorRateMinRequests: { name: 'error_rate_min_requests', description: 'Requests per 5 minutes below which the error rates read 0.' },
  p99LatencySeconds: { name: 'p99_latency_seconds', description: 'p99 target response time in seconds (3 of 3 five-minute periods).' },
  unhealthyHosts: { name: 'unhealthy_hosts', description: 'Unhealthy targets tolerated (the alarm fires above).' },
  ecsCpuPercent: { name: 'ecs_cpu_percent', description: 'ECS service average CPU percent (3 of 3 five-minute periods).' },
  ecsMemoryPercent: { name: 'ecs_memory_percent', description: 'ECS service average memory percent (3 of 3 five-minute periods).' },
  rdsCpuPercent: { name: 'rds_cpu_percent', description: 'RDS CPU percent (3 of 3 five-minute periods).' },
  rdsFreeStorageGiB: { name: 'rds_free_storage_gib', description: 'RDS free storage floor in GiB.' },
  rdsFreeableMemoryMiB: { name: 'rds_freeable_memory_mib', description: 'RDS freeable memory floor in MiB.' },
  rdsConnections: { name: 'rds_connections', description: 'RDS connections ceiling (2 of 2 five-minute periods).' },
  wafBlockedRequests: { name: 'waf_blocked_requests', description: 'WAF blocked requests per 5 minutes.' },
  failedLogins: { name: 'failed_logins', description: 'Failed logins per 5 minutes (the security guide: 10).' },
};

function thresholdVariables(): ModuleVariableSpec[] {
  return (Object.keys(THRESHOLD_VARIABLES) as (keyof MonitoringThresholds)[]).map((key) => {
    const v = THRESHOLD_VARIABLES[key];
    return {
      name: v.name,
      type: 'number',
      description: `Alarm threshold: ${v.description}`,
      default: DEFAULT_THRESHOLDS[key],
      validation: [
        // The layer's rule (thresholdProblems): every threshold >= 0, percentages at most 100.
        isPercentThreshold(key)
          ? { condition: `var.${v.name} >= 0 && var.${v.name} <= 100`, errorMessage: `${v.name} is a percentage: 0-100.`, invalid: 101 }
          : { condition: `var.${v.name} >= 0`, errorMessage: `${v.name} must be 0 or more.`, invalid: -1 },
      ],
    };
  });
}

/** `var.<name> == null ? true : <condition>` (Terraform does not short-circuit `||`; a conditional does). */
const whenSet = (name: string, condition: string) => `var.${name} == null ? true : ${condition}`;

/**
 * What the module watches, as the construct's optional `edge`, `compute` and `database` props (the other layers'
 * outputs): one object each, default null, so `edge = module.edge` passes the edge module's outputs. Whether a group
 * exists must be known at plan time (it decides `count`): an object of unknown attributes is still known to be there.
 */
const WATCHED_OBJECTS: ModuleVariableSpec[] = [
  {
    name: 'edge',
    type: 'object({ alb_arn_suffix = string, target_group_arn_suffix = string, web_acl_name = optional(string) })',
    description:
      'The load balancer (and regional web ACL) to watch: the edge module\'s outputs (`edge = module.edge`), or the CloudWatch dimensions of one managed elsewhere (`alb_arn_suffix` `app/<name>/<id>`, `target_group_arn_suffix` `targetgroup/<name>/<id>`, `web_acl_name`, known at plan time). Default null: no load balancer or WAF alarms or graphs; `web_acl_name` null: no WAF alarm.',
    default: null,
    validation: [
      {
        condition: whenSet('edge', 'try(length(var.edge.alb_arn_suffix) > 0, false) && try(length(var.edge.target_group_arn_suffix) > 0, false) && try(length(var.edge.web_acl_name) > 0, var.edge.web_acl_name == null)'),
        errorMessage: 'edge must be null (not watched) or have a non-empty alb_arn_suffix and target_group_arn_suffix (web_acl_name null or not empty).',
        invalid: { alb_arn_suffix: 'app/helloapi/0123456789abcdef', target_group_arn_suffix: '', web_acl_name: null },
      },
    ],
  },
  {
    name: 'compute',
    type: 'object({ cluster_name = string, service_name = string, min_task_count = number, log_group_name = optional(string) })',
    description:
      'The ECS service to watch: the compute module\'s outputs (`compute = module.compute`), or a service managed elsewhere (`min_task_count` is the auto scaling floor the running-tasks alarm fires below; Container Insights must be on; `log_group_name`, known at plan time, is where the failed-login metric filter runs). Default null: no service or failed-login alarms or graphs; `log_group_name` null: no failed-login filter or alarm.',
    default: null,
    // The layer's rule for the service's floor, compute.minTaskCount (serviceDimensionsProblems).
    validation: [
      {
        condition: whenSet('compute', `try(length(var.compute.cluster_name) > 0, false) && try(length(var.compute.service_name) > 0, false) && ${wholeNumberCondition('compute.min_task_count', { min: 1 })}`),
        errorMessage: 'compute must be null (not watched) or have a non-empty cluster_name and service_name and a whole min_task_count >= 1.',
        invalid: { cluster_name: 'helloapi', service_name: 'helloapi-web', min_task_count: 0, log_group_name: null },
      },
    ],
  },
  {
    name: 'database',
    type: 'object({ instance_identifier = string })',
    description: 'The RDS instance to watch: the database module\'s outputs (`database = module.database`), or `{ instance_identifier = "<DBInstanceIdentifier>" }`. Default null: no database alarms or graphs.',
    default: null,
    validation: [{ condition: whenSet('database', 'try(length(var.database.instance_identifier) > 0, false)'), errorMessage: 'database must be null (not watched) or have a non-empty instance_identifier.', invalid: { instance_identifier: '' } }],
  },
];

/** Which watched input turns each group of alarms on, in HCL (known at plan time: `count`). */
const WATCHED = {
  loadBalancer: 'var.edge != null',
  service: 'var.compute != null',
  database: 'var.database != null',
  waf: 'try(var.edge.web_acl_name, null) != null',
  failedLogins: 'try(var.compute.log_group_name, null) != null',
} as const;
type WatchedGroup = keyof typeof WATCHED;

/** `var.<object>.<name>` as a string token. */
const attribute = (variable: TerraformVariable, name: string) => Token.asString(Fn.lookupNested(variable.value, [name]));

/** A string standing for an HCL expression in the dashboard body (dashboardBody is given these instead of values). */
const expr = (e: string) => `@@${e}@@`;

/** A JSON value as an HCL expression: literals escaped, `expr(...)` strings as the expression. */
function hcl(value: unknown): string {
  if (typeof value === 'string') {
    const whole = /^@@([^@]*)@@$/.exec(value);
    if (whole) return whole[1];
    // A template: literal parts escaped (`$${`, `%%{`), expressions interpolated.
    return value
      .split(/@@([^@]*)@@/)
      .map((part, i) => (i % 2 === 1 ? `\${${part}}` : JSON.stringify(part).slice(1, -1).replace(/([$%])\{/g, '$1$1{')))
      .join('')
      .replace(/^/, '"')
      .replace(/$/, '"');
  }
  if (Array.isArray(value)) return `[${value.map(hcl).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{ ${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)} = ${hcl(v)}`).join(', ')} }`;
  return JSON.stringify(value);
}

/** `[for w in [<widgets>] : w if <condition>]`: the widgets only when the condition holds (a tuple, whatever the widgets' shapes). */
const widgetsIf = (widgets: unknown[], condition: string) => (widgets.length === 0 ? '[]' : `[for w in ${hcl(widgets)} : w if ${condition}]`);

/**
 * The construct's dashboard with each section present only when its resource is watched: the same `dashboardBody`,
 * split at its section headers, reassembled by Terraform (`jsonencode`). The alarm widget lists the alarms that exist.
 */
function dashboardExpression(alarmArns: string): string {
  const body = dashboardBody({
    region: expr('var.region'),
    title: `${expr('var.name')}: golden signals`,
    // try(): the widgets of a section not watched are built (then dropped) from a null object.
    loadBalancer: { albArnSuffix: expr('try(var.edge.alb_arn_suffix, null)'), targetGroupArnSuffix: expr('try(var.edge.target_group_arn_suffix, null)') },
    service: { clusterName: expr('try(var.compute.cluster_name, null)'), serviceName: expr('try(var.compute.service_name, null)') },
    dbInstanceIdentifier: expr('try(var.database.instance_identifier, null)'),
    alarmArns: [expr('ALARMS')],
  });
  const [title, alarmWidget, ...rest] = body.widgets;
  const sections: unknown[][] = [];
  for (const w of rest) {
    if (w.type === 'text') sections.push([]);
    sections[sections.length - 1].push(w);
  }
  const groups: WatchedGroup[] = ['loadBalancer', 'service', 'database'];
  if (alarmWidget.type !== 'alarm' || sections.length !== groups.length) throw new Error(`monitoring module: the dashboard's layout changed (${body.widgets.length} widgets); update dashboardExpression`);
  const alarmsHcl = hcl([alarmWidget]).replace('[ALARMS]', alarmArns);
  const parts = [hcl([title]), `[for w in ${alarmsHcl} : w if length(${alarmArns}) > 0]`, ...groups.map((g, i) => widgetsIf(sections[i], WATCHED[g]))];
  return `\${jsonencode({ "widgets" = concat(${parts.join(', ')}) })}`;
}

/**
 * The monitoring layer as a plain Terraform module. Which alarms exist follows the optional `edge`, `compute` and
 * `database` objects (an alarm group per object given, by `count`); thresholds, the failed-login pattern and
 * subscribers are variables. Subscriptions use for_each over the email and HTTPS lists.
 */
export const monitoringModule: TerraformModuleSpec = {
  name: 'monitoring',
  description:
    'Per-environment monitoring: a KMS-encrypted SNS alert topic (CloudWatch alarms may publish, TLS only) with email and HTTPS subscribers; ALARM and OK notifications for ALB target/ELB 5xx rates, p99 latency, unhealthy hosts, ECS CPU/memory/running tasks, RDS CPU/storage/memory/connections, WAF blocked-request spikes and the failed-login count (log metric filter `FailedLoginCount` in `CustomMetrics/<name>`, one metric per environment: Sum over 300 s > 10); a golden-signals dashboard. GuardDuty and Security Hub findings are routed once per account by the account-baseline module, not here.',
  variables: [
    ...layerBaseVariables(MONITORING_MAX_NAME_LENGTH),
    ...WATCHED_OBJECTS,
    {
      name: 'failed_login_pattern',
      type: 'string',
      description: 'CloudWatch Logs filter pattern matching one failed login per log event (default: the app logs `{"event": "login_failed", ...}`).',
      default: DEFAULT_FAILED_LOGIN_PATTERN,
    },
    {
      name: 'alarm_emails',
      type: 'list(string)',
      description: 'Email addresses subscribed to the alert topic (each confirms once).',
      default: [],
      validation: [{ condition: 'alltrue([for e in var.alarm_emails : can(regex("^[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+$", e))])', errorMessage: 'alarm_emails must be email addresses.', invalid: ['oncall@example.com', 'oncall'] }],
    },
    {
      name: 'alarm_https_endpoints',
      type: 'list(string)',
      description: 'HTTPS endpoints (chat webhook relays, incident tools) subscribed to the alert topic.',
      default: [],
      // The layer's rule (HTTPS_URL_PATTERN), for each element `u`.
      validation: [{ condition: `alltrue([for u in var.alarm_https_endpoints : ${regexCondition('u', HTTPS_URL_PATTERN)}])`, errorMessage: 'alarm_https_endpoints must be https:// URLs.', invalid: ['http://hooks.example.com/alarm'] }],
    },
    ...thresholdVariables(),
  ],
  testInputs: { name: 'helloapi-test', account_id: '123456789012', region: 'eu-west-1' },
  exampleInputs: {
    tags: { Owner: 'platform' },
    alarm_emails: ['oncall@example.com'],
    edge: { alb_arn_suffix: 'app/helloapi-test/0123456789abcdef', target_group_arn_suffix: 'targetgroup/helloapi-test/0123456789abcdef', web_acl_name: 'helloapi-test-regional' },
    compute: { cluster_name: 'helloapi-test', service_name: 'helloapi-test-web', min_task_count: 2, log_group_name: '/ecs/helloapi-test' },
    database: { instance_identifier: 'helloapi-test' },
  },
  build(scope, v) {
    const thresholds = Object.fromEntries(
      (Object.keys(THRESHOLD_VARIABLES) as (keyof MonitoringThresholds)[]).map((key) => [key, v[THRESHOLD_VARIABLES[key].name].numberValue]),
    ) as MonitoringThresholds;
    const m = new Monitoring(scope, 'monitoring', {
      name: v.name.stringValue,
      accountId: v.account_id.stringValue,
      region: v.region.stringValue,
      partition: v.partition.stringValue,
      tags: stringMapValue(v.tags),
      // What it watches, as the environment stack passes the other layers' outputs: here from the module's variables.
      // Every group is built; `count` below keeps the ones the caller watches.
      edge: { albArnSuffix: attribute(v.edge, 'alb_arn_suffix'), targetGroupArnSuffix: attribute(v.edge, 'target_group_arn_suffix'), webAclName: attribute(v.edge, 'web_acl_name') },
      compute: {
        clusterName: attribute(v.compute, 'cluster_name'),
        serviceName: attribute(v.compute, 'service_name'),
        minTaskCount: Token.asNumber(Fn.lookupNested(v.compute.value, ['min_task_count'])),
        logGroupName: attribute(v.compute, 'log_group_name'),
      },
      database: { instanceIdentifier: attribute(v.database, 'instance_identifier') },
      failedLoginPattern: v.failed_login_pattern.stringValue,
      thresholds,
      terraformOutputs: false,
    });
    // Subscribers are lists in the module: one subscription per element, keyed by the element.
    const emails = TerraformIterator.fromList(v.alarm_emails.listValue);
    new SnsTopicSubscription(m, 'email', { forEach: emails, topicArn: m.topic.arn, protocol: 'email', endpoint: emails.value });
    const https = TerraformIterator.fromList(v.alarm_https_endpoints.listValue);
    new SnsTopicSubscription(m, 'https', { forEach: https, topicArn: m.topic.arn, protocol: 'https', endpoint: https.value });
    // Each group of alarms (and the failed-login filter) exists only when its resource is watched, as the construct
    // leaves out what it is not given: `count` on the resources, the dashboard and the alarm names built to match.
    const t = m.thresholds;
    const byGroup: Record<WatchedGroup, string[]> = {
      loadBalancer: albAlarms({ albArnSuffix: 'lb', targetGroupArnSuffix: 'tg' }, t).map((a) => a.id),
      service: serviceAlarms({ clusterName: 'c', serviceName: 's', desiredCount: 1 }, t).map((a) => a.id),
      database: databaseAlarms('db', t).map((a) => a.id),
      waf: wafAlarms({ webAclName: 'w', region: 'r' }, t).map((a) => a.id),
      failedLogins: [failedLoginAlarm(t, failedLoginMetric('n')).id],
    };
    const grouped = Object.values(byGroup).flat();
    const alarmIds = Object.keys(m.alarms);
    if (JSON.stringify([...grouped].sort()) !== JSON.stringify([...alarmIds].sort())) {
      throw new Error(`monitoring module: alarms [${alarmIds.join(', ')}] are not all in a watched group [${grouped.join(', ')}]`);
    }
    const address = (id: string) => `${m.alarms[id].terraformResourceType}.${m.alarms[id].friendlyUniqueId}`;
    for (const [group, ids] of Object.entries(byGroup) as [WatchedGroup, string[]][]) {
      for (const id of ids) m.alarms[id].addOverride('count', `\${${WATCHED[group]} ? 1 : 0}`);
    }
    m.failedLoginFilter!.addOverride('count', `\${${WATCHED.failedLogins} ? 1 : 0}`);
    const alarmArns = `concat(${alarmIds.map((id) => `${address(id)}[*].arn`).join(', ')})`;
    m.dashboard!.addOverride('dashboard_body', dashboardExpression(alarmArns));
    const alarmNames = `\${{ for id, name in { ${alarmIds.map((id) => `${JSON.stringify(id)} = one(${address(id)}[*].alarm_name)`).join(', ')} } : id => name if name != null }}`;
    return [
      { name: 'alert_topic_arn', description: 'SNS topic receiving every alarm of this module (subscribe AWS Chatbot here)', value: m.outputs.alertTopicArn },
      { name: 'alert_kms_key_arn', description: 'KMS key encrypting the topic', value: m.outputs.alertKeyArn },
      { name: 'alarm_names', description: 'Alarm names by id (the alarms of the resources watched)', value: alarmNames },
      { name: 'dashboard_name', description: 'CloudWatch dashboard', value: m.outputs.dashboardName },
    ];
  },
};
