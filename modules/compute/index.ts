import { Construct } from 'constructs';
import { Fn, TerraformOutput, Token } from 'cdktf';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { DataAwsSecretsmanagerSecretVersions } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-versions';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { LOG_RETENTION_DAYS } from '../core/limits';
import { LayerBaseProps, arnPrefix } from '../core/context';
import { PolicyStatement, assumeRolePolicy, policyDocument } from '../core/iam';
import { SecureKey } from '../core/kms';
import type { DatabaseOutputs } from '../database/outputs';
import type { EdgeOutputs } from '../edge/outputs';
import type { NetworkOutputs } from '../network/outputs';
import {
  assertAllowedHosts,
  assertCorsOrigins,
  assertPlainEnvironmentName,
  healthCheckCommand,
  imageReference,
  redirectExemptPattern,
  secretArnOf,
  toEnvironment,
  toSecrets,
} from './container';
import { ComputeOutputs } from './outputs';

export * from './container';
export * from './outputs';
export * from './rotation-redeploy';

/** The image the service runs. Exactly one of `tag` and `digest`. */
export interface ComputeImage {
  /**
   * Repository URI (`<account>.dkr.ecr.<region>.amazonaws.com/<name>` or another registry).
   * @default the ECR repository this layer creates
   */
  readonly repository?: string;
  /**
   * An immutable image tag such as `v1.4.2` or a git SHA; `latest` is refused unless `allowMutableTag`.
   * @default undefined (set `digest` instead)
   */
  readonly tag?: string;
  /**
   * An image digest, `sha256:` followed by 64 hex digits.
   * @default undefined (set `tag` instead)
   */
  readonly digest?: string;
}

/** Task size. */
export interface ComputeSizing {
  /** Fargate CPU units (256, 512, 1024, ...). */
  readonly cpu: number;
  /** Fargate memory in MiB, valid for `cpu`. */
  readonly memory: number;
  /**
   * CPU architecture of the image.
   * @default 'ARM64'
   */
  readonly architecture?: 'ARM64' | 'X86_64';
}

/** Service size and target-tracking auto scaling. */
export interface ComputeScaling {
  /** Tasks the service starts with (auto scaling owns the count afterwards). */
  readonly desiredCount: number;
  /**
   * Auto scaling floor.
   * @default desiredCount
   */
  readonly minCount?: number;
  /**
   * Auto scaling ceiling.
   * @default 4 x desiredCount
   */
  readonly maxCount?: number;
  /**
   * Target average CPU utilization (percent).
   * @default 60
   */
  readonly cpuTargetPercent?: number;
  /**
   * Target average memory utilization (percent).
   * @default 75
   */
  readonly memoryTargetPercent?: number;
  /**
   * Target ALB requests per task per minute.
   * @default 1000
   */
  readonly requestsPerTarget?: number;
  /**
   * Seconds after a scale-in before another scale-in.
   * @default 300
   */
  readonly scaleInCooldownSeconds?: number;
  /**
   * Seconds after a scale-out before another scale-out.
   * @default 60
   */
  readonly scaleOutCooldownSeconds?: number;
}

/** What the compute layer needs from the load balancer (edge layer). */
export type ComputeLoadBalancer = Pick<EdgeOutputs, 'targetGroupArn' | 'httpsListener'> & {
  /**
   * ALB ARN suffix (`app/<name>/<id>`), for the requests-per-target scaling policy.
   * @default undefined: no requests-per-target policy
   */
  readonly albArnSuffix?: string;
  /**
   * Target group ARN suffix (`targetgroup/<name>/<id>`), for the requests-per-target scaling policy.
   * @default undefined: no requests-per-target policy
   */
  readonly targetGroupArnSuffix?: string;
};

export interface ComputeProps extends LayerBaseProps {
  /** Where tasks run: the private app subnets and the app security group. */
  readonly network: Pick<NetworkOutputs, 'appSubnetIds' | 'appSecurityGroupId'>;
  /** The database the app connects to; its managed master secret provides DB_USER and DB_PASSWORD. */
  readonly database: Pick<DatabaseOutputs, 'address' | 'port' | 'databaseName' | 'masterUserSecretArn' | 'kmsKeyArn'>;
  /** The target group the service registers with and the HTTPS listener forwarding to it. */
  readonly loadBalancer: ComputeLoadBalancer;
  /**
   * Host names Django serves (ALLOWED_HOSTS): exact lowercase DNS names, never `*`.
   * The first one is also the Host header of the container health check.
   */
  readonly allowedHosts: string[];
  /**
   * Browser origins allowed by CORS (CORS_ALLOWED_ORIGINS): exact `https://` origins, never `*`.
   * @default `https://<host>` for each of allowedHosts
   */
  readonly corsAllowedOrigins?: string[];
  /** The image to run. */
  readonly image: ComputeImage;
  /**
   * Accept the mutable `latest` tag (never in production; the config layer enforces that).
   * @default false
   */
  readonly allowMutableTag?: boolean;
  /** Task CPU, memory and architecture. */
  readonly sizing: ComputeSizing;
  /** Desired count and auto scaling. */
  readonly scaling: ComputeScaling;
  /**
   * Port the container listens on (>= 1024: the container runs as non-root).
   * @default 8000
   */
  readonly containerPort?: number;
  /**
   * The health endpoint the ALB and the container health check call.
   * @default '/health/'
   */
  readonly healthCheckPath?: string;
  /**
   * DJANGO_SETTINGS_MODULE.
   * @default 'helloapi.settings.production'
   */
  readonly djangoSettingsModule?: string;
  /**
   * Retention of the application (and ECS Exec) log groups, in days.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * ECS Exec: operators may open a shell in running tasks; sessions are logged to an encrypted log group.
   * @default false
   */
  readonly execEnabled?: boolean;
  /**
   * Extra permissions for the application (task role). No `*` actions.
   * @default [] (the task role has no permissions)
   */
  readonly taskRolePolicyStatements?: PolicyStatement[];
  /**
   * Extra plain environment variables. Names that look like secrets
   * (SECRET, PASSWORD, TOKEN, KEY, CREDENTIAL, PRIVATE) and the layer's own names are refused.
   * @default {}
   */
  readonly extraEnvironment?: Record<string, string>;
  /**
   * Extra secrets: variable name -> Secrets Manager secret ARN, optionally with
   * `:json-key::` appended. The execution role may read exactly these ARNs.
   * @default {}
   */
  readonly extraSecrets?: Record<string, string>;
  /**
   * Customer-managed KMS keys encrypting `extraSecrets` (the execution role may decrypt with them through Secrets Manager).
   * @default []
   */
  readonly extraSecretsKmsKeyArns?: string[];
  /**
   * Name of the web container (and of the service's load-balancer registration).
   * @default 'api'
   */
  readonly containerName?: string;
  /**
   * `uid:gid` the container runs as; never root.
   * @default '1000:1000'
   */
  readonly containerUser?: string;
  /**
   * Read-only root filesystem (writable scratch at /tmp). Only turn off if ECS Exec
   * fails on a read-only root in practice (see README.md); Security Hub ECS.5 then fails.
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;
  /**
   * Seconds ECS waits after SIGTERM before SIGKILL (Fargate allows up to 120).
   * @default 30
   */
  readonly stopTimeoutSeconds?: number;
  /**
   * Seconds after a task starts during which failed ALB health checks are ignored.
   * @default 60
   */
  readonly healthCheckGracePeriodSeconds?: number;
  /**
   * Images the ECR lifecycle policy keeps (untagged images expire after a day).
   * @default 30
   */
  readonly imagesToKeep?: number;
  /**
   * Default command of the `<name>-manage` task definition (run-task overrides it).
   * @default ['python', 'manage.py', 'migrate', '--noinput']
   */
  readonly manageCommand?: string[];
  /**
   * Container Insights level.
   * @default 'enabled'
   */
  readonly containerInsights?: 'enabled' | 'enhanced';
  /**
   * lifecycle prevent_destroy on the layer's KMS key.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Let the task execution role pull the GuardDuty Runtime Monitoring security agent,
   * which GuardDuty injects as a sidecar into Fargate tasks when the account baseline
   * enables `ECS_FARGATE_AGENT_MANAGEMENT`. Without this the sidecar cannot be pulled
   * and runtime coverage silently fails. The pull is scoped to the AWS-owned
   * `aws-guardduty-agent-fargate` repository of the region (see
   * {@link GUARDDUTY_FARGATE_AGENT_ACCOUNTS}, or set `guardDutyAgentRepositoryArn`).
   * @default true
   */
  readonly guardDutyRuntimeMonitoring?: boolean;
  /**
   * ARN of the ECR repository hosting the GuardDuty Fargate agent, for regions missing
   * from {@link GUARDDUTY_FARGATE_AGENT_ACCOUNTS} (see the GuardDuty user guide,
   * "ECR Repository for GuardDuty agent on AWS Fargate (Amazon ECS only)").
   * @default - `arn:<partition>:ecr:<region>:<GuardDuty account of the region>:repository/aws-guardduty-agent-fargate`
   */
  readonly guardDutyAgentRepositoryArn?: string;
  /**
   * Days a deleted secret can be restored (0 deletes at once, 7-30 otherwise).
   * @default 30
   */
  readonly secretRecoveryWindowInDays?: number;
  /**
   * Do not create the ECS service until the secrets it reads have a value. For each such secret, a
   * `aws_secretsmanager_secret_versions` data source (version IDs and staging labels only, never a value,
   * so nothing secret enters state) with a postcondition requiring a version staged `AWSCURRENT`; the
   * service depends on them. Checked: the three app secrets (created here without a value) and every
   * `extraSecrets` ARN given as a literal in this layer's account and region (a version stage or ID in
   * its `valueFrom` is checked instead of `AWSCURRENT`; a pinned version ID is found only while it still has a
   * staging label, see below). Not checked: the RDS-managed master secret (RDS
   * sets its value when it creates it), other accounts' or regions' secrets (the deploying credentials
   * usually cannot list their versions) and `extraSecrets` given as Terraform references (secrets created
   * in the same configuration, whose versions the layer cannot order itself after).
   *
   * The first deploy therefore creates everything else and fails before the service, the error naming
   * each secret and the `put-secret-value` command that sets it; the next deploy creates the service.
   * While a secret has no value, every plan fails the same way. Plans read the version lists
   * (`secretsmanager:ListSecretVersionIds`) unless the secret itself changes: a data source that refers to a
   * managed resource with a pending change (tags, `default_tags`, ...) is read during apply (Terraform's
   * "will be read during apply"), so in such a deploy the check runs, and fails, at apply, still before the
   * service is created or changed. Offline plans of empty state never read them (the reads wait for the
   * secrets to exist). Destroy plans do not fail on the checks. Turn off when you create the values in the
   * same apply yourself.
   *
   * Limitation of a `valueFrom` pinned to a version ID: the provider's data source declares
   * `include_deprecated` but does not pass it to ListSecretVersionIds (hashicorp/aws
   * `secret_versions_data_source.go`, Read sends only `SecretId`), so only versions that still have a staging
   * label are listed. A pinned version that has lost its labels (ECS still reads it until Secrets Manager
   * deletes it) is reported as "no value" and blocks the deploy: pin a stage instead, move a label back onto
   * the version (`aws secretsmanager update-secret-version-stage --secret-id <arn> --version-stage <label> --move-to-version-id <id>`),
   * or turn this off.
   * @default true
   */
  readonly requireSecretValues?: boolean;
}

/**
 * AWS accounts owning the `aws-guardduty-agent-fargate` ECR repository per region, from the
 * GuardDuty user guide ("ECR Repository for GuardDuty agent on AWS Fargate (Amazon ECS only)").
 * Only regions verified against that table are listed; others need `guardDutyAgentRepositoryArn`.
 */
export const GUARDDUTY_FARGATE_AGENT_ACCOUNTS: Readonly<Record<string, string>> = {
  'us-east-1': '593207742271',
  'us-east-2': '307168627858',
  'us-west-1': '684579721401',
  'us-west-2': '733349766148',
  'ca-central-1': '354763396469',
  'sa-east-1': '758426053663',
  'eu-west-1': '694911143906',
  'eu-west-2': '892757235363',
  'eu-west-3': '665651866788',
  'eu-north-1': '591436053604',
  'eu-central-1': '323658145986',
  'eu-central-2': '529164026651',
  'ap-south-1': '251508486986',
  'ap-south-2': '950823858135',
  'ap-southeast-1': '174946120834',
  'ap-southeast-2': '005257825471',
  'me-central-1': '000014521398',
};

/** Name of the AWS-owned ECR repository hosting the GuardDuty Fargate agent. */
export const GUARDDUTY_FARGATE_AGENT_REPOSITORY = 'aws-guardduty-agent-fargate';

/**
 * ARN of the GuardDuty Fargate agent repository for `region`. When the region is a Terraform
 * token (published HCL modules), the owning account cannot be looked up at synth time and the
 * ARN uses `*` for the account: still only the `aws-guardduty-agent-fargate` repository of that
 * region, and only pull actions. Pass `guardDutyAgentRepositoryArn` to pin the account.
 */
export function guardDutyAgentRepositoryArn(region: string, partition = 'aws'): string {
  if (Token.isUnresolved(region)) {
    return `arn:${partition}:ecr:${region}:*:repository/${GUARDDUTY_FARGATE_AGENT_REPOSITORY}`;
  }
  const account = GUARDDUTY_FARGATE_AGENT_ACCOUNTS[region];
  if (account === undefined) {
    throw new Error(
      `compute: no known GuardDuty Fargate agent repository for region "${region}"; set guardDutyAgentRepositoryArn ` +
        `(see "ECR Repository for GuardDuty agent on AWS Fargate" in the GuardDuty user guide) or guardDutyRuntimeMonitoring: false`,
    );
  }
  return `arn:${partition}:ecr:${region}:${account}:repository/${GUARDDUTY_FARGATE_AGENT_REPOSITORY}`;
}

/** Environment names the layer sets itself; extraEnvironment and extraSecrets may not override them. */
const RESERVED_NAMES = new Set([
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

/** The secrets this layer creates (values are set out of band; see README.md). */
export interface ComputeSecrets {
  /** SECRET_KEY: a random string of at least 50 characters. */
  readonly djangoSecretKey: SecretsmanagerSecret;
  /** API_KEYS: JSON object client name -> API key, for external clients. */
  readonly apiKeys: SecretsmanagerSecret;
  /** JSON with ALLOWED_HOSTS and CORS_ALLOWED_ORIGINS (comma-separated), derived from the domains. */
  readonly appSettings: SecretsmanagerSecret;
}

/**
 * The HelloAPI compute layer: an ECR repository, an ECS cluster, the Django
 * service on Fargate (private subnets, read-only root, non-root user, secrets
 * from Secrets Manager only) behind the edge layer's target group, a
 * `<name>-manage` task family for migrations, least-privilege roles, encrypted
 * logs and target-tracking auto scaling.
 */
export class Compute extends Construct implements ComputeOutputs {
  readonly key: SecureKey;
  readonly repository: EcrRepository;
  readonly logGroup: CloudwatchLogGroup;
  readonly execLogGroup?: CloudwatchLogGroup;
  readonly cluster: EcsCluster;
  readonly executionRole: IamRole;
  readonly taskRole: IamRole;
  readonly taskDefinition: EcsTaskDefinition;
  readonly manageTaskDefinition: EcsTaskDefinition;
  readonly service: EcsService;
  readonly scalingTarget: AppautoscalingTarget;
  readonly scalingPolicies: AppautoscalingPolicy[];
  readonly secrets: ComputeSecrets;
  /**
   * The secret-value checks (see `requireSecretValues`): secret ID (name, or ARN for `extraSecrets`) ->
   * the data source listing its versions, whose postcondition requires a value. Empty when the checks are off.
   */
  readonly secretValueChecks: Record<string, DataAwsSecretsmanagerSecretVersions>;
  /** Secrets whose values are set out of band before the service can start (see `requireSecretValues`). */
  readonly secretsToSet: string[];

  readonly clusterName: string;
  readonly clusterArn: string;
  readonly serviceName: string;
  readonly logGroupName: string;
  readonly logGroupArn: string;
  readonly repositoryUrl: string;
  readonly repositoryArn: string;
  readonly taskRoleArn: string;
  readonly executionRoleArn: string;
  readonly migrateCommand: string;
  /** The full image reference the tasks run. */
  readonly image: string;
  /** Name of the web container. */
  readonly containerName: string;
  readonly containerPort: number;
  readonly manageFamily: string;
  readonly kmsKeyArn: string;
  /** ALLOWED_HOSTS and CORS_ALLOWED_ORIGINS as the README's put-secret-value sets them. */
  readonly appSettingsValue: string;
  readonly execLogGroupName?: string;
  /** The typed outputs other layers consume (same values as the fields above). */
  readonly outputs: ComputeOutputs;

  constructor(scope: Construct, id: string, props: ComputeProps) {
    super(scope, id);
    const name = props.name;
    const tags = props.tags;
    const partition = props.partition ?? 'aws';
    const port = props.containerPort ?? 8000;
    const healthPath = props.healthCheckPath ?? '/health/';
    const containerName = props.containerName ?? 'api';
    const manageContainerName = 'manage';
    const user = props.containerUser ?? '1000:1000';
    const execEnabled = props.execEnabled ?? false;
    const retention = props.logRetentionDays ?? 365;

    // ---- validation (fail at synth, with the prop named) ----
    if (port < 1024 || port > 65535) throw new Error(`containerPort: ${port} must be 1024-65535 (the container runs as non-root)`);
    if (!Token.isUnresolved(retention) && !(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
      throw new Error(`logRetentionDays must be a CloudWatch Logs retention value (${LOG_RETENTION_DAYS.join(', ')}), got ${retention}`);
    }
    if (!/^\/[A-Za-z0-9/_.-]*$/.test(healthPath)) throw new Error(`healthCheckPath: "${healthPath}" must be an absolute URL path`);
    if (/^(0|root)(:|$)/.test(user)) throw new Error(`containerUser: "${user}" is root; run as an unprivileged uid:gid`);
    assertAllowedHosts(props.allowedHosts);
    const corsOrigins = props.corsAllowedOrigins ?? props.allowedHosts.map((h) => `https://${h}`);
    assertCorsOrigins(corsOrigins);
    const minCount = props.scaling.minCount ?? props.scaling.desiredCount;
    const maxCount = props.scaling.maxCount ?? props.scaling.desiredCount * 4;
    if (minCount > props.scaling.desiredCount || maxCount < props.scaling.desiredCount) {
      throw new Error(`scaling: need minCount (${minCount}) <= desiredCount (${props.scaling.desiredCount}) <= maxCount (${maxCount})`);
    }
    const stopTimeout = props.stopTimeoutSeconds ?? 30;
    if (stopTimeout < 2 || stopTimeout > 120) throw new Error(`stopTimeoutSeconds: ${stopTimeout} must be 2-120 on Fargate`);
    for (const s of props.taskRolePolicyStatements ?? []) {
      for (const a of typeof s.Action === 'string' ? [s.Action] : s.Action) {
        if (a === '*' || a.endsWith(':*')) throw new Error(`taskRolePolicyStatements: action "${a}" is a wildcard; list the actions the app needs`);
      }
    }
    const extraEnvironment = props.extraEnvironment ?? {};
    for (const n of Object.keys(extraEnvironment)) {
      assertPlainEnvironmentName(n, 'extraEnvironment');
      if (RESERVED_NAMES.has(n)) throw new Error(`extraEnvironment: "${n}" is set by the compute layer and cannot be overridden`);
    }
    const extraSecrets = props.extraSecrets ?? {};
    const extraSecretArns: string[] = [];
    for (const [n, valueFrom] of Object.entries(extraSecrets)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) throw new Error(`extraSecrets: "${n}" is not a valid environment variable name`);
      if (RESERVED_NAMES.has(n) || n in extraEnvironment) throw new Error(`extraSecrets: "${n}" is already set by the compute layer or extraEnvironment`);
      extraSecretArns.push(secretArnOf(valueFrom, `extraSecrets.${n}`));
    }

    // ---- encryption key: ECR images, log groups, secrets ----
    this.key = new SecureKey(this, 'kms', {
      name,
      accountId: props.accountId,
      region: props.region,
      partition: props.partition,
      tags,
      purpose: 'compute',
      allowCloudWatchLogs: true,
      preventDestroy: props.preventDestroy ?? true,
    });
    this.kmsKeyArn = this.key.arn;

    // ---- ECR ----
    this.repository = new EcrRepository(this, 'repository', {
      name: `${name}/api`,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: this.key.arn }],
      forceDelete: false,
      tags,
    });
    const keep = props.imagesToKeep ?? 30;
    new EcrLifecyclePolicy(this, 'repository_lifecycle', {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: 'Expire untagged images after 1 day',
            selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 1 },
            action: { type: 'expire' },
          },
          {
            rulePriority: 2,
            description: `Keep the last ${keep} images`,
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keep },
            action: { type: 'expire' },
          },
        ],
      }),
    });
    this.repositoryUrl = this.repository.repositoryUrl;
    this.repositoryArn = this.repository.arn;
    if (props.image.repository !== undefined && Token.isUnresolved(props.image.repository)) {
      throw new Error('image.repository: must be a literal repository URI (the execution role is scoped to it at synth time)');
    }
    const repository = props.image.repository ?? this.repository.repositoryUrl;
    this.image = imageReference(repository, props.image, props.allowMutableTag ?? false);
    const pullRepositoryArn = ecrRepositoryArn(props.image.repository, partition) ?? `${arnPrefix(props, 'ecr')}:repository/${name}/api`;

    // ---- logs ----
    const logGroupName = `/ecs/${name}/api`;
    this.logGroup = new CloudwatchLogGroup(this, 'log_group', {
      name: logGroupName,
      retentionInDays: retention,
      kmsKeyId: this.key.arn,
      tags,
    });
    this.logGroupName = this.logGroup.name;
    this.logGroupArn = this.logGroup.arn;
    const logGroupArn = `${arnPrefix(props, 'logs')}:log-group:${logGroupName}`;
    let execLogGroupArn: string | undefined;
    if (execEnabled) {
      const execLogGroupName = `/ecs/${name}/exec`;
      this.execLogGroup = new CloudwatchLogGroup(this, 'exec_log_group', {
        name: execLogGroupName,
        retentionInDays: retention,
        kmsKeyId: this.key.arn,
        tags,
      });
      execLogGroupArn = `${arnPrefix(props, 'logs')}:log-group:${execLogGroupName}`;
      this.execLogGroupName = this.execLogGroup.name;
    }

    // ---- cluster ----
    this.cluster = new EcsCluster(this, 'cluster', {
      name,
      setting: [{ name: 'containerInsights', value: props.containerInsights ?? 'enabled' }],
      ...(execEnabled
        ? {
            configuration: {
              executeCommandConfiguration: {
                kmsKeyId: this.key.arn,
                logging: 'OVERRIDE',
                logConfiguration: { cloudWatchEncryptionEnabled: true, cloudWatchLogGroupName: this.execLogGroup!.name },
              },
            },
          }
        : {}),
      tags,
    });
    this.clusterName = this.cluster.name;
    this.clusterArn = this.cluster.arn;

    // ---- secrets (no values here: see README.md) ----
    const recoveryWindowInDays = props.secretRecoveryWindowInDays ?? 30;
    const secret = (id: string, suffix: string, description: string) =>
      new SecretsmanagerSecret(this, id, {
        name: `${name}/django/${suffix}`,
        description,
        kmsKeyId: this.key.arn,
        recoveryWindowInDays,
        tags,
      });
    this.secrets = {
      djangoSecretKey: secret('secret_key', 'secret-key', `Django SECRET_KEY for ${name}; value set out of band (modules/compute/README.md)`),
      apiKeys: secret('api_keys', 'api-keys', `API keys of external clients of ${name} (JSON: client -> key); value set out of band`),
      appSettings: secret('app_settings', 'app-settings', `ALLOWED_HOSTS and CORS_ALLOWED_ORIGINS of ${name} (JSON); value set out of band`),
    };
    this.appSettingsValue = JSON.stringify({ ALLOWED_HOSTS: props.allowedHosts.join(','), CORS_ALLOWED_ORIGINS: corsOrigins.join(',') });

    // ---- IAM ----
    const secretArns = [
      props.database.masterUserSecretArn,
      this.secrets.djangoSecretKey.arn,
      this.secrets.apiKeys.arn,
      this.secrets.appSettings.arn,
      ...extraSecretArns,
    ];
    const secretKeyArns = unique([this.key.arn, props.database.kmsKeyArn, ...(props.extraSecretsKmsKeyArns ?? [])]);
    const pullsFromEcr = props.image.repository === undefined || ecrRepositoryArn(props.image.repository, partition) !== undefined;
    const guardDuty = props.guardDutyRuntimeMonitoring ?? true;
    const ecrPull = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
    const executionStatements: PolicyStatement[] = [
      ...(pullsFromEcr || guardDuty
        ? // GetAuthorizationToken is account-wide: it has no resource to scope to.
          [{ Sid: 'EcrAuthorization', Effect: 'Allow' as const, Action: 'ecr:GetAuthorizationToken', Resource: '*' }]
        : []),
      ...(pullsFromEcr ? [{ Sid: 'EcrPullThisRepository', Effect: 'Allow' as const, Action: ecrPull, Resource: pullRepositoryArn }] : []),
      ...(guardDuty
        ? [
            {
              // GuardDuty Runtime Monitoring injects its agent sidecar, pulled with this role.
              Sid: 'EcrPullGuardDutyAgent',
              Effect: 'Allow' as const,
              Action: ecrPull,
              Resource: props.guardDutyAgentRepositoryArn ?? guardDutyAgentRepositoryArn(props.region, partition),
            },
          ]
        : []),
      { Sid: 'WriteAppLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logGroupArn}:*` },
      { Sid: 'ReadListedSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArns },
      {
        Sid: 'DecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: secretKeyArns,
        Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } },
      },
    ];
    this.executionRole = new IamRole(this, 'execution_role', {
      name: `${name}-ecs-execution`,
      description: `ECS pulls the image, writes logs and reads the secrets of ${name}`,
      assumeRolePolicy: assumeRolePolicy('ecs-tasks.amazonaws.com', props.accountId),
      tags,
    });
    const executionPolicy = new IamRolePolicy(this, 'execution_policy', {
      name: 'task-execution',
      role: this.executionRole.id,
      policy: policyDocument(executionStatements),
    });
    this.executionRoleArn = this.executionRole.arn;

    const taskStatements: PolicyStatement[] = [];
    if (execEnabled) {
      taskStatements.push(
        // Session Manager channels have no resource to scope to.
        {
          Sid: 'EcsExecChannels',
          Effect: 'Allow',
          Action: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
          Resource: '*',
        },
        { Sid: 'EcsExecFindLogGroup', Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: `${arnPrefix(props, 'logs')}:log-group:*` },
        {
          Sid: 'EcsExecWriteSessionLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
          Resource: `${execLogGroupArn}:*`,
        },
        { Sid: 'EcsExecSessionEncryption', Effect: 'Allow', Action: 'kms:Decrypt', Resource: this.key.arn },
      );
    }
    taskStatements.push(...(props.taskRolePolicyStatements ?? []));
    this.taskRole = new IamRole(this, 'task_role', {
      name: `${name}-ecs-task`,
      description: `The ${name} application; no AWS permissions unless granted`,
      assumeRolePolicy: assumeRolePolicy('ecs-tasks.amazonaws.com', props.accountId),
      tags,
    });
    if (taskStatements.length > 0) {
      new IamRolePolicy(this, 'task_policy', { name: 'application', role: this.taskRole.id, policy: policyDocument(taskStatements) });
    }
    this.taskRoleArn = this.taskRole.arn;

    // ---- container definitions ----
    const environment: Record<string, string> = {
      DJANGO_SETTINGS_MODULE: props.djangoSettingsModule ?? 'helloapi.settings.production',
      DEBUG: 'False',
      PORT: String(port),
      HEALTH_CHECK_PATH: healthPath,
      SECURE_SSL_REDIRECT: 'True',
      SECURE_REDIRECT_EXEMPT: redirectExemptPattern(healthPath),
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
      ...extraEnvironment,
    };
    const secrets: Record<string, string> = {
      DB_USER: `${props.database.masterUserSecretArn}:username::`,
      DB_PASSWORD: `${props.database.masterUserSecretArn}:password::`,
      SECRET_KEY: this.secrets.djangoSecretKey.arn,
      API_KEYS: this.secrets.apiKeys.arn,
      ALLOWED_HOSTS: `${this.secrets.appSettings.arn}:ALLOWED_HOSTS::`,
      CORS_ALLOWED_ORIGINS: `${this.secrets.appSettings.arn}:CORS_ALLOWED_ORIGINS::`,
      ...extraSecrets,
    };
    // Scratch space on the read-only root: /tmp, plus the SSM agent's state and
    // log folders when ECS Exec is on (the agent cannot start on a read-only root otherwise).
    const scratch: { volume: string; path: string }[] = [
      { volume: 'tmp', path: '/tmp' },
      ...(execEnabled
        ? [
            { volume: 'ssm_state', path: '/var/lib/amazon/ssm' },
            { volume: 'ssm_logs', path: '/var/log/amazon/ssm' },
          ]
        : []),
    ];
    const common = (streamPrefix: string) => ({
      image: this.image,
      essential: true,
      user,
      privileged: false,
      readonlyRootFilesystem: props.readonlyRootFilesystem ?? true,
      environment: toEnvironment(environment),
      secrets: toSecrets(secrets),
      mountPoints: scratch.map((s) => ({ sourceVolume: s.volume, containerPath: s.path, readOnly: false })),
      linuxParameters: { initProcessEnabled: true },
      stopTimeout,
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': logGroupName,
          'awslogs-region': props.region,
          'awslogs-stream-prefix': streamPrefix,
          mode: 'non-blocking',
          'max-buffer-size': '25m',
        },
      },
    });
    const webContainer = {
      name: containerName,
      ...common(containerName),
      portMappings: [{ containerPort: port, hostPort: port, protocol: 'tcp' }],
      healthCheck: { command: healthCheckCommand(port, healthPath, props.allowedHosts[0]), interval: 30, timeout: 5, retries: 3, startPeriod: 60 },
    };
    const manageCommand = props.manageCommand ?? ['python', 'manage.py', 'migrate', '--noinput'];
    const manageContainer = { name: manageContainerName, ...common(manageContainerName), command: manageCommand };

    const taskDefinitionBase = {
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(props.sizing.cpu),
      memory: String(props.sizing.memory),
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: props.sizing.architecture ?? 'ARM64' },
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      volume: scratch.map((s) => ({ name: s.volume })),
      tags,
    };
    this.taskDefinition = new EcsTaskDefinition(this, 'task_definition', {
      ...taskDefinitionBase,
      family: `${name}-api`,
      containerDefinitions: JSON.stringify([webContainer]),
    });
    this.manageFamily = `${name}-manage`;
    this.manageTaskDefinition = new EcsTaskDefinition(this, 'manage_task_definition', {
      ...taskDefinitionBase,
      family: this.manageFamily,
      containerDefinitions: JSON.stringify([manageContainer]),
    });
    this.containerName = containerName;
    this.containerPort = port;

    // ---- the secrets must have values before the service starts tasks (requireSecretValues) ----
    // Secrets Manager: a secret has a value when a version carries the AWSCURRENT staging label
    // (https://docs.aws.amazon.com/secretsmanager/latest/userguide/whats-in-a-secret.html#term_version);
    // ListSecretVersionIds returns IDs and labels only
    // (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecretVersionIds.html).
    const region = props.region;
    const setCommand = (secretId: string, value: string) =>
      `aws secretsmanager put-secret-value --region ${region} --secret-id ${secretId} --secret-string ${value}`;
    const ownChecks: SecretCheck[] = [
      {
        id: 'secret_key_versions',
        secretId: `${name}/django/secret-key`,
        versionsOf: this.secrets.djangoSecretKey.arn,
        what: 'Django SECRET_KEY',
        command: setCommand(`${name}/django/secret-key`, `"$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"`),
      },
      {
        id: 'api_keys_versions',
        secretId: `${name}/django/api-keys`,
        versionsOf: this.secrets.apiKeys.arn,
        what: 'API_KEYS, a JSON object client name -> key',
        command: setCommand(`${name}/django/api-keys`, `"$(python3 -c 'import json, secrets; print(json.dumps({"partner-a": secrets.token_urlsafe(32)}))')"`),
      },
      {
        id: 'app_settings_versions',
        secretId: `${name}/django/app-settings`,
        versionsOf: this.secrets.appSettings.arn,
        what: 'ALLOWED_HOSTS and CORS_ALLOWED_ORIGINS, derived from the domains',
        command: setCommand(`${name}/django/app-settings`, `'${this.appSettingsValue}'`),
      },
    ];
    const extraChecks = extraSecretChecks(extraSecrets, props.accountId, region, setCommand);
    this.secretsToSet = unique([...ownChecks, ...extraChecks].map((c) => c.secretId));
    this.secretValueChecks = {};
    if (props.requireSecretValues ?? true) {
      for (const check of [...ownChecks, ...extraChecks]) {
        this.secretValueChecks[check.secretId] = new DataAwsSecretsmanagerSecretVersions(this, check.id, {
          secretId: check.versionsOf,
          // Asks for versions without a staging label too, but the provider's Read does not pass it on
          // (ListSecretVersionIds gets only SecretId): a pinned version ID that lost its labels reads as no value.
          // Kept so the check works once a provider passes it; documented on requireSecretValues.
          includeDeprecated: check.versionId !== undefined ? true : undefined,
          // Literal ARNs would be read at plan time, even in an offline plan of empty state: wait for the role
          // that reads them (a data source depending on a resource with pending changes is read at apply).
          dependsOn: check.literal ? [executionPolicy] : undefined,
          lifecycle: {
            postcondition: [
              {
                condition: `\${${secretHasValueCondition(check)}}`,
                errorMessage:
                  `Secret ${check.secretId} has no value yet (${check.versionId !== undefined ? `no version ${check.versionId}` : `no version staged ${check.versionStage ?? 'AWSCURRENT'}`}), ` +
                  `so the ECS service ${name}-api is not created: its tasks could not start without it. It holds ${check.what}. ` +
                  `Set it, then deploy again: ${check.command}${check.literal ? '' : ' (value formats: helloapi-infra modules/compute/README.md, "Setting the secrets")'}.`,
              },
            ],
          },
        });
      }
    }

    // ---- service ----
    this.service = new EcsService(this, 'service', {
      name: `${name}-api`,
      cluster: this.cluster.arn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: props.scaling.desiredCount,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      networkConfiguration: { subnets: props.network.appSubnetIds, securityGroups: [props.network.appSecurityGroupId], assignPublicIp: false },
      loadBalancer: [{ targetGroupArn: props.loadBalancer.targetGroupArn, containerName, containerPort: port }],
      healthCheckGracePeriodSeconds: props.healthCheckGracePeriodSeconds ?? 60,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      availabilityZoneRebalancing: 'ENABLED',
      propagateTags: 'SERVICE',
      enableEcsManagedTags: true,
      enableExecuteCommand: execEnabled,
      // ECS rejects a target group that no listener forwards to yet.
      // and, with requireSecretValues, the checks that its secrets have values.
      dependsOn: [props.loadBalancer.httpsListener, ...Object.values(this.secretValueChecks)],
      // Auto scaling owns the running count after creation.
      lifecycle: { ignoreChanges: ['desired_count'] },
      tags,
    });
    this.serviceName = this.service.name;

    // ---- auto scaling ----
    this.scalingTarget = new AppautoscalingTarget(this, 'scaling_target', {
      serviceNamespace: 'ecs',
      resourceId: `service/${this.cluster.name}/${this.service.name}`,
      scalableDimension: 'ecs:service:DesiredCount',
      minCapacity: minCount,
      maxCapacity: maxCount,
      tags,
    });
    const s = props.scaling;
    const policy = (id: string, metric: string, targetValue: number, resourceLabel?: string) =>
      new AppautoscalingPolicy(this, id, {
        name: `${name}-${id.replace(/^scaling_/, '').replace(/_/g, '-')}`,
        policyType: 'TargetTrackingScaling',
        serviceNamespace: this.scalingTarget.serviceNamespace,
        resourceId: this.scalingTarget.resourceId,
        scalableDimension: this.scalingTarget.scalableDimension,
        targetTrackingScalingPolicyConfiguration: {
          targetValue,
          scaleInCooldown: s.scaleInCooldownSeconds ?? 300,
          scaleOutCooldown: s.scaleOutCooldownSeconds ?? 60,
          predefinedMetricSpecification: { predefinedMetricType: metric, ...(resourceLabel ? { resourceLabel } : {}) },
        },
      });
    this.scalingPolicies = [
      policy('scaling_cpu', 'ECSServiceAverageCPUUtilization', s.cpuTargetPercent ?? 60),
      policy('scaling_memory', 'ECSServiceAverageMemoryUtilization', s.memoryTargetPercent ?? 75),
    ];
    const lb = props.loadBalancer;
    if (lb.albArnSuffix !== undefined && lb.targetGroupArnSuffix !== undefined) {
      this.scalingPolicies.push(
        policy('scaling_requests', 'ALBRequestCountPerTarget', s.requestsPerTarget ?? 1000, `${lb.albArnSuffix}/${lb.targetGroupArnSuffix}`),
      );
    }

    // ---- the migration command ----
    const subnets = props.network.appSubnetIds;
    const subnetList = Token.isUnresolved(subnets) || subnets.some((id) => Token.isUnresolved(id)) ? Fn.join(',', subnets) : subnets.join(',');
    this.migrateCommand = [
      'aws ecs run-task',
      `--region ${props.region}`,
      `--cluster ${name}`,
      `--task-definition ${this.manageFamily}`,
      '--launch-type FARGATE',
      '--platform-version LATEST',
      `--network-configuration 'awsvpcConfiguration={subnets=[${subnetList}],securityGroups=[${props.network.appSecurityGroupId}],assignPublicIp=DISABLED}'`,
      `--overrides '${JSON.stringify({ containerOverrides: [{ name: manageContainerName, command: ['python', 'manage.py', 'migrate', '--noinput'] }] })}'`,
    ].join(' ');

    this.outputs = {
      clusterName: this.clusterName,
      clusterArn: this.clusterArn,
      serviceName: this.serviceName,
      logGroupName: this.logGroupName,
      logGroupArn: this.logGroupArn,
      repositoryUrl: this.repositoryUrl,
      repositoryArn: this.repositoryArn,
      taskRoleArn: this.taskRoleArn,
      executionRoleArn: this.executionRoleArn,
      migrateCommand: this.migrateCommand,
      kmsKeyArn: this.kmsKeyArn,
      manageFamily: this.manageFamily,
      execLogGroupName: this.execLogGroupName,
      secretsToSet: this.secretsToSet,
    };

    new TerraformOutput(this, 'migrate_command', { value: this.migrateCommand, description: 'Runs `python manage.py migrate` as a one-off Fargate task' });
    new TerraformOutput(this, 'repository_url', { value: this.repository.repositoryUrl, description: 'Push images here (tags are immutable)' });
    new TerraformOutput(this, 'secret_ids', {
      value: {
        secret_key: this.secrets.djangoSecretKey.name,
        api_keys: this.secrets.apiKeys.name,
        app_settings: this.secrets.appSettings.name,
      },
      description: 'Secrets to set once with put-secret-value (modules/compute/README.md)',
    });
    new TerraformOutput(this, 'app_settings_command', {
      value: `aws secretsmanager put-secret-value --region ${props.region} --secret-id ${name}/django/app-settings --secret-string '${this.appSettingsValue}'`,
      description: 'Sets ALLOWED_HOSTS and CORS_ALLOWED_ORIGINS from the configured domains (no secret material)',
    });
  }
}

/** `arn:aws:ecr:<region>:<account>:repository/<name>` for an ECR image URI, or undefined for other registries. */
export function ecrRepositoryArn(repositoryUri: string | undefined, partition = 'aws'): string | undefined {
  if (repositoryUri === undefined) return undefined;
  const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(.+)$/.exec(repositoryUri);
  return m ? `arn:${partition}:ecr:${m[2]}:${m[1]}:repository/${m[3]}` : undefined;
}

/** A secret the service reads that must have a value before the service is created. */
interface SecretCheck {
  /** Construct id of the data source. */
  readonly id: string;
  /** What `--secret-id` takes (name of our secrets, ARN of consumers'). */
  readonly secretId: string;
  /** The secret_id of the data source (a reference for our secrets, so the read waits for them). */
  readonly versionsOf: string;
  /** What the secret holds, for the error message. */
  readonly what: string;
  /** The exact command that sets it. */
  readonly command: string;
  /** The version stage `valueFrom` pins. @default AWSCURRENT */
  readonly versionStage?: string;
  /** The version ID `valueFrom` pins. @default undefined */
  readonly versionId?: string;
  /** The secret ID is a literal (read at plan time unless the data source waits for something). */
  readonly literal?: boolean;
}

/**
 * Checks for `extraSecrets`: literal ARNs in the layer's account and region, one per secret and
 * pinned version (several variables may read keys of one secret); references and other accounts'
 * or regions' secrets are not checked (see `requireSecretValues`).
 */
function extraSecretChecks(
  extraSecrets: Record<string, string>,
  accountId: string,
  region: string,
  setCommand: (secretId: string, value: string) => string,
): SecretCheck[] {
  const checks = new Map<string, SecretCheck>();
  for (const [variable, valueFrom] of Object.entries(extraSecrets).sort(([a], [b]) => a.localeCompare(b))) {
    if (Token.isUnresolved(valueFrom)) continue;
    const m = /^(arn:[a-z-]+:secretsmanager:([a-z0-9-]+):(\d{12}):secret:[^:]+)(?::([^:]*):([^:]*):([^:]*))?$/.exec(valueFrom);
    if (!m || m[2] !== region || m[3] !== accountId) continue;
    const [, arn, , , , versionStage, versionId] = m;
    const key = `${arn}|${versionStage ?? ''}|${versionId ?? ''}`;
    if (checks.has(key)) continue;
    checks.set(key, {
      id: `extra_secret_${variable.toLowerCase()}_versions`,
      secretId: arn,
      versionsOf: arn,
      what: `extraSecrets.${variable}, in the format your application expects`,
      command: setCommand(arn, "'<value>'"),
      versionStage: versionStage || undefined,
      versionId: versionId || undefined,
      literal: true,
    });
  }
  return [...checks.values()];
}

/**
 * HCL condition over the data source's `self.versions`: a version with the pinned ID, or one staged
 * with the pinned stage (AWSCURRENT by default). `versions` is null when the secret has no version.
 */
function secretHasValueCondition(check: Pick<SecretCheck, 'versionStage' | 'versionId'>): string {
  const match = check.versionId !== undefined ? `v.version_id == "${check.versionId}"` : `contains(v.version_stages, "${check.versionStage ?? 'AWSCURRENT'}")`;
  return `try(anytrue([for v in self.versions : ${match}]), false)`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
