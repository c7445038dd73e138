/**
 * The compute layer's props check (modules/compute/validate.ts): one PropsError naming the construct with every
 * problem at once, and the pure `computePropsProblems` the environment validator can call.
 */
import { Fn, Token } from 'cdktf';
import { ComputeProps, computePropsProblems } from '../../modules/compute';
import { RESERVED_NAMES } from '../../modules/compute/validate';
import { FARGATE_SIZES } from '../../modules/core/limits';
import { PropsError } from '../../modules/core/problems';
import { FAKE, containers, synthCompute } from './helpers';

/** Valid props without a stack (the listener is only a dependency). */
function props(overrides: Partial<ComputeProps> = {}): ComputeProps {
  return {
    name: 'helloapi-test',
    accountId: '123456789012',
    region: 'us-east-1',
    network: { appSubnetIds: FAKE.subnets, appSecurityGroupId: FAKE.appSg },
    database: { address: FAKE.dbAddress, port: 5432, databaseName: 'helloapi', masterUserSecretArn: FAKE.dbSecretArn, kmsKeyArn: FAKE.dbKeyArn },
    loadBalancer: { targetGroupArn: FAKE.targetGroupArn, httpsListener: { fqn: 'aws_lb_listener.listener' } },
    allowedHosts: ['api.test.example.com'],
    image: { tag: 'v1.0.0' },
    sizing: { cpu: 512, memory: 1024 },
    scaling: { desiredCount: 2, maxCount: 6 },
    ...overrides,
  };
}

/** The PropsError a synth throws. */
function propsError(overrides: Parameters<typeof synthCompute>[0]): PropsError {
  try {
    synthCompute(overrides);
  } catch (e) {
    if (e instanceof PropsError) return e;
    throw e;
  }
  throw new Error('synth did not throw');
}

describe('compute props check', () => {
  it('finds no problem in valid props', () => {
    expect(computePropsProblems(props())).toEqual([]);
  });

  it('reports every problem at once, as one PropsError naming the construct', () => {
    const error = propsError({
      containerPort: 80,
      logRetentionDays: 100,
      containerUser: 'root',
      stopTimeoutSeconds: 300,
      sizing: { cpu: 512, memory: 512 },
      scaling: { desiredCount: 3, minCount: 4, maxCount: 2 },
      image: { tag: 'latest' },
      allowedHosts: ['*'],
      extraEnvironment: { GITHUB_TOKEN: 'x', DEBUG: 'True' },
      extraSecrets: { 'BAD-NAME': 'not-an-arn' },
      taskRolePolicyStatements: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:*'], Resource: '*' }],
    });
    expect(error.construct).toBe('Compute test/compute');
    expect(error.problems.map((p) => [p.prop, p.value])).toEqual([
      ['containerPort', 80],
      ['logRetentionDays', 100],
      ['containerUser', 'root'],
      ['stopTimeoutSeconds', 300],
      ['allowedHosts', '*'],
      ['sizing.memory', 512],
      ['scaling.minCount', 4],
      ['scaling.maxCount', 2],
      ['image.tag', 'latest'],
      ['taskRolePolicyStatements[0].Action', 's3:*'],
      ['extraEnvironment', 'GITHUB_TOKEN'],
      ['extraEnvironment', 'DEBUG'],
      ['extraSecrets', 'BAD-NAME'],
      ['extraSecrets.BAD-NAME', 'not-an-arn'],
    ]);
    expect(error.message).toMatch(/^Compute test\/compute: invalid props \(14 problems\):\n/);
    expect(error.message).toContain('\n  containerPort = 80: must be a whole number 1024-65535 (the container runs as non-root)');
    expect(error.message).toContain('\n  sizing.memory = 512: with cpu 512 must be 1024-4096 MiB in steps of 1024');
    expect(error.message).toContain('\n  scaling.minCount = 4: must not exceed desiredCount (3)');
    expect(error.message).toContain('\n  extraEnvironment = "DEBUG": is set by the compute layer and cannot be overridden');
  });

  it('checks the port the container listens on: its own, else the one the network admits', () => {
    const network = (containerPort: number) => ({ ...props().network, containerPort });
    expect(computePropsProblems(props({ network: network(80) }))).toEqual([{ prop: 'network.containerPort', value: 80, message: 'must be a whole number 1024-65535 (the container runs as non-root)' }]);
    expect(computePropsProblems(props({ network: network(80), containerPort: 8080 }))).toEqual([]);
    expect(computePropsProblems(props({ network: network(9000), containerPort: 80 })).map((p) => p.prop)).toEqual(['containerPort']);
    expect(() => synthCompute({ network: network(80) })).toThrow(/network\.containerPort = 80: must be a whole number 1024-65535/);
    expect(computePropsProblems(props({ containerPort: 8080.5 })).map((p) => [p.prop, p.value])).toEqual([['containerPort', 8080.5]]);
  });

  it('synthesizes nothing when refused (the check runs before any resource)', () => {
    expect(() => synthCompute({ containerPort: 80 })).toThrow(PropsError);
  });

  describe('Fargate task size (FARGATE_SIZES, core/limits.ts)', () => {
    const problems = (cpu: number, memory: number) => computePropsProblems(props({ sizing: { cpu, memory } }));

    it('accepts every CPU size with its smallest and largest memory', () => {
      for (const [cpu, size] of Object.entries(FARGATE_SIZES)) {
        expect(problems(Number(cpu), size.min)).toEqual([]);
        expect(problems(Number(cpu), size.max)).toEqual([]);
      }
    });

    it('refuses a CPU size Fargate does not offer, listing those it does', () => {
      expect(problems(300, 1024)).toEqual([{ prop: 'sizing.cpu', value: 300, message: 'must be a Fargate CPU size: 256, 512, 1024, 2048, 4096, 8192, 16384' }]);
    });

    it('refuses memory outside the range or off the step of the CPU size', () => {
      expect(problems(1024, 1024)).toEqual([{ prop: 'sizing.memory', value: 1024, message: 'with cpu 1024 must be 2048-8192 MiB in steps of 1024' }]);
      expect(problems(1024, 9216)).toHaveLength(1);
      expect(problems(8192, 18432)).toEqual([{ prop: 'sizing.memory', value: 18432, message: 'with cpu 8192 must be 16384-61440 MiB in steps of 4096' }]);
    });

    it('with 256 CPU units allows only 512, 1024 and 2048 MiB (Fargate has no 1536)', () => {
      expect([512, 1024, 2048].map((m) => problems(256, m))).toEqual([[], [], []]);
      expect(problems(256, 1536)).toEqual([{ prop: 'sizing.memory', value: 1536, message: 'with cpu 256 must be 512, 1024, 2048 MiB' }]);
    });

    it('leaves Terraform tokens to the HCL module variable validations', () => {
      expect(computePropsProblems(props({ sizing: { cpu: Token.asNumber(Fn.tonumber('512')), memory: 100 } }))).toEqual([]);
    });

    it('fails the synth of a layer with an invalid size', () => {
      expect(() => synthCompute({ sizing: { cpu: 256, memory: 4096 } })).toThrow(/sizing\.memory = 4096: with cpu 256 must be 512, 1024, 2048 MiB/);
    });
  });

  it('reports a region without a known GuardDuty agent repository, naming what to set', () => {
    expect(computePropsProblems(props({ region: 'il-central-1' }))).toEqual([
      { prop: 'region', value: 'il-central-1', message: expect.stringMatching(/GuardDuty Fargate agent.*set guardDutyAgentRepositoryArn.*or guardDutyRuntimeMonitoring: false/) },
    ]);
    expect(computePropsProblems(props({ region: 'il-central-1', guardDutyRuntimeMonitoring: false }))).toEqual([]);
  });

  it('checks the health path and the Django settings module when literal, leaving Terraform tokens to the module validations', () => {
    expect(computePropsProblems(props({ healthCheckPath: 'health/', djangoSettingsModule: 'settings/production.py' }))).toEqual([
      { prop: 'healthCheckPath', value: 'health/', message: 'must be an absolute URL path' },
      { prop: 'djangoSettingsModule', value: 'settings/production.py', message: 'must be a Python module path such as helloapi.settings.production' },
    ]);
    // The same rule as the environment schema and the module's variable (core/patterns PYTHON_MODULE_PATTERN): dotted identifiers.
    for (const bad of ['myapp..settings', 'myapp.settings.', '.settings', 'myapp.1settings', 'my-app.settings']) {
      expect(computePropsProblems(props({ djangoSettingsModule: bad })).map((p) => p.prop)).toEqual(['djangoSettingsModule']);
    }
    expect(computePropsProblems(props({ healthCheckPath: '/status/v1.json', djangoSettingsModule: '_my_app.settings.prod_eu' }))).toEqual([]);
    expect(computePropsProblems(props({ healthCheckPath: Fn.lower('/HEALTH/'), djangoSettingsModule: Fn.lower('MYAPP.SETTINGS') }))).toEqual([]);
  });

  it('refuses a Terraform token as image.repository (the pull permission is scoped at synth time)', () => {
    expect(computePropsProblems(props({ image: { repository: Fn.lower('REPOSITORY'), tag: 'v1' } })).map((p) => p.prop)).toEqual(['image.repository']);
  });

  it('reserves exactly the names the layer sets in the container, but GUNICORN_CMD_ARGS (an image may need its own value)', () => {
    const { stack } = synthCompute();
    const [web] = containers(stack, 'compute_task_definition');
    expect([...web.environment, ...web.secrets].map((v) => v.name).filter((n) => n !== 'GUNICORN_CMD_ARGS').sort()).toEqual([...RESERVED_NAMES].sort());
  });

  it('refuses a GUNICORN_CMD_ARGS that drops the worker tmp dir (workers could not boot on the root-owned /tmp)', () => {
    const problems = (value: string) => computePropsProblems(props({ extraEnvironment: { GUNICORN_CMD_ARGS: value } })).map((p) => p.prop);
    expect(problems('--workers 3')).toEqual(['extraEnvironment.GUNICORN_CMD_ARGS']);
    expect(problems('--workers 3 --worker-tmp-dir')).toEqual(['extraEnvironment.GUNICORN_CMD_ARGS']);
    expect(problems('--workers 3 --worker-tmp-dir /dev/shm')).toEqual([]);
    expect(problems('--worker-tmp-dir=/tmp/gunicorn')).toEqual([]);
  });
});
