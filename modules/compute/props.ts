import type { IResolvable } from 'cdktf';
import { LayerBaseProps } from '../core/context';
import { PolicyStatement } from '../core/iam';
import type { DatabaseOutputs } from '../database/outputs';
import type { EdgeOutputs } from '../edge/outputs';
import type { NetworkOutputs } from '../network/outputs';
import type { ComputeBlueGreen } from './blue-green';

/*
 * The compute layer's props. The rules they must follow live in ./validate.ts (computePropsProblems), the
 * defaults in ./settings.ts (computeSettings).
 */

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
  /**
   * Off-hours scaling: two scheduled actions, one lowering the floor and ceiling at `scaleDown`, one restoring
   * minCount and maxCount at `scaleUp` (see ./scaling.ts).
   * @default undefined: no scheduled scaling
   */
  readonly offHours?: ComputeOffHours;
  /**
   * Step scaling on the ALB's RequestCountPerTarget (scale-out only, next to the target-tracking policies), when the
   * target group's ARN suffix is known; `false` turns it off.
   * @default {} (on, with the documented thresholds)
   */
  readonly requestSteps?: ComputeRequestSteps | false;
}

/** Off-hours minimum: scheduled actions that lower the service's floor and ceiling outside business hours. */
export interface ComputeOffHours {
  /** Canonical IANA time zone the cron expressions are read in, e.g. `Europe/Berlin` or `UTC`. */
  readonly timezone: string;
  /**
   * When off-hours start: an Application Auto Scaling `cron(...)` expression repeating weekly.
   * @default 'cron(0 20 ? * MON-FRI *)' (weekdays 20:00; with the default scaleUp, weekends stay down)
   */
  readonly scaleDown?: string;
  /**
   * When business hours start (minCount and maxCount come back).
   * @default 'cron(0 7 ? * MON-FRI *)' (weekdays 07:00)
   */
  readonly scaleUp?: string;
  /** Floor off-hours: at least 1 (the monitoring layer alarms below it) and at most minCount. */
  readonly minCount: number;
  /**
   * Ceiling off-hours: at least the off-hours minCount, at most maxCount.
   * @default maxCount
   */
  readonly maxCount?: number;
}

/** Step scaling on ALB requests per target (per minute): a CloudWatch alarm and a StepScaling policy adding tasks. */
export interface ComputeRequestSteps {
  /**
   * Requests per target per minute at which the alarm fires.
   * @default 2 x requestsPerTarget
   */
  readonly threshold?: number;
  /**
   * Consecutive one-minute periods at or above the threshold before it fires.
   * @default 2
   */
  readonly evaluationPeriods?: number;
  /**
   * Steps, by how far the metric is above the threshold (requests per target per minute): from `over` on, add
   * `addPercent` percent of the running tasks (at least one task). Sorted, the first `over` 0.
   * @default [{ over: 0, addPercent: 50 }, { over: threshold, addPercent: 100 }]
   */
  readonly steps?: readonly { readonly over: number; readonly addPercent: number }[];
  /**
   * Seconds after a step scale-out before the policy scales out again.
   * @default 60
   */
  readonly cooldownSeconds?: number;
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
  /**
   * Where tasks run: the private app subnets, the app security group and the port it admits from the load balancer
   * (`containerPort`, the container's port unless `containerPort` is set here).
   */
  readonly network: Pick<NetworkOutputs, 'appSubnetIds' | 'appSecurityGroupId' | 'containerPort'>;
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
   * @default `network.containerPort` (the port the network layer admits), else 8000
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
   * Terraform outputs an operator runs or reads, on the stack: the migrate command, the repository URL, the secret
   * IDs and the app-settings command (named `<id>_migrate_command`, ... in a `ReadableStack`; a plain
   * `TerraformStack` appends cdktf's hash). Off when the stack has outputs of its own for these, or holds several
   * `Compute` layers. The construct's properties (`migrateCommand`, `repositoryUrl`, `secrets`) stay either way.
   * @default true
   */
  readonly stackOutputs?: boolean;
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
   * How new task definitions reach the service. `rolling`: ECS replaces tasks (100-200 %) under the deployment
   * circuit breaker, rolling back a deployment whose tasks fail to start or stay unhealthy. `blueGreen`: the service
   * uses the CODE_DEPLOY deployment controller; `BlueGreenDeployment` (the CodeDeploy application, deployment group
   * and rollback alarms) drives it, Terraform creates the service with the first task definition and then leaves
   * the task definition and load balancer to CodeDeploy (README.md, "Blue/green deploys").
   * @default 'rolling'
   */
  readonly deployment?: 'rolling' | 'blueGreen';
  /**
   * Blue/green settings (read when `deployment` is `blueGreen`).
   * @default see ComputeBlueGreen
   */
  readonly blueGreen?: ComputeBlueGreen;
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
   *
   * A token (a Terraform variable, as in the published HCL module) keeps the checks and switches their conditions:
   * `!<token> || <condition>`, so whether they exist never depends on an input.
   * @default true
   */
  readonly requireSecretValues?: boolean | IResolvable;
}
