/** What the compute layer hands to the other layers. */
export interface ComputeOutputs {
  /** Name of the ECS cluster. */
  readonly clusterName: string;
  /** ARN of the ECS cluster. */
  readonly clusterArn: string;
  /** Name of the ECS service. */
  readonly serviceName: string;
  /** The auto scaling floor (`scaling.minCount`, default `desiredCount`; `scaling.offHours.minCount` when lower): tasks always running; monitoring alarms below it. */
  readonly minTaskCount: number;
  /** The application log group (awslogs). */
  readonly logGroupName: string;
  /** ARN of the application log group. */
  readonly logGroupArn: string;
  /** URL of the ECR repository. */
  readonly repositoryUrl: string;
  /** ARN of the task role (the app's AWS identity). */
  readonly taskRoleArn: string;
  /** ARN of the task execution role (image pull, logs, secrets). */
  readonly executionRoleArn: string;
  /** The exact `aws ecs run-task` command that runs `migrate`. */
  readonly migrateCommand: string;
  /** The ECR repository ARN. */
  readonly repositoryArn: string;
  /** The compute layer's KMS key (ECR, log groups, app secrets). */
  readonly kmsKeyArn: string;
  /** Family of the one-off management task definition (`<name>-manage`). */
  readonly manageFamily: string;
  /**
   * Secrets the operator sets (`aws secretsmanager put-secret-value`) before the service can start: the three
   * app secrets by name, then the checked `extraSecrets` by ARN (see `ComputeProps.requireSecretValues`).
   */
  readonly secretsToSet: string[];
  /**
   * Every secret the tasks read, by ARN (the RDS-managed master secret, the three app secrets, `extraSecrets`):
   * ECS reads them only when a task starts, so a new value needs new tasks (`RotationRedeploy` watches these).
   */
  readonly secretArns: string[];
  /** The ECS Exec session log group, when ECS Exec is on. @default undefined (ECS Exec off) */
  readonly execLogGroupName?: string;
}
