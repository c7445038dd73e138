import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { ReadableStack } from '../../modules/core/addressing';
import { Compute, ComputeProps } from '../../modules/compute';
import { SynthesizedStack, synthStack } from '../support/synth';

/** Fake upstream values: what network, database and edge would hand over. */
export const FAKE = {
  subnets: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
  appSg: 'sg-0app0000000000001',
  dbAddress: 'helloapi-test.abcdefghijkl.us-east-1.rds.amazonaws.com',
  dbSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0123-AbCdEf',
  dbKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
  targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/helloapi-test/0123456789abcdef',
  albSuffix: 'app/helloapi-test/0123456789abcdef',
  tgSuffix: 'targetgroup/helloapi-test/0123456789abcdef',
};

export type PropsOverride = Partial<Omit<ComputeProps, 'database' | 'loadBalancer'>> & {
  withRequestSuffixes?: boolean;
};

/** Builds the compute layer in a test stack with fake upstream values. */
export function synthCompute(overrides: PropsOverride = {}): { stack: SynthesizedStack; compute: Compute } {
  let compute!: Compute;
  const { withRequestSuffixes = true, ...rest } = overrides;
  const stack = synthStack((s: ReadableStack) => {
    const listener = new LbListener(s, 'listener', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/helloapi-test/0123456789abcdef',
      port: 443,
      protocol: 'HTTPS',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
      defaultAction: [{ type: 'forward', targetGroupArn: FAKE.targetGroupArn }],
    });
    compute = new Compute(s, 'compute', {
      name: 'helloapi-test',
      accountId: '123456789012',
      region: 'us-east-1',
      network: { appSubnetIds: FAKE.subnets, appSecurityGroupId: FAKE.appSg },
      database: { address: FAKE.dbAddress, port: 5432, databaseName: 'helloapi', masterUserSecretArn: FAKE.dbSecretArn, kmsKeyArn: FAKE.dbKeyArn },
      loadBalancer: {
        targetGroupArn: FAKE.targetGroupArn,
        httpsListener: listener,
        ...(withRequestSuffixes ? { albArnSuffix: FAKE.albSuffix, targetGroupArnSuffix: FAKE.tgSuffix } : {}),
      },
      allowedHosts: ['api.test.example.com'],
      image: { tag: 'v1.0.0' },
      sizing: { cpu: 512, memory: 1024 },
      scaling: { desiredCount: 2, maxCount: 6 },
      ...rest,
    });
  });
  return { stack, compute };
}

export interface ContainerDefinition {
  name: string;
  image: string;
  user: string;
  privileged: boolean;
  readonlyRootFilesystem: boolean;
  essential: boolean;
  command?: string[];
  environment: { name: string; value: string }[];
  secrets: { name: string; valueFrom: string }[];
  mountPoints: { sourceVolume: string; containerPath: string; readOnly: boolean }[];
  portMappings?: { containerPort: number; hostPort: number; protocol: string }[];
  healthCheck?: { command: string[]; interval: number; timeout: number; retries: number; startPeriod: number };
  linuxParameters: { initProcessEnabled: boolean };
  stopTimeout: number;
  logConfiguration: { logDriver: string; options: Record<string, string> };
}

/** The parsed container definitions of a task definition resource. */
export function containers(stack: SynthesizedStack, name: string): ContainerDefinition[] {
  return JSON.parse(stack.resource('aws_ecs_task_definition', name).container_definitions as string) as ContainerDefinition[];
}

/** The parsed policy of an aws_iam_role_policy. */
export function rolePolicy(stack: SynthesizedStack, name: string): { Version: string; Statement: Record<string, unknown>[] } {
  return JSON.parse(stack.resource('aws_iam_role_policy', name).policy as string);
}
