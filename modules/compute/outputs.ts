/** What the compute layer hands to the other layers. */
export interface ComputeOutputs {
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly serviceName: string;
  /** The application log group (awslogs). */
  readonly logGroupName: string;
  readonly logGroupArn: string;
  readonly repositoryUrl: string;
  readonly taskRoleArn: string;
  readonly executionRoleArn: string;
  /** The exact `aws ecs run-task` command that runs `migrate`. */
  readonly migrateCommand: string;
  /** The ECR repository ARN. */
  readonly repositoryArn: string;
  /** The compute layer's KMS key (ECR, log groups, app secrets). */
  readonly kmsKeyArn: string;
  /** Family of the one-off management task definition (`<name>-manage`). */
  readonly manageFamily: string;
  /** The ECS Exec session log group, when ECS Exec is on. */
  readonly execLogGroupName?: string;
}
