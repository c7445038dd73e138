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
}
