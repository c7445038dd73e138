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

export type Overrides = Partial<MonitoringProps>;

/** The monitoring layer with every input set (fake upstream values), plus overrides. */
export function synthMonitoring(overrides: Overrides = {}): { stack: SynthesizedStack; monitoring: Monitoring } {
  let monitoring!: Monitoring;
  const stack = synthStack((s: ReadableStack) => {
    monitoring = new Monitoring(s, 'monitoring', {
      name: 'helloapi-test',
      accountId: '123456789012',
      region: 'us-east-1',
      alarmEmails: ['ops@example.com'],
      loadBalancer: { albArnSuffix: FAKE.albSuffix, targetGroupArnSuffix: FAKE.tgSuffix },
      service: { clusterName: FAKE.cluster, serviceName: FAKE.service, desiredCount: 2 },
      dbInstanceIdentifier: FAKE.db,
      webAclName: FAKE.webAcl,
      appLogGroupName: FAKE.logGroup,
      ...overrides,
    });
  });
  return { stack, monitoring };
}

export type Alarm = Record<string, any>;

export function alarm(stack: SynthesizedStack, id: string): Alarm {
  return stack.resource<Alarm>('aws_cloudwatch_metric_alarm', `monitoring_${id}`);
}
