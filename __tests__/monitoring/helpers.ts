import { ReadableStack } from '../../modules/core/addressing';
import { Monitoring, MonitoringProps } from '../../modules/monitoring';
import { SynthesizedStack, synthStack } from '../support/synth';

/** Fake upstream values: what edge, compute and database would hand over. */
export const FAKE = {
  albSuffix: 'app/helloapi-test/0123456789abcdef',
  tgSuffix: 'targetgroup/helloapi-test/0123456789abcdef',
  cluster: 'helloapi-test',
  service: 'helloapi-test-api',
  db: 'helloapi-test-db',
  webAcl: 'helloapi-test-regional',
  logGroup: '/ecs/helloapi-test/api',
};

export const TOPIC = '${aws_sns_topic.monitoring_topic.arn}';

/** The alarms the layer documents (README), by construct id: the 13 built-in ones including the seed's FailedLoginCount. */
export const DOCUMENTED_ALARMS = [
  'alb_elb_5xx_rate',
  'alb_p99_latency',
  'alb_target_5xx_rate',
  'alb_unhealthy_hosts',
  'ecs_cpu_high',
  'ecs_memory_high',
  'ecs_running_tasks_low',
  'failed_logins',
  'rds_connections_high',
  'rds_cpu_high',
  'rds_free_storage_low',
  'rds_freeable_memory_low',
  'waf_blocked_spike',
];

export type Overrides = Partial<MonitoringProps>;

/** The other layers' typed outputs monitoring reads, with the fake values (what `edge.outputs`, ... would hold). */
export const LAYERS = {
  edge: { albArnSuffix: FAKE.albSuffix, targetGroupArnSuffix: FAKE.tgSuffix, webAclName: FAKE.webAcl },
  compute: { clusterName: FAKE.cluster, serviceName: FAKE.service, minTaskCount: 2, logGroupName: FAKE.logGroup },
  database: { instanceIdentifier: FAKE.db },
};

/** The same resources through the deprecated single-value props (kept for existing callers). */
export const SINGLE_VALUES = {
  loadBalancer: { albArnSuffix: FAKE.albSuffix, targetGroupArnSuffix: FAKE.tgSuffix },
  service: { clusterName: FAKE.cluster, serviceName: FAKE.service, desiredCount: 2 },
  dbInstanceIdentifier: FAKE.db,
  webAclName: FAKE.webAcl,
  appLogGroupName: FAKE.logGroup,
};

/** The monitoring layer with every input set (fake upstream values, as typed layer outputs), plus overrides. */
export function synthMonitoring(overrides: Overrides = {}): { stack: SynthesizedStack; monitoring: Monitoring } {
  let monitoring!: Monitoring;
  const stack = synthStack((s: ReadableStack) => {
    monitoring = new Monitoring(s, 'monitoring', {
      name: 'helloapi-test',
      accountId: '123456789012',
      region: 'us-east-1',
      alarmEmails: ['ops@example.com'],
      ...LAYERS,
      ...overrides,
    });
  });
  return { stack, monitoring };
}

export type Alarm = Record<string, any>;

export function alarm(stack: SynthesizedStack, id: string): Alarm {
  return stack.resource<Alarm>('aws_cloudwatch_metric_alarm', `monitoring_${id}`);
}
