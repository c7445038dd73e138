import { Construct } from 'constructs';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingScheduledAction } from '@cdktf/provider-aws/lib/appautoscaling-scheduled-action';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsSecretsmanagerSecretVersions } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-versions';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Problems } from '../core/problems';
import { SecureKey } from '../core/kms';
import { ecsCluster } from './cluster';
import { computeKey } from './key';
import { logGroup, logGroupNames } from './logs';
import { ComputeOutputs } from './outputs';
import type { ComputeProps } from './props';
import { ecrRepository, taskImage } from './repository';
import { taskRoles } from './roles';
import { serviceScaling } from './scaling';
import { secretGate } from './secret-gate';
import { ComputeSecrets, appSecrets, appSettingsValue, taskSecretArns } from './secrets';
import { computeSettings } from './settings';
import { ecsService } from './service';
import { taskDefinitions } from './task-definition';
import { migrateCommand, operatorOutputs } from './operations';
import { computePropsProblems } from './validate';

export * from './blue-green';
export * from './blue-green-deployment';
export * from './container';
export * from './guardduty';
export * from './outputs';
export * from './props';
export * from './rotation-redeploy';
export { ecrRepositoryArn } from './repository';
export type { ComputeSecrets } from './secrets';
export { COMPUTE_MAX_NAME_LENGTH, computePropsProblems } from './validate';

/**
 * The HelloAPI compute layer: an ECR repository, an ECS cluster, the Django
 * service on Fargate (private subnets, read-only root, non-root user, secrets
 * from Secrets Manager only) behind the edge layer's target group, a
 * `<name>-manage` task family for migrations, least-privilege roles, encrypted
 * logs, and auto scaling (target tracking, step scaling on requests per target, an optional off-hours schedule).
 */
export class Compute extends Construct implements ComputeOutputs {
  /** The layer's KMS key (`<id>_kms`): ECR images, log groups, app secrets, ECS Exec sessions. */
  readonly key: SecureKey;
  /** The ECR repository (`<name>/api`): immutable tags, scan on push, the layer's key, a lifecycle policy. */
  readonly repository: EcrRepository;
  /** The application log group (`/ecs/<name>/api`, awslogs), encrypted with the layer's key. */
  readonly logGroup: CloudwatchLogGroup;
  /** The ECS Exec session log group (`/ecs/<name>/exec`); undefined unless `execEnabled`. */
  readonly execLogGroup?: CloudwatchLogGroup;
  /** The ECS cluster (`<id>_cluster`, named `<name>`), with Container Insights per `containerInsights`. */
  readonly cluster: EcsCluster;
  /** The task execution role (`<name>-ecs-execution`): ECS pulls the image, writes the logs and reads exactly the secrets the tasks read. */
  readonly executionRole: IamRole;
  /** The task role (`<name>-ecs-task`): the application's AWS identity; no permissions but `taskRolePolicyStatements` (and ECS Exec's when on). */
  readonly taskRole: IamRole;
  /** The service's task definition (`<id>_task_definition`, family `<name>-api`): the web container. */
  readonly taskDefinition: EcsTaskDefinition;
  /** The one-off task definition (`<id>_manage_task_definition`, family `<name>-manage`): the same container running `manageCommand`. */
  readonly manageTaskDefinition: EcsTaskDefinition;
  /** The ECS service (`<id>_service`, `<name>-api`): Fargate in the private app subnets, registered with the target group. */
  readonly service: EcsService;
  /** The service's scalable target (`<id>_scaling_target`): desired count between `scaling.minCount` and `scaling.maxCount`. */
  readonly scalingTarget: AppautoscalingTarget;
  /** The scaling policies: CPU and memory target tracking; without blue/green also requests-per-target tracking (with the ALB's and target group's ARN suffixes) and the request step policy (with the target group's suffix, unless `scaling.requestSteps` is false). */
  readonly scalingPolicies: AppautoscalingPolicy[];
  /** The off-hours scheduled actions (down, up); empty without `scaling.offHours`. */
  readonly scheduledActions: AppautoscalingScheduledAction[];
  /** The alarm that invokes the request step policy; undefined when there is none. */
  readonly requestStepsAlarm?: CloudwatchMetricAlarm;
  /** The app's secrets (`<name>/django/secret-key`, `api-keys`, `app-settings`), created without a value. */
  readonly secrets: ComputeSecrets;
  /**
   * The secret-value checks (see `requireSecretValues`): secret ID (name, or ARN for `extraSecrets`) ->
   * the data source listing its versions, whose postcondition requires a value. Empty when the checks are off.
   */
  readonly secretValueChecks: Record<string, DataAwsSecretsmanagerSecretVersions>;
  /** Secrets whose values are set out of band before the service can start (see `requireSecretValues`). */
  readonly secretsToSet: string[];
  /** Every secret the tasks read, by ARN (what the execution role may read; what `RotationRedeploy` watches). */
  readonly secretArns: string[];

  /** Name of the ECS cluster. */
  readonly clusterName: string;
  /** ARN of the ECS cluster. */
  readonly clusterArn: string;
  /** Name of the ECS service (`<name>-api`). */
  readonly serviceName: string;
  /** The auto scaling floor (`scaling.minCount`, default `desiredCount`; the off-hours minCount when lower). */
  readonly minTaskCount: number;
  /** Name of the application log group (`/ecs/<name>/api`). */
  readonly logGroupName: string;
  /** ARN of the application log group. */
  readonly logGroupArn: string;
  /** URL of the ECR repository (push images here). */
  readonly repositoryUrl: string;
  /** ARN of the ECR repository. */
  readonly repositoryArn: string;
  /** ARN of the task role (the app's AWS identity). */
  readonly taskRoleArn: string;
  /** ARN of the task execution role (image pull, logs, secrets). */
  readonly executionRoleArn: string;
  /** The exact `aws ecs run-task` command that runs `python manage.py migrate` with the `<name>-manage` family. */
  readonly migrateCommand: string;
  /** The full image reference the tasks run. */
  readonly image: string;
  /** Name of the web container. */
  readonly containerName: string;
  /** The web container's port (`containerPort`, else the network's `containerPort`, else 8000). */
  readonly containerPort: number;
  /** Family of the one-off management task definition (`<name>-manage`). */
  readonly manageFamily: string;
  /** ARN of the layer's KMS key (`key.arn`). */
  readonly kmsKeyArn: string;
  /** ALLOWED_HOSTS and CORS_ALLOWED_ORIGINS as the README's put-secret-value sets them. */
  readonly appSettingsValue: string;
  /** Name of the ECS Exec session log group; undefined unless `execEnabled`. */
  readonly execLogGroupName?: string;
  /** The typed outputs other layers consume (same values as the fields above). */
  readonly outputs: ComputeOutputs;

  constructor(scope: Construct, id: string, props: ComputeProps) {
    super(scope, id);
    new Problems().addAll(computePropsProblems(props)).throwIfAny(`Compute ${this.node.path}`);
    const s = computeSettings(props);

    // Encryption key: ECR images, log groups, secrets
    this.key = computeKey(this, s);
    this.kmsKeyArn = this.key.arn;

    // ECR repository, and the image the tasks run
    this.repository = ecrRepository(this, s, this.key);
    this.repositoryUrl = this.repository.repositoryUrl;
    this.repositoryArn = this.repository.arn;
    this.image = taskImage(s, this.repository);

    // Logs: the application's, and ECS Exec sessions' when on
    const logGroups = logGroupNames(s);
    this.logGroup = logGroup(this, 'log_group', s, logGroups.app, this.key);
    this.logGroupName = this.logGroup.name;
    this.logGroupArn = this.logGroup.arn;
    this.execLogGroup = s.execEnabled ? logGroup(this, 'exec_log_group', s, logGroups.exec, this.key) : undefined;
    this.execLogGroupName = this.execLogGroup?.name;

    // Cluster
    this.cluster = ecsCluster(this, s, this.key, this.execLogGroup);
    this.clusterName = this.cluster.name;
    this.clusterArn = this.cluster.arn;

    // Secrets, created without a value (README.md, "Setting the secrets")
    this.secrets = appSecrets(this, s, this.key);
    this.appSettingsValue = appSettingsValue(s);
    this.secretArns = taskSecretArns(s, this.secrets);

    // Roles: execution (image, logs, secrets) and task (the application)
    const roles = taskRoles(this, s, { key: this.key, secrets: this.secrets });
    this.executionRole = roles.executionRole;
    this.executionRoleArn = roles.executionRole.arn;
    this.taskRole = roles.taskRole;
    this.taskRoleArn = roles.taskRole.arn;

    // Task definitions: the service's and `<name>-manage` for one-off commands
    const tasks = taskDefinitions(this, s, { image: this.image, roles, secrets: this.secrets, logGroupName: logGroups.app });
    this.taskDefinition = tasks.web;
    this.manageTaskDefinition = tasks.manage;
    this.manageFamily = `${s.name}-manage`;
    this.containerName = s.containerName;
    this.containerPort = s.port;

    // Secret gate: the service waits until its secrets have values (requireSecretValues)
    const gate = secretGate(this, s, { secrets: this.secrets, appSettingsValue: this.appSettingsValue, literalReadsWaitFor: roles.executionPolicy });
    this.secretValueChecks = gate.checks;
    this.secretsToSet = gate.secretsToSet;

    // Service, and its auto scaling
    this.service = ecsService(this, s, { cluster: this.cluster, taskDefinition: this.taskDefinition, secretValueChecks: Object.values(gate.checks) });
    this.serviceName = this.service.name;
    const scaling = serviceScaling(this, s, this.cluster, this.service);
    this.scalingTarget = scaling.target;
    this.scalingPolicies = scaling.policies;
    this.scheduledActions = scaling.scheduledActions;
    this.requestStepsAlarm = scaling.requestStepsAlarm;
    // The lowest floor the service is held at (off-hours, with a schedule): what the running-tasks alarm watches.
    this.minTaskCount = Math.min(s.minCount, props.scaling.offHours?.minCount ?? s.minCount);

    // What operators run and read
    this.migrateCommand = migrateCommand(s, this.manageFamily);
    this.outputs = outputsOf(this);
    if (props.stackOutputs ?? true) operatorOutputs(this, s, { migrateCommand: this.migrateCommand, repositoryUrl: this.repositoryUrl, secrets: this.secrets, appSettingsValue: this.appSettingsValue });
  }
}

/** The typed outputs other layers consume, picked from the layer. */
function outputsOf(o: ComputeOutputs): ComputeOutputs {
  return {
    clusterName: o.clusterName,
    clusterArn: o.clusterArn,
    serviceName: o.serviceName,
    minTaskCount: o.minTaskCount,
    logGroupName: o.logGroupName,
    logGroupArn: o.logGroupArn,
    repositoryUrl: o.repositoryUrl,
    repositoryArn: o.repositoryArn,
    taskRoleArn: o.taskRoleArn,
    executionRoleArn: o.executionRoleArn,
    migrateCommand: o.migrateCommand,
    kmsKeyArn: o.kmsKeyArn,
    manageFamily: o.manageFamily,
    execLogGroupName: o.execLogGroupName,
    secretsToSet: o.secretsToSet,
    secretArns: o.secretArns,
  };
}
