import { Construct } from 'constructs';
import { Fn, Token, Tokenization } from 'cdktf';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { healthCheckCommand, redirectExemptPattern, toEnvironment, toSecrets } from './container';
import type { TaskRoles } from './roles';
import type { ComputeSecrets } from './secrets';
import type { ComputeSettings } from './settings';

/** What the task definitions run and with which roles. */
export interface TaskDefinitionsDeps {
  /** The full image reference. */
  readonly image: string;
  readonly roles: TaskRoles;
  /** The app secrets the containers read. */
  readonly secrets: ComputeSecrets;
  /** The awslogs group of both containers. */
  readonly logGroupName: string;
}

/** The service's task definition and the one-off `<name>-manage` family. */
export interface TaskDefinitions {
  /** `task_definition`: family `<name>-api`, the web container. */
  readonly web: EcsTaskDefinition;
  /** `manage_task_definition`: family `<name>-manage`, the same container running `manageCommand`. */
  readonly manage: EcsTaskDefinition;
}

/** Scratch space on the read-only root: a volume and where it is mounted. */
interface Scratch {
  readonly volume: string;
  readonly path: string;
}

/**
 * The web and manage task definitions: Fargate, awsvpc, the sizing's CPU, memory and architecture, one hardened
 * container each (non-root, unprivileged, read-only root with scratch volumes, init process, secrets from
 * Secrets Manager only, non-blocking awslogs).
 */
export function taskDefinitions(scope: Construct, s: ComputeSettings, deps: TaskDefinitionsDeps): TaskDefinitions {
  const scratch = scratchVolumes(s);
  const { props } = s;
  const base = {
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    // A Terraform variable (the published module) renders as "${var.cpu}".
    cpu: Tokenization.stringifyNumber(props.sizing.cpu),
    memory: Tokenization.stringifyNumber(props.sizing.memory),
    runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: props.sizing.architecture ?? 'ARM64' },
    executionRoleArn: deps.roles.executionRole.arn,
    taskRoleArn: deps.roles.taskRole.arn,
    volume: scratch.map((v) => ({ name: v.volume })),
    tags: s.tags,
  };
  const { web, manage } = containerDefinitions(s, deps, scratch);
  return {
    web: new EcsTaskDefinition(scope, 'task_definition', {
      ...base,
      family: `${s.name}-api`,
      containerDefinitions: JSON.stringify([web]),
      // Blue/green: a new revision does not replace the running one (CodeDeploy deploys it later, README.md "Blue/green
      // deploys"), so Terraform must not deregister the old one: an INACTIVE revision cannot start new tasks, which a
      // rollback or the rotation redeploy (a deployment of the running revision) needs.
      ...(s.deployment === 'blueGreen' ? { skipDestroy: true } : {}),
    }),
    manage: new EcsTaskDefinition(scope, 'manage_task_definition', { ...base, family: `${s.name}-manage`, containerDefinitions: JSON.stringify([manage]) }),
  };
}

/**
 * Scratch space on the read-only root: /tmp, plus the SSM agent's state and log folders when ECS Exec is on
 * (the agent cannot start on a read-only root otherwise).
 */
function scratchVolumes(s: ComputeSettings): Scratch[] {
  return [
    { volume: 'tmp', path: '/tmp' },
    ...(s.execEnabled
      ? [
          { volume: 'ssm_state', path: '/var/lib/amazon/ssm' },
          { volume: 'ssm_logs', path: '/var/log/amazon/ssm' },
        ]
      : []),
  ];
}

/** The web container (port, health check) and the manage container (`manageCommand`), alike otherwise. */
function containerDefinitions(s: ComputeSettings, deps: TaskDefinitionsDeps, scratch: Scratch[]): { web: object; manage: object } {
  const { props } = s;
  const environment = toEnvironment(containerEnvironment(s));
  const secrets = toSecrets(containerSecrets(s, deps.secrets));
  const common = (streamPrefix: string) => ({
    image: deps.image,
    essential: true,
    user: s.user,
    privileged: false,
    readonlyRootFilesystem: props.readonlyRootFilesystem ?? true,
    environment,
    secrets,
    mountPoints: scratch.map((v) => ({ sourceVolume: v.volume, containerPath: v.path, readOnly: false })),
    linuxParameters: { initProcessEnabled: true },
    stopTimeout: s.stopTimeout,
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': deps.logGroupName,
        'awslogs-region': props.region,
        'awslogs-stream-prefix': streamPrefix,
        mode: 'non-blocking',
        'max-buffer-size': '25m',
      },
    },
  });
  const web = {
    name: s.containerName,
    ...common(s.containerName),
    portMappings: [{ containerPort: s.port, hostPort: s.port, protocol: 'tcp' }],
    healthCheck: { command: healthCheckCommand(s.port, s.healthPath, props.allowedHosts[0]), interval: 30, timeout: 5, retries: 3, startPeriod: 60 },
  };
  const manageCommand = props.manageCommand ?? ['python', 'manage.py', 'migrate', '--noinput'];
  return { web, manage: { name: s.manageContainerName, ...common(s.manageContainerName), command: manageCommand } };
}

/**
 * Gunicorn's worker heartbeat files on `/dev/shm` (a tmpfs every container has, writable by any user), not on
 * `/tmp`: on Fargate the task's `/tmp` scratch volume is a bind mount that is root-owned (0755) unless the image
 * declares `VOLUME ["/tmp"]` over a directory its user owns (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html),
 * and workers that cannot create their heartbeat file never boot, so the circuit breaker rolls the deployment back.
 * Gunicorn's order of precedence (https://docs.gunicorn.org/en/stable/configure.html): GUNICORN_CMD_ARGS overrides
 * gunicorn.conf.py and is overridden by the command line, so an image's own `--worker-tmp-dir` flag still wins
 * (https://docs.gunicorn.org/en/stable/settings.html#worker-tmp-dir). The task's variable replaces an image's
 * `ENV GUNICORN_CMD_ARGS`: such an image sets the full value in `extraEnvironment.GUNICORN_CMD_ARGS`, which must keep
 * a `--worker-tmp-dir` (validate.ts).
 */
export const GUNICORN_CMD_ARGS = '--worker-tmp-dir /dev/shm';

/** Plain environment: Django's production settings, the health path, the database endpoint, gunicorn's tmp dir, extraEnvironment. */
function containerEnvironment(s: ComputeSettings): Record<string, string> {
  const { props } = s;
  return {
    DJANGO_SETTINGS_MODULE: props.djangoSettingsModule ?? 'helloapi.settings.production',
    DEBUG: 'False',
    PORT: String(s.port),
    HEALTH_CHECK_PATH: s.healthPath,
    SECURE_SSL_REDIRECT: 'True',
    SECURE_REDIRECT_EXEMPT: jsonStringContent(redirectExemptPattern(s.healthPath)),
    SECURE_PROXY_SSL_HEADER: 'HTTP_X_FORWARDED_PROTO,https',
    SECURE_HSTS_SECONDS: '31536000',
    SESSION_COOKIE_SECURE: 'True',
    CSRF_COOKIE_SECURE: 'True',
    DB_HOST: props.database.address,
    DB_PORT: Token.isUnresolved(props.database.port) ? Token.asString(props.database.port) : String(props.database.port),
    DB_NAME: props.database.databaseName,
    DB_SSLMODE: 'require',
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    GUNICORN_CMD_ARGS,
    ...s.extraEnvironment,
  };
}

/**
 * A value as it may stand inside a JSON string of the container definitions. A literal is returned as it is
 * (JSON.stringify escapes it). A token is written into the JSON text as `${<expression>}`, and Terraform splices its
 * value in verbatim, so a value Terraform computes with backslashes or quotes (redirectExemptPattern of a token path:
 * `^health\.json$`) would break the JSON: it becomes `jsonencode(<value>)` without the quotes, the value JSON-escaped.
 * References to variables and attributes that cannot hold such characters (the module's validated paths, host names)
 * stay plain references.
 */
function jsonStringContent(value: string): string {
  return Token.isUnresolved(value) ? Fn.trimsuffix(Fn.trimprefix(Fn.jsonencode(value), String.raw`\"`), String.raw`\"`) : value;
}

/** Secrets: DB credentials from the RDS-managed secret, the app secrets, extraSecrets. */
function containerSecrets(s: ComputeSettings, secrets: ComputeSecrets): Record<string, string> {
  const master = s.props.database.masterUserSecretArn;
  return {
    DB_USER: `${master}:username::`,
    DB_PASSWORD: `${master}:password::`,
    SECRET_KEY: secrets.djangoSecretKey.arn,
    API_KEYS: secrets.apiKeys.arn,
    ALLOWED_HOSTS: `${secrets.appSettings.arn}:ALLOWED_HOSTS::`,
    CORS_ALLOWED_ORIGINS: `${secrets.appSettings.arn}:CORS_ALLOWED_ORIGINS::`,
    ...s.extraSecrets,
  };
}
