/**
 * The compute layer as the product composes it: every committed environment,
 * plus variants with ECS Exec and the `latest` tag relaxation.
 */
import { loadEnvironments } from '../../modules/config/load';
import { SECRET_LOOKING_NAME } from '../../modules/compute';
import { devInput, prodInput, resolveInputs } from '../support/fixtures';
import { SynthesizedStack, synthEnvironments, committedStacks } from '../support/synth';
import { runPolicy } from '../../modules/policy/run';
import type { TerraformJson } from '../../modules/policy/tf-json';
import { ContainerDefinition, containers, rolePolicy } from './helpers';

const configs = loadEnvironments();
const stacks = committedStacks();
const ENVS = configs.map((c) => [c.name, c] as const);

function stackOf(env: string): SynthesizedStack {
  return stacks.get(`helloapi-${env}`)!;
}

/** Every string in a JSON value, with the key it sits under. */
function* strings(value: unknown, key = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [key, value];
  else if (Array.isArray(value)) for (const v of value) yield* strings(v, key);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, k);
}

describe.each(ENVS)('compute layer in %s', (env, config) => {
  const stack = stackOf(env);
  const [web] = containers(stack, 'compute_task_definition');
  const svc = stack.resource('aws_ecs_service', 'compute_service');

  it('runs the configured image, size and architecture', () => {
    expect(web.image).toBe(`\${aws_ecr_repository.compute_repository.repository_url}:${config.compute.image.tag}`);
    expect(stack.resource('aws_ecs_task_definition', 'compute_task_definition')).toMatchObject({
      family: `helloapi-${env}-api`,
      cpu: String(config.compute.cpu),
      memory: String(config.compute.memory),
      runtime_platform: { operating_system_family: 'LINUX', cpu_architecture: config.compute.architecture },
    });
  });

  it('hardens the container: non-root, unprivileged, read-only root, /tmp scratch, init', () => {
    expect(web).toMatchObject({ user: '1000:1000', privileged: false, readonlyRootFilesystem: true, linuxParameters: { initProcessEnabled: true } });
    expect(web.mountPoints).toEqual([{ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }]);
  });

  it('sets the production Django settings and the database endpoint from the database layer', () => {
    const envVars = Object.fromEntries(web.environment.map((e) => [e.name, e.value]));
    expect(envVars).toMatchObject({
      DJANGO_SETTINGS_MODULE: config.compute.djangoSettingsModule,
      DEBUG: 'False',
      SECURE_SSL_REDIRECT: 'True',
      SECURE_PROXY_SSL_HEADER: 'HTTP_X_FORWARDED_PROTO,https',
      SESSION_COOKIE_SECURE: 'True',
      CSRF_COOKIE_SECURE: 'True',
      DB_NAME: config.database.databaseName,
    });
    expect(envVars.DB_HOST).toMatch(/^\$\{aws_db_instance\.[a-z_]+\.address\}$/);
    expect(envVars.DB_PORT).toMatch(/^\$\{aws_db_instance\.[a-z_]+\.port\}$/);
  });

  it('takes DB credentials from the RDS-managed secret and the app secrets from this layer', () => {
    const secrets = Object.fromEntries(web.secrets.map((s) => [s.name, s.valueFrom]));
    expect(secrets.DB_USER).toMatch(/^\$\{aws_db_instance\.[a-z_]+\.master_user_secret\[0\]\.secret_arn\}:username::$/);
    expect(secrets.DB_PASSWORD).toMatch(/^\$\{aws_db_instance\.[a-z_]+\.master_user_secret\[0\]\.secret_arn\}:password::$/);
    expect(secrets.SECRET_KEY).toBe('${aws_secretsmanager_secret.compute_secret_key.arn}');
    expect(secrets.ALLOWED_HOSTS).toBe('${aws_secretsmanager_secret.compute_app_settings.arn}:ALLOWED_HOSTS::');
  });

  it('logs to the encrypted log group with the configured retention', () => {
    expect(stack.resource('aws_cloudwatch_log_group', 'compute_log_group')).toMatchObject({
      name: `/ecs/helloapi-${env}/api`,
      retention_in_days: config.logRetentionDays,
      kms_key_id: '${aws_kms_key.compute_kms_key.arn}',
    });
    expect(web.logConfiguration.options['awslogs-group']).toBe(`/ecs/helloapi-${env}/api`);
  });

  it('runs in the private app subnets of the network layer with its app security group, no public IP', () => {
    const net = svc.network_configuration;
    expect(net.assign_public_ip).toBe(false);
    expect(net.subnets).toEqual(config.network.availabilityZones.map((_, i) => `\${aws_subnet.network_private_app_${'abc'[i]}.id}`));
    expect(net.security_groups).toEqual(['${aws_security_group.network_app_sg.id}']);
  });

  it('registers with the edge target group after its listener and after the checks that its secrets have values', () => {
    expect(svc.load_balancer).toEqual([{ target_group_arn: expect.stringMatching(/^\$\{aws_lb_target_group\.edge_[a-z_]+\.arn\}$/), container_name: 'api', container_port: 8000 }]);
    expect(svc.depends_on).toEqual([
      expect.stringMatching(/^aws_lb_listener(_rule)?\.edge_[a-z_]+$/),
      ...['secret_key', 'api_keys', 'app_settings'].map((s) => `data.aws_secretsmanager_secret_versions.compute_${s}_versions`),
    ]);
  });

  it('stops the first deploy before the service until each app secret has a value, naming the secret and the command', () => {
    const checks = stack.json.data!.aws_secretsmanager_secret_versions as Record<string, { secret_id: string; lifecycle: { postcondition: { condition: string; error_message: string }[] } }>;
    expect(Object.keys(stack.json.data!)).toEqual(['aws_secretsmanager_secret_versions']);
    for (const [s, suffix] of [['secret_key', 'secret-key'], ['api_keys', 'api-keys'], ['app_settings', 'app-settings']]) {
      const check = checks[`compute_${s}_versions`];
      // A reference: with empty state the ARN is unknown, so the read waits for apply (offline plans call no AWS API).
      expect(check.secret_id).toBe(`\${aws_secretsmanager_secret.compute_${s}.arn}`);
      expect(check.lifecycle.postcondition[0].condition).toContain('contains(v.version_stages, "AWSCURRENT")');
      expect(check.lifecycle.postcondition[0].error_message).toMatch(new RegExp(`^Secret helloapi-${env}/django/${suffix} has no value yet`));
      expect(check.lifecycle.postcondition[0].error_message).toContain(
        `aws secretsmanager put-secret-value --region ${config.account.region} --secret-id helloapi-${env}/django/${suffix} --secret-string=`,
      );
    }
  });

  it('outputs the secrets the operator sets before the service can start', () => {
    expect(stack.json.output!.secrets_to_set.value).toEqual(['secret-key', 'api-keys', 'app-settings'].map((s) => `helloapi-${env}/django/${s}`));
  });

  it('starts desiredCount tasks and scales between minCount and maxCount on CPU, memory and requests', () => {
    expect(svc.desired_count).toBe(config.compute.desiredCount);
    expect(svc.enable_execute_command).toBe(false);
    expect(stack.resource('aws_appautoscaling_target', 'compute_scaling_target')).toMatchObject({
      min_capacity: config.compute.minCount,
      max_capacity: config.compute.maxCount,
    });
    const metrics = Object.values(stack.resources<any>('aws_appautoscaling_policy'))
      .filter((p) => String(p.resource_id).includes('compute_scaling_target') && p.policy_type === 'TargetTrackingScaling')
      .map((p) => p.target_tracking_scaling_policy_configuration.predefined_metric_specification);
    if (config.compute.deployment === 'blueGreen') {
      // Blue/green: a request-count metric names one target group and traffic swaps between two: CPU and memory only.
      expect(metrics.map((m) => m.predefined_metric_type).sort()).toEqual(['ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization']);
      return;
    }
    expect(metrics.map((m) => m.predefined_metric_type).sort()).toEqual(['ALBRequestCountPerTarget', 'ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization']);
    expect(metrics.find((m) => m.predefined_metric_type === 'ALBRequestCountPerTarget').resource_label).toMatch(
      /^\$\{aws_lb\.edge_[a-z_]+\.arn_suffix\}\/\$\{aws_lb_target_group\.edge_[a-z_]+\.arn_suffix\}$/,
    );
  });

  it('adds tasks in steps when requests per target reach twice the target-tracking target (edge target group, scale-out only; none blue/green)', () => {
    if (config.compute.deployment === 'blueGreen') {
      expect(stack.resources('aws_appautoscaling_policy')).not.toHaveProperty('compute_scaling_request_steps');
      expect(stack.resources('aws_cloudwatch_metric_alarm')).not.toHaveProperty('compute_scaling_request_steps_alarm');
      return;
    }
    const steps = stack.resource('aws_appautoscaling_policy', 'compute_scaling_request_steps') as any;
    expect(steps.policy_type).toBe('StepScaling');
    expect(steps.resource_id).toBe('${aws_appautoscaling_target.compute_scaling_target.resource_id}');
    expect(steps.step_scaling_policy_configuration.step_adjustment).toEqual([
      { metric_interval_lower_bound: '0', metric_interval_upper_bound: '2000', scaling_adjustment: 50 },
      { metric_interval_lower_bound: '2000', scaling_adjustment: 100 },
    ]);
    const alarm = stack.resource('aws_cloudwatch_metric_alarm', 'compute_scaling_request_steps_alarm') as any;
    expect(alarm).toMatchObject({ namespace: 'AWS/ApplicationELB', metric_name: 'RequestCountPerTarget', statistic: 'Sum', period: 60, threshold: 2000 });
    expect(alarm.dimensions).toEqual({ TargetGroup: expect.stringMatching(/^\$\{aws_lb_target_group\.edge_[a-z_]+\.arn_suffix\}$/) });
    expect(alarm.alarm_actions).toEqual(['${aws_appautoscaling_policy.compute_scaling_request_steps.arn}']);
  });

  it('schedules the off-hours floor the environment file declares (none in prod)', () => {
    const actions = stack.resources<any>('aws_appautoscaling_scheduled_action');
    const o = config.compute.offHours;
    if (!o) {
      expect(Object.keys(actions)).toEqual([]);
      return;
    }
    expect(actions.compute_scaling_off_hours_down).toMatchObject({ schedule: o.scaleDown, timezone: o.timezone, scalable_target_action: { min_capacity: String(o.minCount), max_capacity: String(o.maxCount) } });
    expect(actions.compute_scaling_off_hours_up).toMatchObject({
      schedule: o.scaleUp,
      timezone: o.timezone,
      scalable_target_action: { min_capacity: String(config.compute.minCount), max_capacity: String(config.compute.maxCount) },
    });
    expect(stack.resource('aws_appautoscaling_target', 'compute_scaling_target')).toMatchObject({ lifecycle: { ignore_changes: ['min_capacity', 'max_capacity'] } });
  });

  it('lets the execution role read exactly the four secrets and decrypt with the compute and database keys', () => {
    const stmts = rolePolicy(stack, 'compute_execution_policy').Statement;
    const read = stmts.find((s) => s.Sid === 'ReadListedSecrets')!.Resource as string[];
    expect(read).toHaveLength(4);
    expect(read[0]).toMatch(/^\$\{aws_db_instance\.[a-z_]+\.master_user_secret\[0\]\.secret_arn\}$/);
    const keys = stmts.find((s) => s.Sid === 'DecryptSecretsThroughSecretsManager')!.Resource as string[];
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe('${aws_kms_key.compute_kms_key.arn}');
    expect(keys[1]).toMatch(/^\$\{aws_kms_key\.database_[a-z_]+\.arn\}$/);
    expect(stmts.find((s) => s.Sid === 'EcrPullThisRepository')!.Resource).toBe(`arn:aws:ecr:us-east-1:${config.account.id}:repository/helloapi-${env}/api`);
    expect(Object.keys(stack.resources('aws_iam_role_policy')).filter((k) => k.startsWith('compute_'))).toEqual(['compute_execution_policy']);
    // The account baseline turns on GuardDuty Fargate agent management: the sidecar is pulled with this role.
    expect(stmts.find((s) => s.Sid === 'EcrPullGuardDutyAgent')!.Resource).toBe('arn:aws:ecr:us-east-1:593207742271:repository/aws-guardduty-agent-fargate');
  });

  it('derives ALLOWED_HOSTS and CORS_ALLOWED_ORIGINS from the configured domain', () => {
    expect(JSON.stringify(stack.json.output!.compute_app_settings_command.value)).toContain(
      JSON.stringify(JSON.stringify({ ALLOWED_HOSTS: config.dns.domain, CORS_ALLOWED_ORIGINS: `https://${config.dns.domain}` })).slice(1, -1),
    );
  });

  it('protects the compute key and the secrets unless the environment relaxes deletion protection', () => {
    const protectedEnv = config.relaxations.noDeletionProtection === undefined;
    expect(stack.resource('aws_kms_key', 'compute_kms_key').lifecycle.prevent_destroy).toBe(protectedEnv);
    expect(stack.resource('aws_secretsmanager_secret', 'compute_secret_key').recovery_window_in_days).toBe(protectedEnv ? 30 : 0);
  });
});

describe('no secret in the synthesized JSON of any stack', () => {
  const all = [...stacks.values()];

  it('has no secret value resource and no literal password, key or token attribute', () => {
    for (const stack of all) {
      expect({ stack: stack.name, versions: stack.count('aws_secretsmanager_secret_version') }).toEqual({ stack: stack.name, versions: 0 });
      for (const [key, value] of strings(stack.json.resource ?? {})) {
        if (/password|secret_string|secret_key|^token$|private_key/i.test(key) && value !== '') {
          expect({ stack: stack.name, key, value }).toEqual({ stack: stack.name, key, value: expect.stringMatching(/^\$\{.*\}$/) });
        }
      }
    }
  });

  it('puts no secret-looking name in the plain environment of any container', () => {
    for (const stack of all) {
      for (const id of Object.keys(stack.resources('aws_ecs_task_definition'))) {
        for (const c of containers(stack, id) as ContainerDefinition[]) {
          for (const e of c.environment ?? []) expect({ stack: stack.name, name: e.name }).not.toEqual({ stack: stack.name, name: expect.stringMatching(SECRET_LOOKING_NAME) });
        }
      }
    }
  });
});

describe('compute variants', () => {
  const reason = { reason: 'Operators debug the release candidate interactively.' };
  const variants = synthEnvironments(
    resolveInputs(
      devInput({ relaxations: { ecsExec: reason, mutableImageTag: { reason: 'Dev follows the main branch build.' } }, compute: { cpu: 256, memory: 512, desiredCount: 1, image: { tag: 'latest' } } }),
      prodInput({ relaxations: { ecsExec: reason } }),
    ),
  );

  it('dev may run `latest` with the mutableImageTag relaxation', () => {
    expect(containers(variants.get('helloapi-dev')!, 'compute_task_definition')[0].image).toMatch(/:latest$/);
  });

  it.each(['helloapi-dev', 'helloapi-prod'])('%s with ecsExec: exec on, sessions logged encrypted, root still read-only', (name) => {
    const stack = variants.get(name)!;
    expect(stack.resource('aws_ecs_service', 'compute_service').enable_execute_command).toBe(true);
    expect(stack.resource('aws_ecs_cluster', 'compute_cluster').configuration.execute_command_configuration).toMatchObject({
      logging: 'OVERRIDE',
      log_configuration: { cloud_watch_encryption_enabled: true },
    });
    expect(stack.resource('aws_cloudwatch_log_group', 'compute_exec_log_group').kms_key_id).toBe('${aws_kms_key.compute_kms_key.arn}');
    expect(rolePolicy(stack, 'compute_task_policy').Statement.map((s) => s.Sid)).toEqual([
      'EcsExecChannels',
      'EcsExecFindLogGroup',
      'EcsExecWriteSessionLogs',
      'EcsExecSessionEncryption',
    ]);
    expect(containers(stack, 'compute_task_definition')[0].readonlyRootFilesystem).toBe(true);
  });
});

describe("the account's GuardDuty agent off (accountBaseline.guardDuty): no agent pull, any known region", () => {
  const tokyo = { id: '111111111111', region: 'ap-northeast-1', baseline: 'nonprod' };
  const configs = resolveInputs(
    devInput({ account: tokyo, accountBaseline: { guardDuty: { ecsFargateAgentManagement: false } } }),
    prodInput({ accountBaseline: { guardDuty: { runtimeMonitoring: false } } }),
  );
  const stacks = synthEnvironments(configs);

  it('synthesizes an environment in ap-northeast-1 whose account turns ECS Fargate agent management off', () => {
    const stack = stacks.get('helloapi-dev')!;
    expect(stack.json.provider!.aws[0]).toMatchObject({ region: 'ap-northeast-1' });
    const sids = rolePolicy(stack, 'compute_execution_policy').Statement.map((s) => s.Sid);
    expect(sids).not.toContain('EcrPullGuardDutyAgent');
    // The image still comes from this layer's ECR repository.
    expect(sids).toEqual(expect.arrayContaining(['EcrAuthorization', 'EcrPullThisRepository']));
    expect(stacks.get('helloapi-account-nonprod')!.resource('aws_guardduty_detector_feature', 'baseline_guardduty_runtime')).toMatchObject({
      status: 'ENABLED',
      additional_configuration: [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'DISABLED' }],
    });
  });

  it('shows in the audit: HAPI-ACCT-02 warns on the account stack that no agent runs in the Fargate tasks', () => {
    const run = runPolicy(new Map([...stacks].map(([name, s]) => [name, s.json as TerraformJson])), configs);
    const acct02 = (stack: string) => run.reports.find((r) => r.stackName === stack)!.results.filter((r) => r.rule === 'HAPI-ACCT-02').map((r) => [r.status, r.severity, r.message]);
    expect(acct02('helloapi-account-nonprod')).toEqual([['fail', 'warning', 'not enabled: ECS_FARGATE_AGENT_MANAGEMENT (no GuardDuty agent in ECS Fargate tasks)']]);
    expect(acct02('helloapi-account-prod')).toEqual([['fail', 'warning', 'not enabled: RUNTIME_MONITORING, ECS_FARGATE_AGENT_MANAGEMENT (no GuardDuty agent in ECS Fargate tasks)']]);
  });

  it('drops the agent pull in a region with a known agent repository too (runtimeMonitoring: false)', () => {
    const sids = rolePolicy(stacks.get('helloapi-prod')!, 'compute_execution_policy').Statement.map((s) => s.Sid);
    expect(sids).not.toContain('EcrPullGuardDutyAgent');
    expect(sids).toContain('EcrPullThisRepository');
  });
});
