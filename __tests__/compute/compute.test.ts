import { Fn, Lazy, TerraformOutput, Token } from 'cdktf';
import { synthStack } from '../support/synth';
import { FAKE, PropsOverride, containers, rolePolicy, synthCompute } from './helpers';
import { SECRET_LOOKING_NAME, assertAllowedHosts, healthCheckCommand, imageReference, redirectExemptPattern, secretArnOf, guardDutyAgentRepositoryArn } from '../../modules/compute';

const KEY = '${aws_kms_key.compute_kms_key.arn}';
const SECRET = (id: string) => `\${aws_secretsmanager_secret.compute_${id}.arn}`;
/** The secret-value checks of the three app secrets, in the order the service depends on them. */
const GATES = ['compute_secret_key_versions', 'compute_api_keys_versions', 'compute_app_settings_versions'];
const HAS_CURRENT = '${try(anytrue([for v in self.versions : contains(v.version_stages, "AWSCURRENT")]), false)}';
type VersionsData = { secret_id: string; depends_on?: string[]; include_deprecated?: boolean; lifecycle: { postcondition: { condition: string; error_message: string }[] } };

describe('compute layer, default props', () => {
  const { stack, compute } = synthCompute();
  const [web] = containers(stack, 'compute_task_definition');
  const [manage] = containers(stack, 'compute_manage_task_definition');

  describe('container definition', () => {
    it('runs the configured immutable tag of this repository', () => {
      expect(web.image).toBe('${aws_ecr_repository.compute_repository.repository_url}:v1.0.0');
    });

    it('runs as a non-root user, unprivileged, on a read-only root with a writable /tmp', () => {
      expect(web).toMatchObject({ name: 'api', essential: true, user: '1000:1000', privileged: false, readonlyRootFilesystem: true });
      expect(web.mountPoints).toEqual([{ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }]);
      expect(stack.resource('aws_ecs_task_definition', 'compute_task_definition').volume).toEqual([{ name: 'tmp' }]);
      expect(web.linuxParameters).toEqual({ initProcessEnabled: true });
      expect(web.stopTimeout).toBe(30);
    });

    it('works as a non-root user on a read-only root without an image-declared /tmp: gunicorn heartbeats on /dev/shm', () => {
      // On Fargate the /tmp bind mount is root-owned unless the image declares VOLUME ["/tmp"] over a directory its
      // user owns (modules/compute/README.md, "The image"); gunicorn's worker heartbeat files go to /dev/shm instead.
      for (const c of [web, manage]) {
        expect(c).toMatchObject({ user: '1000:1000', readonlyRootFilesystem: true });
        expect(c.environment).toContainEqual({ name: 'GUNICORN_CMD_ARGS', value: '--worker-tmp-dir /dev/shm' });
        expect(c.mountPoints).toContainEqual({ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false });
      }
      // An image that sets GUNICORN_CMD_ARGS itself passes its full value, keeping a worker tmp dir.
      const own = containers(synthCompute({ extraEnvironment: { GUNICORN_CMD_ARGS: '--workers 3 --worker-tmp-dir=/dev/shm' } }).stack, 'compute_task_definition')[0];
      expect(own.environment.filter((e) => e.name === 'GUNICORN_CMD_ARGS')).toEqual([{ name: 'GUNICORN_CMD_ARGS', value: '--workers 3 --worker-tmp-dir=/dev/shm' }]);
    });

    it('listens on the app port', () => {
      expect(web.portMappings).toEqual([{ containerPort: 8000, hostPort: 8000, protocol: 'tcp' }]);
    });

    it('gets exactly the documented plain settings as environment', () => {
      const env = Object.fromEntries(web.environment.map((e) => [e.name, e.value]));
      expect(env).toEqual({
        DJANGO_SETTINGS_MODULE: 'helloapi.settings.production',
        DEBUG: 'False',
        PORT: '8000',
        HEALTH_CHECK_PATH: '/health/',
        SECURE_SSL_REDIRECT: 'True',
        SECURE_REDIRECT_EXEMPT: '^health/$',
        SECURE_PROXY_SSL_HEADER: 'HTTP_X_FORWARDED_PROTO,https',
        SECURE_HSTS_SECONDS: '31536000',
        SESSION_COOKIE_SECURE: 'True',
        CSRF_COOKIE_SECURE: 'True',
        DB_HOST: FAKE.dbAddress,
        DB_PORT: '5432',
        DB_NAME: 'helloapi',
        DB_SSLMODE: 'require',
        PYTHONUNBUFFERED: '1',
        PYTHONDONTWRITEBYTECODE: '1',
        GUNICORN_CMD_ARGS: '--worker-tmp-dir /dev/shm',
      });
      expect(web.environment.map((e) => e.name)).toEqual([...web.environment.map((e) => e.name)].sort());
      for (const e of web.environment) expect(e.name).not.toMatch(SECRET_LOOKING_NAME);
    });

    it('gets every secret from Secrets Manager through `secrets`', () => {
      expect(Object.fromEntries(web.secrets.map((s) => [s.name, s.valueFrom]))).toEqual({
        DB_USER: `${FAKE.dbSecretArn}:username::`,
        DB_PASSWORD: `${FAKE.dbSecretArn}:password::`,
        SECRET_KEY: SECRET('secret_key'),
        API_KEYS: SECRET('api_keys'),
        ALLOWED_HOSTS: `${SECRET('app_settings')}:ALLOWED_HOSTS::`,
        CORS_ALLOWED_ORIGINS: `${SECRET('app_settings')}:CORS_ALLOWED_ORIGINS::`,
      });
    });

    it('logs with awslogs to the KMS-encrypted log group, non-blocking', () => {
      expect(web.logConfiguration).toEqual({
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/helloapi-test/api', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'api', mode: 'non-blocking', 'max-buffer-size': '25m' },
      });
      const group = stack.resource('aws_cloudwatch_log_group', 'compute_log_group');
      expect(group).toMatchObject({ name: '/ecs/helloapi-test/api', retention_in_days: 365, kms_key_id: KEY });
    });

    it('has a container health check that passes host validation and the SSL redirect', () => {
      expect(web.healthCheck).toMatchObject({ interval: 30, timeout: 5, retries: 3, startPeriod: 60 });
      const [cmd, python, flag, script] = web.healthCheck!.command;
      expect([cmd, python, flag]).toEqual(['CMD', 'python', '-c']);
      expect(script).toContain("'http://127.0.0.1:8000/health/'");
      expect(script).toContain("'Host':'api.test.example.com'");
      expect(script).toContain("'X-Forwarded-Proto':'https'");
      expect(script).toContain('sys.exit(0 if r.status==200 else 1)');
    });

    it('is literal JSON in the synthesized Terraform, not a jsonencode() expression', () => {
      const raw = stack.resource('aws_ecs_task_definition', 'compute_task_definition').container_definitions as string;
      expect(raw.startsWith('[{"name":"api"')).toBe(true);
      expect(raw).not.toContain('jsonencode');
    });
  });

  describe('task definitions', () => {
    it('are Fargate, awsvpc, LINUX on ARM64 with the configured size and both roles', () => {
      for (const id of ['compute_task_definition', 'compute_manage_task_definition']) {
        expect(stack.resource('aws_ecs_task_definition', id)).toMatchObject({
          requires_compatibilities: ['FARGATE'],
          network_mode: 'awsvpc',
          cpu: '512',
          memory: '1024',
          runtime_platform: { operating_system_family: 'LINUX', cpu_architecture: 'ARM64' },
          execution_role_arn: '${aws_iam_role.compute_execution_role.arn}',
          task_role_arn: '${aws_iam_role.compute_task_role.arn}',
        });
      }
      expect(stack.resource('aws_ecs_task_definition', 'compute_task_definition').family).toBe('helloapi-test-api');
      expect(stack.resource('aws_ecs_task_definition', 'compute_manage_task_definition').family).toBe('helloapi-test-manage');
    });

    it('gives the manage family the same image, environment, secrets and hardening, with migrate as default command', () => {
      expect(manage).toMatchObject({ name: 'manage', image: web.image, user: '1000:1000', privileged: false, readonlyRootFilesystem: true });
      expect(manage.environment).toEqual(web.environment);
      expect(manage.secrets).toEqual(web.secrets);
      expect(manage.command).toEqual(['python', 'manage.py', 'migrate', '--noinput']);
      expect(manage.logConfiguration.options['awslogs-stream-prefix']).toBe('manage');
      expect(manage.portMappings).toBeUndefined();
    });

    it('hands typed outputs to the other layers', () => {
      expect(compute.outputs).toMatchObject({ manageFamily: 'helloapi-test-manage', migrateCommand: compute.migrateCommand, execLogGroupName: undefined, minTaskCount: 2 });
      expect(Object.keys(compute.outputs).sort()).toEqual(
        ['clusterArn', 'clusterName', 'executionRoleArn', 'execLogGroupName', 'kmsKeyArn', 'logGroupArn', 'logGroupName', 'manageFamily', 'migrateCommand', 'minTaskCount', 'repositoryArn', 'repositoryUrl', 'secretArns', 'secretsToSet', 'serviceName', 'taskRoleArn'].sort(),
      );
      expect(synthCompute({ execEnabled: true }).compute.outputs.execLogGroupName).toBeDefined();
      // The auto scaling floor: minCount, else desiredCount.
      expect(synthCompute({ scaling: { desiredCount: 3, minCount: 1 } }).compute.outputs.minTaskCount).toBe(1);
    });

    it('outputs the exact run-task command for a migration', () => {
      expect(compute.migrateCommand).toBe(
        'aws ecs run-task --region us-east-1 --cluster helloapi-test --task-definition helloapi-test-manage ' +
          '--launch-type FARGATE --platform-version LATEST ' +
          `--network-configuration 'awsvpcConfiguration={subnets=[${FAKE.subnets.join(',')}],securityGroups=[${FAKE.appSg}],assignPublicIp=DISABLED}' ` +
          `--overrides '{"containerOverrides":[{"name":"manage","command":["python","manage.py","migrate","--noinput"]}]}'`,
      );
      expect(stack.json.output!.compute_migrate_command.value).toBe(compute.migrateCommand);
    });

    it('puts the operator outputs on the stack unless stackOutputs is false (the properties stay)', () => {
      const operator = ['compute_app_settings_command', 'compute_migrate_command', 'compute_repository_url', 'compute_secret_ids'];
      expect(Object.keys(stack.json.output ?? {}).filter((o) => operator.includes(o)).sort()).toEqual(operator);
      const off = synthCompute({ stackOutputs: false });
      expect(Object.keys(off.stack.json.output ?? {}).filter((o) => o.startsWith('compute_'))).toEqual([]);
      expect(off.compute.migrateCommand).toBe(compute.migrateCommand);
    });
  });

  describe('IAM', () => {
    it('trusts ECS tasks of this account only', () => {
      for (const id of ['compute_execution_role', 'compute_task_role']) {
        expect(JSON.parse(stack.resource('aws_iam_role', id).assume_role_policy as string).Statement).toEqual([
          {
            Effect: 'Allow',
            Principal: { Service: 'ecs-tasks.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          },
        ]);
      }
    });

    it('lets the execution role pull this repository, write this log group, read the listed secrets and decrypt with their keys', () => {
      expect(rolePolicy(stack, 'compute_execution_policy').Statement).toEqual([
        { Sid: 'EcrAuthorization', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
        {
          Sid: 'EcrPullThisRepository',
          Effect: 'Allow',
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          Resource: 'arn:aws:ecr:us-east-1:123456789012:repository/helloapi-test/api',
        },
        {
          Sid: 'EcrPullGuardDutyAgent',
          Effect: 'Allow',
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          Resource: 'arn:aws:ecr:us-east-1:593207742271:repository/aws-guardduty-agent-fargate',
        },
        {
          Sid: 'WriteAppLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/helloapi-test/api:*',
        },
        {
          Sid: 'ReadListedSecrets',
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: [FAKE.dbSecretArn, SECRET('secret_key'), SECRET('api_keys'), SECRET('app_settings')],
        },
        {
          Sid: 'DecryptSecretsThroughSecretsManager',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: [KEY, FAKE.dbKeyArn],
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
        },
      ]);
    });

    it('gives the task role no permissions by default', () => {
      expect(Object.keys(stack.resources('aws_iam_role_policy'))).toEqual(['compute_execution_policy']);
      expect(stack.resources('aws_iam_role_policy_attachment')).toEqual({});
      expect(stack.resource('aws_iam_role', 'compute_task_role').inline_policy).toBeUndefined();
    });

    it('uses no wildcard action anywhere and `*` resources only for ecr:GetAuthorizationToken', () => {
      for (const p of Object.values(stack.resources<{ policy: string }>('aws_iam_role_policy'))) {
        for (const s of JSON.parse(p.policy).Statement) {
          const actions: string[] = typeof s.Action === 'string' ? [s.Action] : s.Action;
          for (const a of actions) expect(a).not.toMatch(/(^\*$|:\*$)/);
          if (s.Resource === '*') expect(actions).toEqual(['ecr:GetAuthorizationToken']);
        }
      }
    });
  });

  describe('service', () => {
    const svc = stack.resource('aws_ecs_service', 'compute_service');

    it('runs Fargate LATEST in the private app subnets, without public IP, in the app security group', () => {
      expect(svc).toMatchObject({
        launch_type: 'FARGATE',
        platform_version: 'LATEST',
        network_configuration: { subnets: FAKE.subnets, security_groups: [FAKE.appSg], assign_public_ip: false },
        cluster: '${aws_ecs_cluster.compute_cluster.arn}',
        task_definition: '${aws_ecs_task_definition.compute_task_definition.arn}',
      });
    });

    it('registers with the target group after the HTTPS listener exists (and after the secret-value checks)', () => {
      expect(svc.load_balancer).toEqual([{ target_group_arn: FAKE.targetGroupArn, container_name: 'api', container_port: 8000 }]);
      expect(svc.depends_on).toEqual(['aws_lb_listener.listener', ...GATES.map((g) => `data.aws_secretsmanager_secret_versions.${g}`)]);
      expect(svc.health_check_grace_period_seconds).toBe(60);
    });

    it('deploys safely: circuit breaker with rollback, 100/200 percent, AZ rebalancing', () => {
      expect(svc).toMatchObject({
        deployment_circuit_breaker: { enable: true, rollback: true },
        deployment_minimum_healthy_percent: 100,
        deployment_maximum_percent: 200,
        availability_zone_rebalancing: 'ENABLED',
      });
    });

    it('starts at the desired count and leaves it to auto scaling afterwards', () => {
      expect(svc.desired_count).toBe(2);
      expect(svc.lifecycle).toEqual({ ignore_changes: ['desired_count'] });
    });

    it('propagates tags and keeps ECS Exec off', () => {
      expect(svc).toMatchObject({ propagate_tags: 'SERVICE', enable_ecs_managed_tags: true, enable_execute_command: false });
      expect(stack.resource('aws_ecs_cluster', 'compute_cluster').configuration).toBeUndefined();
      expect(stack.resources('aws_cloudwatch_log_group')).not.toHaveProperty('compute_exec_log_group');
    });
  });

  describe('cluster, repository, secrets', () => {
    it('turns Container Insights on', () => {
      expect(stack.resource('aws_ecs_cluster', 'compute_cluster')).toMatchObject({ name: 'helloapi-test', setting: [{ name: 'containerInsights', value: 'enabled' }] });
    });

    it('creates an ECR repository with scan on push, immutable tags and KMS encryption', () => {
      expect(stack.resource('aws_ecr_repository', 'compute_repository')).toMatchObject({
        name: 'helloapi-test/api',
        image_tag_mutability: 'IMMUTABLE',
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [{ encryption_type: 'KMS', kms_key: KEY }],
        force_delete: false,
      });
    });

    it('keeps the last 30 images and expires untagged ones', () => {
      const rules = JSON.parse(stack.resource('aws_ecr_lifecycle_policy', 'compute_repository_lifecycle').policy as string).rules;
      expect(rules).toEqual([
        expect.objectContaining({ rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 1 } }),
        expect.objectContaining({ rulePriority: 2, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 }, action: { type: 'expire' } }),
      ]);
    });

    it('creates the three app secrets, encrypted with the layer key, with no value in Terraform', () => {
      const secrets = stack.resources<Record<string, unknown>>('aws_secretsmanager_secret');
      expect(Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, v.name]))).toEqual({
        compute_secret_key: 'helloapi-test/django/secret-key',
        compute_api_keys: 'helloapi-test/django/api-keys',
        compute_app_settings: 'helloapi-test/django/app-settings',
      });
      for (const s of Object.values(secrets)) expect(s).toMatchObject({ kms_key_id: KEY, recovery_window_in_days: 30 });
      expect(stack.count('aws_secretsmanager_secret_version')).toBe(0);
      expect(stack.text()).not.toMatch(/secret_string|secret_binary/);
    });

    it('outputs the put-secret-value command for the app settings, derived from the domains', () => {
      expect(compute.appSettingsValue).toBe('{"ALLOWED_HOSTS":"api.test.example.com","CORS_ALLOWED_ORIGINS":"https://api.test.example.com"}');
      expect(stack.json.output!.compute_app_settings_command.value).toBe(
        `aws secretsmanager put-secret-value --region us-east-1 --secret-id helloapi-test/django/app-settings --secret-string='${compute.appSettingsValue}'`,
      );
    });

    it('uses a rotating, undeletable KMS key that CloudWatch Logs may use', () => {
      const key = stack.resource('aws_kms_key', 'compute_kms_key');
      expect(key).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
      expect(JSON.parse(key.policy).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['AccountAdministers', 'CloudWatchLogsUse']);
    });
  });

  describe('auto scaling', () => {
    it('scales the service between min and max', () => {
      expect(stack.resource('aws_appautoscaling_target', 'compute_scaling_target')).toMatchObject({
        service_namespace: 'ecs',
        scalable_dimension: 'ecs:service:DesiredCount',
        resource_id: 'service/${aws_ecs_cluster.compute_cluster.name}/${aws_ecs_service.compute_service.name}',
        min_capacity: 2,
        max_capacity: 6,
      });
    });

    it.each([
      ['compute_scaling_cpu', 'ECSServiceAverageCPUUtilization', 60, undefined],
      ['compute_scaling_memory', 'ECSServiceAverageMemoryUtilization', 75, undefined],
      ['compute_scaling_requests', 'ALBRequestCountPerTarget', 1000, `${FAKE.albSuffix}/${FAKE.tgSuffix}`],
    ])('%s tracks %s at %d with cooldowns', (id, metric, target, label) => {
      const p = stack.resource('aws_appautoscaling_policy', id);
      expect(p.policy_type).toBe('TargetTrackingScaling');
      expect(p.resource_id).toBe('${aws_appautoscaling_target.compute_scaling_target.resource_id}');
      expect(p.target_tracking_scaling_policy_configuration).toEqual({
        target_value: target,
        scale_in_cooldown: 300,
        scale_out_cooldown: 60,
        predefined_metric_specification: { predefined_metric_type: metric, ...(label ? { resource_label: label } : {}) },
      });
    });
  });
});

describe('compute layer options', () => {
  it('listens on the port the network admits (network.containerPort) unless containerPort is set, else 8000', () => {
    const ports = (overrides: PropsOverride) => {
      const { stack } = synthCompute(overrides);
      return [containers(stack, 'compute_task_definition')[0].portMappings![0].containerPort, stack.resource('aws_ecs_service', 'compute_service').load_balancer[0].container_port];
    };
    const network = { appSubnetIds: FAKE.subnets, appSecurityGroupId: FAKE.appSg, containerPort: 9100 };
    expect(ports({ network })).toEqual([9100, 9100]);
    expect(ports({ network, containerPort: 9200 })).toEqual([9200, 9200]);
    expect(ports({})).toEqual([8000, 8000]);
  });

  it('runs a digest when one is given', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const { stack } = synthCompute({ image: { digest } });
    expect(containers(stack, 'compute_task_definition')[0].image).toBe(`\${aws_ecr_repository.compute_repository.repository_url}@${digest}`);
  });

  it('refuses a log retention CloudWatch Logs does not accept, at synth', () => {
    expect(() => synthCompute({ logRetentionDays: 100 })).toThrow(/logRetentionDays = 100: must be a CloudWatch Logs retention value \(1, 3, 5,/);
  });

  it('refuses `latest` unless allowMutableTag', () => {
    expect(() => synthCompute({ image: { tag: 'latest' } })).toThrow(/latest/);
    const { stack } = synthCompute({ image: { tag: 'latest' }, allowMutableTag: true });
    expect(containers(stack, 'compute_task_definition')[0].image).toMatch(/:latest$/);
  });

  it('scopes the pull permission to an external ECR repository, and drops ECR permissions for other registries', () => {
    const ext = synthCompute({ image: { repository: '999999999999.dkr.ecr.eu-west-1.amazonaws.com/shared/helloapi', tag: 'v2' } });
    const pull = rolePolicy(ext.stack, 'compute_execution_policy').Statement.find((s) => s.Sid === 'EcrPullThisRepository');
    expect(pull!.Resource).toBe('arn:aws:ecr:eu-west-1:999999999999:repository/shared/helloapi');
    const ghcr = synthCompute({ image: { repository: 'ghcr.io/example/helloapi', tag: 'v2' }, guardDutyRuntimeMonitoring: false });
    expect(rolePolicy(ghcr.stack, 'compute_execution_policy').Statement.map((s) => s.Sid)).not.toContain('EcrAuthorization');
  });

  describe('GuardDuty Runtime Monitoring agent sidecar', () => {
    const PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

    it('lets the execution role pull only the regional AWS-owned agent repository (GuardDuty user guide table)', () => {
      const { stack } = synthCompute({ region: 'eu-west-1' });
      const stmts = rolePolicy(stack, 'compute_execution_policy').Statement;
      expect(stmts.find((s) => s.Sid === 'EcrPullGuardDutyAgent')).toEqual({
        Sid: 'EcrPullGuardDutyAgent',
        Effect: 'Allow',
        Action: PULL,
        Resource: 'arn:aws:ecr:eu-west-1:694911143906:repository/aws-guardduty-agent-fargate',
      });
    });

    it('keeps ECR authorization and the agent pull for images from other registries', () => {
      const { stack } = synthCompute({ image: { repository: 'ghcr.io/example/helloapi', tag: 'v2' } });
      const sids = rolePolicy(stack, 'compute_execution_policy').Statement.map((s) => s.Sid);
      expect(sids).toContain('EcrAuthorization');
      expect(sids).toContain('EcrPullGuardDutyAgent');
      expect(sids).not.toContain('EcrPullThisRepository');
    });

    it('uses an explicit repository ARN, and drops the statement when disabled', () => {
      const arn = 'arn:aws:ecr:il-central-1:111122223333:repository/aws-guardduty-agent-fargate';
      const explicit = synthCompute({ region: 'il-central-1', guardDutyAgentRepositoryArn: arn });
      expect(rolePolicy(explicit.stack, 'compute_execution_policy').Statement.find((s) => s.Sid === 'EcrPullGuardDutyAgent')!.Resource).toBe(arn);
      const off = synthCompute({ guardDutyRuntimeMonitoring: false });
      expect(rolePolicy(off.stack, 'compute_execution_policy').Statement.map((s) => s.Sid)).not.toContain('EcrPullGuardDutyAgent');
    });

    it('scopes to the repository name in the region when the region is a Terraform token (HCL modules)', () => {
      const region = Token.asString(Fn.lower('US-EAST-1'));
      expect(Token.isUnresolved(region)).toBe(true);
      const arn = guardDutyAgentRepositoryArn(region);
      expect(arn).toBe(`arn:aws:ecr:${region}:*:repository/aws-guardduty-agent-fargate`);
      expect(guardDutyAgentRepositoryArn('ap-southeast-2')).toBe('arn:aws:ecr:ap-southeast-2:005257825471:repository/aws-guardduty-agent-fargate');
    });

    it('rejects a region without a known agent repository, naming the prop to set', () => {
      expect(() => synthCompute({ region: 'il-central-1' })).toThrow(/il-central-1.*guardDutyAgentRepositoryArn/);
    });
  });

  it('with ECS Exec: logs sessions to an encrypted group, grants only the exec channels, keeps the root read-only', () => {
    const { stack } = synthCompute({ execEnabled: true });
    expect(stack.resource('aws_ecs_service', 'compute_service').enable_execute_command).toBe(true);
    expect(stack.resource('aws_cloudwatch_log_group', 'compute_exec_log_group')).toMatchObject({ name: '/ecs/helloapi-test/exec', kms_key_id: KEY });
    expect(stack.resource('aws_ecs_cluster', 'compute_cluster').configuration).toEqual({
      execute_command_configuration: {
        kms_key_id: KEY,
        logging: 'OVERRIDE',
        log_configuration: { cloud_watch_encryption_enabled: true, cloud_watch_log_group_name: '${aws_cloudwatch_log_group.compute_exec_log_group.name}' },
      },
    });
    expect(rolePolicy(stack, 'compute_task_policy').Statement).toEqual([
      {
        Sid: 'EcsExecChannels',
        Effect: 'Allow',
        Action: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
        Resource: '*',
      },
      { Sid: 'EcsExecFindLogGroup', Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:*' },
      {
        Sid: 'EcsExecWriteSessionLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/helloapi-test/exec:*',
      },
      { Sid: 'EcsExecSessionEncryption', Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY },
    ]);
    const [web] = containers(stack, 'compute_task_definition');
    expect(web.readonlyRootFilesystem).toBe(true);
    expect(web.mountPoints.map((m) => m.containerPath)).toEqual(['/tmp', '/var/lib/amazon/ssm', '/var/log/amazon/ssm']);
  });

  it('adds typed task-role statements and refuses wildcard actions', () => {
    const stmt = { Sid: 'ReadMedia', Effect: 'Allow' as const, Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::helloapi-media/*' };
    const { stack } = synthCompute({ taskRolePolicyStatements: [stmt] });
    expect(rolePolicy(stack, 'compute_task_policy').Statement).toEqual([stmt]);
    expect(() => synthCompute({ taskRolePolicyStatements: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::x' }] })).toThrow(/wildcard/);
    expect(() => synthCompute({ taskRolePolicyStatements: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::x' }] })).toThrow(/wildcard/);
  });

  it('adds extra environment but refuses secret-looking or reserved names', () => {
    const { stack } = synthCompute({ extraEnvironment: { SENTRY_ENVIRONMENT: 'test' } });
    expect(containers(stack, 'compute_task_definition')[0].environment).toContainEqual({ name: 'SENTRY_ENVIRONMENT', value: 'test' });
    for (const bad of ['STRIPE_SECRET', 'DB_PASSWORD_2', 'GITHUB_TOKEN', 'AWS_ACCESS_KEY_ID', 'GCP_CREDENTIALS', 'api_key', 'SSH_PRIVATE']) {
      expect(() => synthCompute({ extraEnvironment: { [bad]: 'x' } })).toThrow(/looks like a secret/);
    }
    expect(() => synthCompute({ extraEnvironment: { DEBUG: 'True' } })).toThrow(/cannot be overridden/);
  });

  it('adds extra secrets and lets the execution role read exactly them', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:helloapi/stripe-XyZ123';
    const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/99999999-2222-3333-4444-555555555555';
    const { stack } = synthCompute({ extraSecrets: { STRIPE_API_KEY: `${arn}:api_key::` }, extraSecretsKmsKeyArns: [keyArn] });
    expect(containers(stack, 'compute_task_definition')[0].secrets).toContainEqual({ name: 'STRIPE_API_KEY', valueFrom: `${arn}:api_key::` });
    const statements = rolePolicy(stack, 'compute_execution_policy').Statement;
    expect(statements.find((s) => s.Sid === 'ReadListedSecrets')!.Resource).toContain(arn);
    expect(statements.find((s) => s.Sid === 'DecryptSecretsThroughSecretsManager')!.Resource).toEqual([KEY, FAKE.dbKeyArn, keyArn]);
    expect(() => synthCompute({ extraSecrets: { X: 'not-an-arn' } })).toThrow(/secret ARN/);
    expect(() => synthCompute({ extraSecrets: { SECRET_KEY: arn } })).toThrow(/already set/);
  });

  it('refuses `*` and wildcards in ALLOWED_HOSTS and CORS origins', () => {
    expect(() => synthCompute({ allowedHosts: ['*'] })).toThrow(/allowedHosts/);
    expect(() => synthCompute({ allowedHosts: ['.example.com'] })).toThrow(/allowedHosts/);
    expect(() => synthCompute({ corsAllowedOrigins: ['*'] })).toThrow(/corsAllowedOrigins/);
    expect(() => synthCompute({ corsAllowedOrigins: ['http://app.example.com'] })).toThrow(/corsAllowedOrigins/);
    const { compute } = synthCompute({ allowedHosts: ['api.test.example.com', 'api2.test.example.com'], corsAllowedOrigins: ['https://app.example.com'] });
    expect(JSON.parse(compute.appSettingsValue)).toEqual({ ALLOWED_HOSTS: 'api.test.example.com,api2.test.example.com', CORS_ALLOWED_ORIGINS: 'https://app.example.com' });
  });

  it('refuses root users, privileged ports and bad scaling bounds', () => {
    expect(() => synthCompute({ containerUser: '0:0' })).toThrow(/root/);
    expect(() => synthCompute({ containerUser: 'root' })).toThrow(/root/);
    expect(() => synthCompute({ containerPort: 80 })).toThrow(/1024/);
    expect(() => synthCompute({ scaling: { desiredCount: 3, minCount: 4 } })).toThrow(/minCount/);
  });

  it('skips the requests-per-target policy when the ALB suffixes are not given', () => {
    const { stack } = synthCompute({ withRequestSuffixes: false });
    expect(Object.keys(stack.resources('aws_appautoscaling_policy')).sort()).toEqual(['compute_scaling_cpu', 'compute_scaling_memory']);
  });

  it('honours sizing, architecture, port, health path and scaling targets', () => {
    const { stack } = synthCompute({
      sizing: { cpu: 1024, memory: 2048, architecture: 'X86_64' },
      containerPort: 8080,
      healthCheckPath: '/healthz',
      scaling: { desiredCount: 3, minCount: 3, maxCount: 12, cpuTargetPercent: 50, scaleInCooldownSeconds: 600 },
    });
    const td = stack.resource('aws_ecs_task_definition', 'compute_task_definition');
    expect(td).toMatchObject({ cpu: '1024', memory: '2048', runtime_platform: { cpu_architecture: 'X86_64' } });
    const [web] = containers(stack, 'compute_task_definition');
    expect(web.portMappings).toEqual([{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }]);
    expect(web.environment).toContainEqual({ name: 'SECURE_REDIRECT_EXEMPT', value: '^healthz$' });
    expect(web.healthCheck!.command[3]).toContain("'http://127.0.0.1:8080/healthz'");
    expect(stack.resource('aws_ecs_service', 'compute_service').load_balancer[0].container_port).toBe(8080);
    expect(stack.resource('aws_appautoscaling_target', 'compute_scaling_target')).toMatchObject({ min_capacity: 3, max_capacity: 12 });
    expect(stack.resource('aws_appautoscaling_policy', 'compute_scaling_cpu').target_tracking_scaling_policy_configuration).toMatchObject({
      target_value: 50,
      scale_in_cooldown: 600,
    });
  });
});

describe('health check path and Django settings module', () => {
  const env = (overrides: PropsOverride = {}) => Object.fromEntries(containers(synthCompute(overrides).stack, 'compute_task_definition')[0].environment.map((e) => [e.name, e.value]));

  it('literal values render as before: /health/ exempt from the HTTPS redirect, HelloAPI\'s settings by default', () => {
    expect(env()).toMatchObject({ DJANGO_SETTINGS_MODULE: 'helloapi.settings.production', HEALTH_CHECK_PATH: '/health/', SECURE_REDIRECT_EXEMPT: '^health/$' });
    expect(env({ healthCheckPath: '/status/v1.json', djangoSettingsModule: 'myproject.settings.prod' })).toMatchObject({
      DJANGO_SETTINGS_MODULE: 'myproject.settings.prod',
      HEALTH_CHECK_PATH: '/status/v1.json',
      SECURE_REDIRECT_EXEMPT: '^status/v1\\.json$',
    });
  });

  it('a token path: HEALTH_CHECK_PATH and the health check interpolate it, SECURE_REDIRECT_EXEMPT is computed by Terraform, JSON-escaped', () => {
    const path = Token.asString(Fn.lower('/HEALTHZ.JSON'));
    const { stack } = synthCompute({ healthCheckPath: path, djangoSettingsModule: Token.asString(Fn.lower('MYAPP.SETTINGS')) });
    const text = stack.resource('aws_ecs_task_definition', 'compute_task_definition').container_definitions as string;
    expect(text).toContain('{"name":"HEALTH_CHECK_PATH","value":"${lower("/HEALTHZ.JSON")}"}');
    expect(text).toContain('{"name":"DJANGO_SETTINGS_MODULE","value":"${lower("MYAPP.SETTINGS")}"}');
    expect(text).toContain(
      String.raw`{"name":"SECURE_REDIRECT_EXEMPT","value":"${'${'}trimsuffix(trimprefix(jsonencode(format("^%s$", replace(trimprefix(lower("/HEALTHZ.JSON"), "/"), "/[.*+?^$(){}|\\[\\]\\\\]/", "\\$0"))), "\""), "\"")}"}`,
    );
    expect(text).toContain(`'http://127.0.0.1:8000\${lower("/HEALTHZ.JSON")}'`);
  });
});

describe('compute helpers', () => {
  it('secretArnOf strips the JSON-key suffix of literal and token ARNs', () => {
    expect(secretArnOf(`${FAKE.dbSecretArn}:password::`, 'x')).toBe(FAKE.dbSecretArn);
    expect(secretArnOf(FAKE.dbSecretArn, 'x')).toBe(FAKE.dbSecretArn);
    expect(() => secretArnOf('arn:aws:ssm:us-east-1:123456789012:parameter/x', 'x')).toThrow();
  });

  it('redirectExemptPattern escapes regex characters', () => {
    expect(redirectExemptPattern('/health/')).toBe('^health/$');
    expect(redirectExemptPattern('/health.json')).toBe('^health\\.json$');
  });

  it('redirectExemptPattern of a Terraform token escapes with Terraform functions, leaving the reference whole', () => {
    const pattern = redirectExemptPattern(Token.asString(Fn.lower('/HEALTH.JSON')));
    expect(Token.isUnresolved(pattern)).toBe(true);
    const stack = synthStack((s) => void new TerraformOutput(s, 'pattern', { value: pattern }));
    // HCL string literals escape their backslashes: "\\$0" is a backslash and the match; RE2 reads the class as JavaScript does.
    expect(stack.json.output!.pattern.value).toBe(String.raw`${'${'}format("^%s$", replace(trimprefix(lower("/HEALTH.JSON"), "/"), "/[.*+?^$(){}|\\[\\]\\\\]/", "\\$0"))}`);
  });

  it('imageReference needs exactly one of tag and digest', () => {
    expect(() => imageReference('r', {}, false)).toThrow(/exactly one/);
    expect(() => imageReference('r', { tag: 'a', digest: `sha256:${'b'.repeat(64)}` }, false)).toThrow(/exactly one/);
    expect(() => imageReference('r', { digest: 'sha256:xyz' }, false)).toThrow(/digest/);
  });

  it('healthCheckCommand contains no Terraform template sequence', () => {
    const script = healthCheckCommand(8000, '/health/', 'api.example.com').join(' ');
    expect(script).not.toMatch(/[$%]\{/);
  });

  it('assertAllowedHosts needs at least one host', () => {
    expect(() => assertAllowedHosts([])).toThrow(/at least one/);
  });
});

describe('the service waits for its secrets to have values (requireSecretValues)', () => {
  const { stack, compute } = synthCompute();
  const gates = stack.json.data?.aws_secretsmanager_secret_versions as Record<string, VersionsData>;
  const secretIds = { compute_secret_key_versions: 'secret-key', compute_api_keys_versions: 'api-keys', compute_app_settings_versions: 'app-settings' } as const;

  it('lists the versions of each app secret with a data source that returns no value', () => {
    expect(Object.keys(stack.json.data ?? {})).toEqual(['aws_secretsmanager_secret_versions']);
    expect(Object.keys(gates).sort()).toEqual([...GATES].sort());
    expect(gates.compute_secret_key_versions.secret_id).toBe(SECRET('secret_key'));
    expect(gates.compute_api_keys_versions.secret_id).toBe(SECRET('api_keys'));
    expect(gates.compute_app_settings_versions.secret_id).toBe(SECRET('app_settings'));
    // aws_secretsmanager_secret_versions returns version IDs and staging labels; never aws_secretsmanager_secret_version (the value).
    expect(stack.text()).not.toMatch(/secret_string|secret_binary|"aws_secretsmanager_secret_version"/);
  });

  it('requires a version staged AWSCURRENT, and the error names the secret and the exact command that sets it', () => {
    for (const [id, suffix] of Object.entries(secretIds)) {
      const [post, ...more] = gates[id].lifecycle.postcondition;
      expect(more).toEqual([]);
      expect(post.condition).toBe(HAS_CURRENT);
      expect(post.error_message).toMatch(new RegExp(`^Secret helloapi-test/django/${suffix} has no value yet \\(no version staged AWSCURRENT\\), so the ECS service helloapi-test-api is not created`));
      expect(post.error_message).toContain(`Set it, then deploy again: aws secretsmanager put-secret-value --region us-east-1 --secret-id helloapi-test/django/${suffix} --secret-string=`);
      expect(post.error_message).toContain('modules/compute/README.md, "Setting the secrets"');
      expect(post.error_message).toMatch(/\.$/);
      // A literal string in Terraform JSON is a template: no ${ or %{ may slip in.
      expect(post.error_message).not.toMatch(/[$%]\{/);
    }
    expect(gates.compute_secret_key_versions.lifecycle.postcondition[0].error_message).toContain(
      `--secret-string="$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"`,
    );
    expect(gates.compute_api_keys_versions.lifecycle.postcondition[0].error_message).toContain('json.dumps({"partner-a": secrets.token_urlsafe(32)})');
    // The app settings are not secret: the message carries the exact value, as the output command does.
    expect(gates.compute_app_settings_versions.lifecycle.postcondition[0].error_message).toContain(stack.json.output!.compute_app_settings_command.value as string);
  });

  it('does not check the RDS-managed master secret (RDS sets its value when it creates it)', () => {
    expect(Object.values(gates).map((g) => g.secret_id)).not.toContain(FAKE.dbSecretArn);
  });

  it('names the secrets to set in the typed outputs, checked or not', () => {
    const names = ['helloapi-test/django/secret-key', 'helloapi-test/django/api-keys', 'helloapi-test/django/app-settings'];
    expect(compute.outputs.secretsToSet).toEqual(names);
    expect(Object.keys(compute.secretValueChecks)).toEqual(names);
    expect(synthCompute({ requireSecretValues: false }).compute.outputs.secretsToSet).toEqual(names);
  });

  it('requireSecretValues: false removes the checks and the service waits for the listener only', () => {
    const { stack: off, compute: offCompute } = synthCompute({ requireSecretValues: false });
    expect(off.json.data).toBeUndefined();
    expect(offCompute.secretValueChecks).toEqual({});
    expect(off.resource('aws_ecs_service', 'compute_service').depends_on).toEqual(['aws_lb_listener.listener']);
  });

  describe('extraSecrets', () => {
    const here = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:helloapi/stripe-XyZ123';
    const otherAccount = 'arn:aws:secretsmanager:us-east-1:999999999999:secret:shared/partner-AbC123';
    const otherRegion = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:helloapi/eu-AbC123';
    const pinned = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:helloapi/pinned-AbC123';
    const sameConfiguration = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:helloapi/made-here-AbC123';
    const { stack: s, compute: c } = synthCompute({
      extraSecrets: {
        STRIPE_API_KEY: `${here}:api_key::`,
        STRIPE_WEBHOOK: `${here}:webhook::`,
        PARTNER_TOKEN: otherAccount,
        EU_TOKEN: otherRegion,
        PINNED_STAGE: `${pinned}::AWSPREVIOUS:`,
        PINNED_VERSION: `${pinned}:::0123abcd-0000-1111-2222-333344445555`,
        // A token, as a reference to a secret created in the same configuration would be.
        SAME_CONFIGURATION: Lazy.stringValue({ produce: () => sameConfiguration }),
      },
    });
    const data = s.json.data!.aws_secretsmanager_secret_versions as Record<string, VersionsData>;

    it('checks literal ARNs of this account and region once per secret and pinned version, after the execution policy', () => {
      expect(Object.keys(data).filter((k) => k.startsWith('compute_extra_')).sort()).toEqual([
        'compute_extra_secret_pinned_stage_versions',
        'compute_extra_secret_pinned_version_versions',
        'compute_extra_secret_stripe_api_key_versions',
      ]);
      const stripe = data.compute_extra_secret_stripe_api_key_versions;
      expect(stripe.secret_id).toBe(here);
      // A literal ARN would be read at plan time, even offline: the read waits for a resource of the layer.
      expect(stripe.depends_on).toEqual(['aws_iam_role_policy.compute_execution_policy']);
      expect(stripe.lifecycle.postcondition[0].condition).toBe(HAS_CURRENT);
      expect(stripe.lifecycle.postcondition[0].error_message).toContain(`Secret ${here} has no value yet`);
      expect(stripe.lifecycle.postcondition[0].error_message).toContain(`aws secretsmanager put-secret-value --region us-east-1 --secret-id ${here} --secret-string='<value>'.`);
      expect(s.resource('aws_ecs_service', 'compute_service').depends_on).toContain('data.aws_secretsmanager_secret_versions.compute_extra_secret_stripe_api_key_versions');
      expect(c.outputs.secretsToSet.slice(3)).toEqual([pinned, here]);
    });

    it('checks the version stage or version ID a valueFrom pins instead of AWSCURRENT', () => {
      expect(data.compute_extra_secret_pinned_stage_versions.lifecycle.postcondition[0].condition).toBe(
        '${try(anytrue([for v in self.versions : contains(v.version_stages, "AWSPREVIOUS")]), false)}',
      );
      const byId = data.compute_extra_secret_pinned_version_versions;
      expect(byId.lifecycle.postcondition[0].condition).toBe('${try(anytrue([for v in self.versions : v.version_id == "0123abcd-0000-1111-2222-333344445555"]), false)}');
      // A pinned version may have lost its staging labels; ECS still reads it.
      expect(byId.include_deprecated).toBe(true);
    });

    it('does not check other accounts\' or regions\' secrets, nor references to secrets of the same configuration', () => {
      const ids = Object.values(data).map((g) => g.secret_id);
      for (const arn of [otherAccount, otherRegion, sameConfiguration]) expect(ids).not.toContain(arn);
    });
  });
});
