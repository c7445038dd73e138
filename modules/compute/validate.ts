import { Token } from 'cdktf';
import { layerBaseProblems } from '../core/context';
import { containerPortProblem, fargateSizeProblem, LOG_RETENTION_DAYS } from '../core/limits';
import { isDnsName, PYTHON_MODULE_PATTERN, URL_PATH_PATTERN } from '../core/patterns';
import { PropProblem, Problems } from '../core/problems';
import { GUARDDUTY_AGENT_REPOSITORY_HINT, GUARDDUTY_AGENT_UNKNOWN_REGION, isGuardDutyAgentRegion } from './guardduty';
import { blueGreenProblems } from './blue-green';
import type { ComputeImage, ComputeProps, ComputeScaling, ComputeSizing } from './props';
import { offHoursProblems, requestStepsProblems } from './scaling-validate';

/*
 * The rules of the compute layer's props, in one place: the layer throws every problem at once (PropsError),
 * the environment validator can call `computePropsProblems` for the same facts. Pure functions, no constructs.
 * Values that are Terraform tokens (the published HCL module's variables) are left to the module's validations.
 */

/** Longest `name`: it names the cluster and prefixes the service, roles, repository and log groups; the published module's `name` limit too. */
export const COMPUTE_MAX_NAME_LENGTH = 24;

/** Names that must never be plain environment variables: they look like secrets. */
export const SECRET_LOOKING_NAME = /SECRET|PASSW(OR)?D|TOKEN|KEY|CREDENTIAL|PRIVATE/i;

/** Environment names the layer sets itself; extraEnvironment and extraSecrets may not override them. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'DJANGO_SETTINGS_MODULE',
  'DEBUG',
  'PORT',
  'HEALTH_CHECK_PATH',
  'SECURE_SSL_REDIRECT',
  'SECURE_REDIRECT_EXEMPT',
  'SECURE_PROXY_SSL_HEADER',
  'SECURE_HSTS_SECONDS',
  'SESSION_COOKIE_SECURE',
  'CSRF_COOKIE_SECURE',
  'DB_HOST',
  'DB_PORT',
  'DB_NAME',
  'DB_SSLMODE',
  'DB_USER',
  'DB_PASSWORD',
  'SECRET_KEY',
  'API_KEYS',
  'ALLOWED_HOSTS',
  'CORS_ALLOWED_ORIGINS',
  'PYTHONUNBUFFERED',
  'PYTHONDONTWRITEBYTECODE',
]);

/** A Docker image tag (the published module's `image_tag` validation renders it too). */
export const IMAGE_TAG_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ORIGIN = /^https:\/\/(?=.{1,253}(:\d{1,5})?$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(:\d{1,5})?$/;
/** A literal Secrets Manager ARN, optionally followed by `:json-key:version-stage:version-id`. */
const SECRET_ARN = /^(arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@!-]+)(:[^:]*:[^:]*:[^:]*)?$/;

/**
 * The props the compute layer's rules read: every prop but the other layers' outputs (network, database, load
 * balancer), which the rules never check but for the port the network admits (the container's port unless
 * `containerPort` is set), so the environment validator can call them before any construct exists.
 */
type ComputeValueProps = Omit<ComputeProps, 'network' | 'database' | 'loadBalancer'> & { readonly network?: Pick<ComputeProps['network'], 'containerPort'> };

/**
 * Every problem with the compute layer's props (empty when they are valid): name, account, region and partition
 * (`layerBaseProblems`), the container, the host names and
 * CORS origins, the Fargate task size, the scaling bounds, the image, the task role's statements, the extra
 * environment and secrets, and the GuardDuty agent repository. Of the other layers' outputs only the network's
 * `containerPort` is read (the port the container listens on when `containerPort` is not set).
 */
export function computePropsProblems(props: Omit<ComputeProps, 'network' | 'database' | 'loadBalancer'> & { readonly network?: Pick<ComputeProps['network'], 'containerPort'> }): PropProblem[] {
  const problems = new Problems()
    .addAll(layerBaseProblems(props, { maxNameLength: COMPUTE_MAX_NAME_LENGTH, nameUse: 'it names the cluster and prefixes the names of the service, roles, repository and log groups' }))
    .addAll(containerProblems(props))
    .addAll(allowedHostsProblems(props.allowedHosts))
    // The default origins (https://<each allowed host>) are valid whenever the hosts are.
    .addAll(corsOriginsProblems(props.corsAllowedOrigins ?? []))
    .addAll(fargateSizeProblems(props.sizing), 'sizing')
    .addAll(scalingProblems(props.scaling), 'scaling')
    .addAll(imageProblems(props.image, props.allowMutableTag ?? false));
  if (props.image.repository !== undefined && Token.isUnresolved(props.image.repository)) {
    problems.add('image.repository', props.image.repository, 'must be a literal repository URI (the execution role is scoped to it at synth time)');
  }
  problems.addAll(taskRoleProblems(props)).addAll(extraVariableProblems(props)).addAll(guardDutyProblems(props));
  const deployment = props.deployment ?? 'rolling';
  if (deployment !== 'rolling' && deployment !== 'blueGreen') problems.add('deployment', deployment, 'must be "rolling" or "blueGreen"');
  if (deployment === 'blueGreen') problems.addAll(blueGreenProblems(props.blueGreen));
  return [...problems.all];
}

/** Port, health path, Django settings module, user, stop timeout and log retention of the container. */
function containerProblems(props: ComputeValueProps): Problems {
  const problems = new Problems();
  // The port the container listens on: its own, else the one the network admits (as computeSettings reads it).
  const fromNetwork = props.containerPort === undefined && props.network?.containerPort !== undefined;
  const port = fromNetwork ? props.network!.containerPort! : (props.containerPort ?? 8000);
  const portProblem = Token.isUnresolved(port) ? undefined : containerPortProblem(port);
  if (portProblem) problems.add(fromNetwork ? 'network.containerPort' : 'containerPort', port, portProblem);
  const retention = props.logRetentionDays ?? 365;
  if (!Token.isUnresolved(retention) && !(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
    problems.add('logRetentionDays', retention, `must be a CloudWatch Logs retention value (${LOG_RETENTION_DAYS.join(', ')})`);
  }
  // A Terraform variable (the published HCL module) is checked by the module's validation blocks.
  const healthPath = props.healthCheckPath ?? '/health/';
  if (!Token.isUnresolved(healthPath) && !new RegExp(URL_PATH_PATTERN).test(healthPath)) problems.add('healthCheckPath', healthPath, 'must be an absolute URL path');
  const settingsModule = props.djangoSettingsModule ?? 'helloapi.settings.production';
  if (!Token.isUnresolved(settingsModule) && !new RegExp(PYTHON_MODULE_PATTERN).test(settingsModule)) {
    problems.add('djangoSettingsModule', settingsModule, 'must be a Python module path such as helloapi.settings.production');
  }
  const user = props.containerUser ?? '1000:1000';
  if (/^(0|root)(:|$)/.test(user)) problems.add('containerUser', user, 'is root; run as an unprivileged uid:gid');
  const stopTimeout = props.stopTimeoutSeconds ?? 30;
  if (stopTimeout < 2 || stopTimeout > 120) problems.add('stopTimeoutSeconds', stopTimeout, 'must be 2-120 on Fargate');
  return problems;
}

/** ALLOWED_HOSTS: at least one, each an exact lowercase DNS name (never `*` or a wildcard). */
export function allowedHostsProblems(hosts: readonly string[]): PropProblem[] {
  if (hosts.length === 0) return [{ prop: 'allowedHosts', message: 'at least one host name is required' }];
  return hosts
    .filter((h) => !Token.isUnresolved(h) && !isDnsName(h))
    .map((h) => ({ prop: 'allowedHosts', value: h, message: 'must be an exact lowercase DNS name (never "*" or a wildcard)' }));
}

/** CORS_ALLOWED_ORIGINS: each `https://<host>[:port]` (never `*` or `http://`). */
export function corsOriginsProblems(origins: readonly string[]): PropProblem[] {
  return origins
    .filter((o) => !Token.isUnresolved(o) && !ORIGIN.test(o))
    .map((o) => ({ prop: 'corsAllowedOrigins', value: o, message: 'must be an exact https:// origin such as https://app.example.com (never "*")' }));
}

/** A Fargate task size: `cpu` one of FARGATE_SIZES, `memory` valid for it (props relative to `sizing`). */
export function fargateSizeProblems(sizing: Pick<ComputeSizing, 'cpu' | 'memory'>): PropProblem[] {
  const { cpu, memory } = sizing;
  if (Token.isUnresolved(cpu) || Token.isUnresolved(memory)) return [];
  const problem = fargateSizeProblem(cpu, memory);
  if (problem) return [{ prop: problem.field, value: problem.field === 'cpu' ? cpu : memory, message: problem.message }];
  return [];
}

/**
 * minCount <= desiredCount <= maxCount, the off-hours schedule and the request steps (props relative to `scaling`). Counts that are Terraform tokens (the
 * published module's variables) are compared by the module's validations; maxCount is then required (its default
 * is computed from desiredCount at synth time).
 */
export function scalingProblems(scaling: ComputeScaling): PropProblem[] {
  const { desiredCount } = scaling;
  const problems = new Problems();
  if (Token.isUnresolved(desiredCount) && scaling.maxCount === undefined) problems.add('maxCount', undefined, 'is required when desiredCount is a token (its default is 4 x desiredCount)');
  const min = scaling.minCount ?? desiredCount;
  const max = scaling.maxCount ?? desiredCount * 4;
  if ([desiredCount, min, max].some((n) => Token.isUnresolved(n))) return [...problems.all];
  if (min > desiredCount) problems.add('minCount', min, `must not exceed desiredCount (${desiredCount})`);
  if (max < desiredCount) problems.add('maxCount', max, `must be at least desiredCount (${desiredCount})`);
  if (scaling.offHours) problems.addAll(offHoursProblems(scaling.offHours, min, max));
  return [...problems.addAll(requestStepsProblems(scaling)).all];
}

/** Exactly one of tag and digest; a digest is `sha256:<64 hex>`; a tag is a Docker tag, `latest` only if allowed. */
export function imageProblems(image: Pick<ComputeImage, 'tag' | 'digest'>, allowMutableTag: boolean): PropProblem[] {
  const { tag, digest } = image;
  if ((tag === undefined) === (digest === undefined)) return [{ prop: 'image', message: 'set exactly one of tag or digest' }];
  if (digest !== undefined) {
    return /^sha256:[a-f0-9]{64}$/.test(digest) ? [] : [{ prop: 'image.digest', value: digest, message: 'must be sha256: followed by 64 lowercase hex digits' }];
  }
  // A Terraform variable (the published HCL module) is checked by the module's validation blocks.
  if (Token.isUnresolved(tag)) return [];
  if (!new RegExp(IMAGE_TAG_PATTERN).test(tag!)) return [{ prop: 'image.tag', value: tag, message: 'must be a Docker tag (letters, digits, _ . -; at most 128 characters)' }];
  if (tag === 'latest' && !allowMutableTag) {
    return [
      {
        prop: 'image.tag',
        value: tag,
        message: 'is mutable and cannot be rolled back; run an immutable tag or a digest (or set allowMutableTag outside production)',
      },
    ];
  }
  return [];
}

/** No `*` or `service:*` actions in the task role's extra statements. */
function taskRoleProblems(props: ComputeValueProps): PropProblem[] {
  return (props.taskRolePolicyStatements ?? []).flatMap((s, i) =>
    (typeof s.Action === 'string' ? [s.Action] : s.Action)
      .filter((a) => a === '*' || a.endsWith(':*'))
      .map((a) => ({ prop: `taskRolePolicyStatements[${i}].Action`, value: a, message: 'is a wildcard; list the actions the app needs' })),
  );
}

/** A valid environment variable name that does not look like a secret (`prop` names where it comes from). */
export function plainEnvironmentNameProblems(name: string, prop: string): PropProblem[] {
  if (!ENV_NAME.test(name)) return [{ prop, value: name, message: 'is not a valid environment variable name' }];
  if (SECRET_LOOKING_NAME.test(name)) {
    return [{ prop, value: name, message: `looks like a secret (matches ${SECRET_LOOKING_NAME}); pass it through extraSecrets from Secrets Manager instead` }];
  }
  return [];
}

/** extraEnvironment and extraSecrets: valid, plain (environment) names the layer does not set itself, secret ARNs. */
function extraVariableProblems(props: ComputeValueProps): Problems {
  const problems = new Problems();
  const extraEnvironment = props.extraEnvironment ?? {};
  for (const n of Object.keys(extraEnvironment)) {
    problems.addAll(plainEnvironmentNameProblems(n, 'extraEnvironment'));
    if (RESERVED_NAMES.has(n)) problems.add('extraEnvironment', n, 'is set by the compute layer and cannot be overridden');
  }
  const gunicorn = extraEnvironment.GUNICORN_CMD_ARGS;
  if (gunicorn !== undefined && !Token.isUnresolved(gunicorn) && !/(^|\s)--worker-tmp-dir[\s=]\S/.test(gunicorn)) {
    problems.add(
      'extraEnvironment.GUNICORN_CMD_ARGS',
      gunicorn,
      'must keep a --worker-tmp-dir (e.g. --worker-tmp-dir /dev/shm): the /tmp scratch volume is root-owned on Fargate unless the image declares it (modules/compute/README.md, "The image")',
    );
  }
  for (const [n, valueFrom] of Object.entries(props.extraSecrets ?? {})) {
    if (!ENV_NAME.test(n)) problems.add('extraSecrets', n, 'is not a valid environment variable name');
    else if (RESERVED_NAMES.has(n) || n in extraEnvironment) problems.add('extraSecrets', n, 'is already set by the compute layer or extraEnvironment');
    problems.addAll(secretArnProblems(valueFrom, `extraSecrets.${n}`));
  }
  return problems;
}

/**
 * The secret ARN (without `:json-key:stage:version`) of a `valueFrom`, or undefined when it is none. Accepts
 * literal ARNs and Terraform tokens followed by an optional `:json-key::` suffix.
 */
export function secretArnPart(valueFrom: string): string | undefined {
  if (Token.isUnresolved(valueFrom)) {
    const end = valueFrom.lastIndexOf('}') + 1;
    return end === 0 || !/^(:[^:]*:[^:]*:[^:]*)?$/.test(valueFrom.slice(end)) ? undefined : valueFrom.slice(0, end);
  }
  return SECRET_ARN.exec(valueFrom)?.[1];
}

/**
 * Whether a literal secret ARN is partial: without the `-` and six random characters Secrets Manager appends to the
 * secret's name (`arn:aws:secretsmanager:us-east-1:123456789012:secret:helloapi/stripe`). Secrets Manager reads it
 * the same way: a name ending in a hyphen and six characters is taken as a complete ARN ("Finding a secret from a
 * partial ARN", https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot.html#ARN_secretnamehyphen).
 * Terraform references (`${aws_secretsmanager_secret.x.arn}`) are complete ARNs.
 */
export function isPartialSecretArn(arn: string): boolean {
  if (Token.isUnresolved(arn)) return false;
  const m = SECRET_ARN.exec(arn);
  return m !== null && !/-[A-Za-z0-9]{6}$/.test(m[1]);
}

/** The secret name of a literal secret ARN (after `:secret:`). */
export function secretNameOfArn(arn: string): string {
  return arn.slice(arn.indexOf(':secret:') + ':secret:'.length);
}

/**
 * What IAM must allow for a secret ARN: a partial ARN names no resource IAM ever sees (a request's resource is the
 * secret's complete ARN), so it becomes `<partial ARN>-??????`, exactly the six random characters (the form
 * "Limiting access to specific secrets" recommends over `-*`, which would also match `<name>-<anything>-a1b2c3`,
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html and
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources).
 */
export function secretIamResource(arn: string): string {
  return isPartialSecretArn(arn) ? `${arn}-??????` : arn;
}

/** `valueFrom` must be a secret ARN, optionally with a `:json-key:version-stage:version-id` suffix. */
export function secretArnProblems(valueFrom: string, prop: string): PropProblem[] {
  if (secretArnPart(valueFrom) !== undefined) return [];
  const message = Token.isUnresolved(valueFrom)
    ? 'must be a secret ARN, optionally followed by :json-key:version-stage:version-id'
    : 'must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>), optionally followed by :json-key::';
  return [{ prop, value: valueFrom, message }];
}

/**
 * With GuardDuty Runtime Monitoring, the agent repository must be known for the region (or given). Reported on
 * `region`; the environment validator reports it on `account.region` (environments cannot name the repository).
 */
function guardDutyProblems(props: ComputeValueProps): PropProblem[] {
  const needsLookup = (props.guardDutyRuntimeMonitoring ?? true) && props.guardDutyAgentRepositoryArn === undefined;
  if (!needsLookup || isGuardDutyAgentRegion(props.region)) return [];
  return [{ prop: 'region', value: props.region, message: `${GUARDDUTY_AGENT_UNKNOWN_REGION}; ${GUARDDUTY_AGENT_REPOSITORY_HINT}` }];
}

/**
 * The first problem as a plain Error, worded like `<prop>: "<value>" <message>`: for the single-value helpers
 * (assertAllowedHosts, imageReference, ...) whose callers expect one error.
 */
export function throwFirstProblem(problems: readonly PropProblem[]): void {
  const p = problems[0];
  if (p === undefined) return;
  throw new Error(`${p.prop}: ${p.value !== undefined ? `"${String(p.value)}" ` : ''}${p.message}`);
}
