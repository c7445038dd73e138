import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { arnPrefix } from '../core/context';
import { PolicyStatement, assumeRolePolicy, policyDocument } from '../core/iam';
import { SecureKey } from '../core/kms';
import { guardDutyAgentRepositoryArn } from './guardduty';
import { logGroupArn, logGroupNames } from './logs';
import { pullRepositoryArn, pullsFromEcr } from './repository';
import { ComputeSecrets, taskSecretArns } from './secrets';
import type { ComputeSettings } from './settings';
import { secretIamResource } from './validate';

/** The task's two roles and their inline policies. */
export interface TaskRoles {
  /** ECS's role (`execution_role`): pulls the image, writes the logs, reads the secrets. */
  readonly executionRole: IamRole;
  /** Its policy (`execution_policy`); the secret-value checks wait for it. */
  readonly executionPolicy: IamRolePolicy;
  /** The application's role (`task_role`): no permissions unless granted (and ECS Exec's when on). */
  readonly taskRole: IamRole;
}

/** What the roles grant access to. */
export interface TaskRolesDeps {
  /** The layer's key (secrets; ECS Exec sessions). */
  readonly key: SecureKey;
  /** The app secrets the execution role reads. */
  readonly secrets: ComputeSecrets;
}

/** The execution role and the task role (`execution_role`/`execution_policy`, `task_role`/`task_policy`). */
export function taskRoles(scope: Construct, s: ComputeSettings, deps: TaskRolesDeps): TaskRoles {
  const assumedByTasks = assumeRolePolicy('ecs-tasks.amazonaws.com', s.props.accountId);
  const statements = executionStatements(s, deps);
  const executionRole = new IamRole(scope, 'execution_role', {
    name: `${s.name}-ecs-execution`,
    description: `ECS pulls the image, writes logs and reads the secrets of ${s.name}`,
    assumeRolePolicy: assumedByTasks,
    tags: s.tags,
  });
  const executionPolicy = new IamRolePolicy(scope, 'execution_policy', {
    name: 'task-execution',
    role: executionRole.id,
    policy: policyDocument(statements),
  });
  const taskRole = new IamRole(scope, 'task_role', {
    name: `${s.name}-ecs-task`,
    description: `The ${s.name} application; no AWS permissions unless granted`,
    assumeRolePolicy: assumedByTasks,
    tags: s.tags,
  });
  const taskStatements = [...(s.execEnabled ? execStatements(s, deps.key) : []), ...(s.props.taskRolePolicyStatements ?? [])];
  if (taskStatements.length > 0) {
    new IamRolePolicy(scope, 'task_policy', { name: 'application', role: taskRole.id, policy: policyDocument(taskStatements) });
  }
  return { executionRole, executionPolicy, taskRole };
}

/** ECR pull (this image's repository; the GuardDuty agent's), the app log group, exactly the secrets the tasks read. */
function executionStatements(s: ComputeSettings, deps: TaskRolesDeps): PolicyStatement[] {
  const { props } = s;
  const secretArns = taskSecretArns(s, deps.secrets);
  const secretKeyArns = [...new Set([deps.key.arn, props.database.kmsKeyArn, ...(props.extraSecretsKmsKeyArns ?? [])])];
  const fromEcr = pullsFromEcr(s);
  const guardDuty = props.guardDutyRuntimeMonitoring ?? true;
  const ecrPull = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
  return [
    ...(fromEcr || guardDuty
      ? // GetAuthorizationToken is account-wide: it has no resource to scope to.
        [{ Sid: 'EcrAuthorization', Effect: 'Allow' as const, Action: 'ecr:GetAuthorizationToken', Resource: '*' }]
      : []),
    ...(fromEcr ? [{ Sid: 'EcrPullThisRepository', Effect: 'Allow' as const, Action: ecrPull, Resource: pullRepositoryArn(s) }] : []),
    ...(guardDuty
      ? [
          {
            // GuardDuty Runtime Monitoring injects its agent sidecar, pulled with this role.
            Sid: 'EcrPullGuardDutyAgent',
            Effect: 'Allow' as const,
            Action: ecrPull,
            Resource: props.guardDutyAgentRepositoryArn ?? guardDutyAgentRepositoryArn(props.region, s.partition),
          },
        ]
      : []),
    { Sid: 'WriteAppLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logGroupArn(s, logGroupNames(s).app)}:*` },
    // A partial ARN (extraSecrets) as `<partial>-??????`: IAM compares the secret's complete ARN (secretIamResource).
    { Sid: 'ReadListedSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArns.map(secretIamResource) },
    {
      Sid: 'DecryptSecretsThroughSecretsManager',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: secretKeyArns,
      Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } },
    },
  ];
}

/** ECS Exec: Session Manager channels, the session log group, the key encrypting sessions. */
function execStatements(s: ComputeSettings, key: SecureKey): PolicyStatement[] {
  return [
    // Session Manager channels have no resource to scope to.
    {
      Sid: 'EcsExecChannels',
      Effect: 'Allow',
      Action: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
      Resource: '*',
    },
    { Sid: 'EcsExecFindLogGroup', Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: `${arnPrefix(s.props, 'logs')}:log-group:*` },
    {
      Sid: 'EcsExecWriteSessionLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
      Resource: `${logGroupArn(s, logGroupNames(s).exec)}:*`,
    },
    { Sid: 'EcsExecSessionEncryption', Effect: 'Allow', Action: 'kms:Decrypt', Resource: key.arn },
  ];
}
