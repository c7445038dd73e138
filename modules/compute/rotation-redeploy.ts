import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { LayerBaseProps } from '../core/context';
import { PropProblem, Problems } from '../core/problems';
import { arnPrefix } from '../core/context';
import { assumeRolePolicy, denyInsecureTransport, PolicyStatement, policyDocument } from '../core/iam';
import type { AlarmSpec } from '../monitoring/alarms';
import { appSpecJson } from './blue-green';
import { isPartialSecretArn, secretNameOfArn } from './validate';

export interface RotationRedeployProps extends LayerBaseProps {
  /**
   * ARNs of the secrets whose new values must restart the service's tasks (ECS reads secrets only at task
   * start): every secret the tasks read (`Compute.secretArns`), the RDS-managed master-user secret among them. A
   * partial ARN (no `-` and six random characters after the name) watches exactly the secret of that name.
   */
  readonly secretArns: string[];
  /** Customer-managed KMS key of the state machine's log group (the compute layer's key; CloudWatch Logs may use it). */
  readonly kmsKeyArn: string;
  /**
   * Days the state machine's log group keeps execution logs.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /** ARN of the ECS cluster running the service. */
  readonly clusterArn: string;
  /** Name of the ECS cluster (part of the service ARN). */
  readonly clusterName: string;
  /** Name of the ECS service to redeploy. */
  readonly serviceName: string;
  /**
   * Attempts of the UpdateService call before the execution fails.
   * @default 3
   */
  readonly maxAttempts?: number;
  /**
   * Days the dead-letter queue keeps rotation events that could not start a redeploy.
   * @default 14
   */
  readonly deadLetterRetentionDays?: number;
  /**
   * The service deploys blue/green (CODE_DEPLOY controller): UpdateService cannot force a new deployment there
   * (see `RotationRedeploy`), so the state machine starts a CodeDeploy deployment of the running task definition.
   * @default undefined (a rolling service: ecs:UpdateService with forceNewDeployment)
   */
  readonly codeDeploy?: RotationCodeDeploy;
}

/** Where the redeploy of a blue/green service goes (`RotationRedeployProps.codeDeploy`). */
export interface RotationCodeDeploy {
  /** The CodeDeploy application. */
  readonly applicationName: string;
  /** Its deployment group for the service. */
  readonly deploymentGroupName: string;
  /** Name of the deployment group's deployment configuration (the state machine may read it). */
  readonly deploymentConfigName: string;
  /** Container the load balancer routes to (the AppSpec's LoadBalancerInfo). */
  readonly containerName: string;
  /** Its port. */
  readonly containerPort: number;
  /**
   * The AfterAllowTestTraffic smoke-test hook the AppSpec names.
   * @default undefined (no hook)
   */
  readonly smokeTestFunctionArn?: string;
}

/**
 * Rotation-aware redeploys with no code to package: an EventBridge rule on
 * Secrets Manager's native `Secret Label Updated` event, when `AWSCURRENT` moves
 * to a new version of a watched secret, starts a Step Functions state machine that
 * calls `ecs:UpdateService` with `forceNewDeployment` (a rolling deployment under
 * the service's circuit breaker). A blue/green service (`codeDeploy`) cannot be redeployed that way: "For services
 * using the blue/green (CODE_DEPLOY) deployment controller, only the desired count, deployment configuration, health
 * check grace period, task placement constraints and strategies, enable ECS managed tags option, and propagate tags
 * can be updated using this API. If the network configuration, platform version, task definition, or load balancer
 * need to be updated, create a new CodeDeploy deployment"
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html); the state machine then reads
 * the task definition of the service's PRIMARY task set (ecs:DescribeServices) and starts a CodeDeploy deployment of
 * that same revision (codedeploy:CreateDeployment with an AppSpec naming it): new tasks, which read the new secret,
 * under the deployment group's traffic shifting, alarms and rollback. Events that cannot start an execution land in an
 * encrypted SQS dead-letter queue; executions log to an encrypted log group;
 * `alarms` describes the failure alarms for the monitoring layer.
 *
 * Why this event (see `rotationEventPattern`): it is the one Secrets Manager documents
 * for "the active secret value has changed", whoever moved the label: RDS-managed
 * rotation, a rotation Lambda, or `put-secret-value` by an operator. It needs no
 * CloudTrail trail.
 */
export class RotationRedeploy extends Construct {
  /** The EventBridge rule (`<name>-rotation-redeploy`): `Secret Label Updated` with AWSCURRENT moved, on a watched secret. */
  readonly rule: CloudwatchEventRule;
  /** The STANDARD state machine (`<name>-rotation-redeploy`): a forced new deployment of the service, or with `codeDeploy` a CodeDeploy deployment of the running revision. */
  readonly stateMachine: SfnStateMachine;
  /** The SQS dead-letter queue (`<name>-rotation-redeploy-dlq`, SSE) for events that could not start an execution. */
  readonly deadLetterQueue: SqsQueue;
  /** The role the state machine runs with (`<name>-rotation-redeploy-sfn`): update exactly the service (or deploy it with CodeDeploy), deliver its logs. */
  readonly stateMachineRole: IamRole;
  /** The state machine's execution log group (`/aws/vendedlogs/states/<name>-rotation-redeploy`). */
  readonly logGroup: CloudwatchLogGroup;
  /** The role EventBridge starts executions with (`<name>-rotation-redeploy-events`): `states:StartExecution` on the state machine only. */
  readonly eventsRole: IamRole;
  /** Failure alarms (execution failed or timed out, dead letters waiting); pass them to the monitoring layer's `extraAlarms`. */
  readonly alarms: AlarmSpec[];
  /** The service ARN the state machine may update. */
  readonly serviceArn: string;

  constructor(scope: Construct, id: string, props: RotationRedeployProps) {
    super(scope, id);
    new Problems().addAll(rotationRedeployPropsProblems(props)).throwIfAny(`RotationRedeploy ${this.node.path}`);
    const name = `${props.name}-rotation-redeploy`;
    this.serviceArn = `arn:${props.partition ?? 'aws'}:ecs:${props.region}:${props.accountId}:service/${props.clusterName}/${props.serviceName}`;
    const access = stateMachineRole(this, props, name, this.serviceArn);
    this.stateMachineRole = access.role;
    // Vended logs: a name under /aws/vendedlogs/ keeps the account's CloudWatch Logs resource policy small
    // (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html).
    this.logGroup = new CloudwatchLogGroup(this, 'log_group', {
      name: `/aws/vendedlogs/states/${name}`,
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyId: props.kmsKeyArn,
      tags: props.tags,
    });
    this.stateMachine = stateMachine(this, props, name, { ...access, logGroup: this.logGroup });
    this.deadLetterQueue = new SqsQueue(this, 'dead_letter_queue', {
      name: `${name}-dlq`,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: (props.deadLetterRetentionDays ?? 14) * 86400,
      tags: props.tags,
    });
    this.rule = rotationRule(this, props, name);
    deadLetterQueuePolicy(this, this.deadLetterQueue, `${arnPrefix(props, 'events')}:rule/${name}`);
    this.eventsRole = eventsRole(this, props, name, this.stateMachine);
    new CloudwatchEventTarget(this, 'target', {
      rule: this.rule.name,
      targetId: 'redeploy',
      arn: this.stateMachine.arn,
      roleArn: this.eventsRole.arn,
      deadLetterConfig: { arn: this.deadLetterQueue.arn },
      retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 10 },
    });
    this.alarms = redeployAlarms(props, name, this.stateMachine, this.deadLetterQueue);
  }
}

/** Every problem with RotationRedeploy's props (empty when they are valid). */
export function rotationRedeployPropsProblems(props: RotationRedeployProps): PropProblem[] {
  return props.secretArns.length === 0 ? [{ prop: 'secretArns', value: props.secretArns, message: 'must name at least one secret to watch' }] : [];
}

/**
 * `state_machine_role`/`state_machine_policy`: Step Functions may force a new deployment of exactly the service,
 * and deliver its execution logs. The log-delivery actions are the ones "Using CloudWatch Logs to log execution
 * history in Step Functions" (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html) lists; they take
 * no resource ARN (`Resource: "*"`, HAPI-IAM-03's UNSCOPABLE_ACTIONS).
 */
function stateMachineRole(scope: Construct, props: RotationRedeployProps, name: string, serviceArn: string): { role: IamRole; policy: IamRolePolicy } {
  const role = new IamRole(scope, 'state_machine_role', {
    name: `${name}-sfn`,
    description: `Step Functions: force a new deployment of ${props.serviceName} after a secret rotation`,
    assumeRolePolicy: assumeRolePolicy('states.amazonaws.com', props.accountId),
    tags: props.tags,
  });
  const policy = new IamRolePolicy(scope, 'state_machine_policy', {
    role: role.id,
    name: 'update-service',
    policy: policyDocument([
      ...(props.codeDeploy ? codeDeployRedeployStatements(props, props.codeDeploy, serviceArn) : [{ Sid: 'ForceNewDeployment', Effect: 'Allow' as const, Action: 'ecs:UpdateService', Resource: serviceArn }]),
      { Sid: 'DeliverExecutionLogs', Effect: 'Allow', Action: STEP_FUNCTIONS_LOG_DELIVERY_ACTIONS, Resource: '*' },
    ]),
  });
  return { role, policy };
}

/**
 * Blue/green: read the service's task sets, start a deployment in exactly its deployment group. CreateDeployment is
 * authorized on the deployment group; CodeDeploy also reads the group's deployment configuration and registers the
 * AppSpec as a revision of the application ("CodeDeploy permissions reference",
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/auth-and-access-control-permissions-reference.html).
 */
function codeDeployRedeployStatements(props: RotationRedeployProps, c: RotationCodeDeploy, serviceArn: string): PolicyStatement[] {
  const cd = arnPrefix(props, 'codedeploy');
  return [
    { Sid: 'FindRunningTaskDefinition', Effect: 'Allow', Action: 'ecs:DescribeServices', Resource: serviceArn },
    { Sid: 'StartBlueGreenDeployment', Effect: 'Allow', Action: 'codedeploy:CreateDeployment', Resource: `${cd}:deploymentgroup:${c.applicationName}/${c.deploymentGroupName}` },
    { Sid: 'ReadDeploymentConfig', Effect: 'Allow', Action: 'codedeploy:GetDeploymentConfig', Resource: `${cd}:deploymentconfig:${c.deploymentConfigName}` },
    { Sid: 'RegisterAppSpecRevision', Effect: 'Allow', Action: ['codedeploy:RegisterApplicationRevision', 'codedeploy:GetApplicationRevision'], Resource: `${cd}:application:${c.applicationName}` },
  ];
}

/** The CloudWatch Logs permissions a state machine's role needs to log (cw-logs.html, "IAM policies for logging"). */
export const STEP_FUNCTIONS_LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];

/**
 * `state_machine`: one SDK task, `ecs:UpdateService` with `forceNewDeployment`, retried with backoff; every
 * execution event logged (`ALL`: a record of which change redeployed when; rotations are rare) without execution
 * data (the event and the UpdateService answer: secret names and service details, nothing the logs need).
 *
 * It depends on the role's policy: Step Functions checks, when a state machine is created or updated with logging,
 * that its role may deliver to the log destination, and fails otherwise ("The state machine IAM Role is not
 * authorized to access the Log Destination"). Without the edge Terraform updates both at once, and provider 5.100
 * retries that AccessDenied on create but not on update: the first apply that turns logging on would fail.
 */
function stateMachine(scope: Construct, props: RotationRedeployProps, name: string, deps: { role: IamRole; policy: IamRolePolicy; logGroup: CloudwatchLogGroup }): SfnStateMachine {
  const retry = [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 10, MaxAttempts: props.maxAttempts ?? 3, BackoffRate: 2 }];
  const definition = props.codeDeploy
    ? codeDeployRedeployDefinition(props, props.codeDeploy, retry)
    : {
        Comment: `Rolling redeploy of ${props.serviceName} so its tasks read the rotated secret`,
        StartAt: 'ForceNewDeployment',
        TimeoutSeconds: 300,
        States: {
          ForceNewDeployment: {
            Type: 'Task',
            Resource: `arn:${props.partition ?? 'aws'}:states:::aws-sdk:ecs:updateService`,
            Parameters: { Cluster: props.clusterArn, Service: props.serviceName, ForceNewDeployment: true },
            Retry: retry,
            End: true,
          },
        },
      };
  return new SfnStateMachine(scope, 'state_machine', {
    name,
    type: 'STANDARD',
    roleArn: deps.role.arn,
    definition: JSON.stringify(definition),
    loggingConfiguration: { logDestination: `${deps.logGroup.arn}:*`, level: 'ALL', includeExecutionData: false },
    tags: props.tags,
    dependsOn: [deps.policy],
  });
}

/** Stands for the task definition ARN in the AppSpec template (becomes the `{}` of States.Format). */
const TASK_DEFINITION_PLACEHOLDER = '@@TASK_DEFINITION@@';

/**
 * The AppSpec as a States.Format template: the JSON of `appSpec` with the task definition left as `{}`. Inside an
 * intrinsic function's string literal `'`, `{`, `}` and `\` are escaped with a backslash
 * ("Intrinsic functions", https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html).
 */
export function appSpecFormatTemplate(c: RotationCodeDeploy): string {
  const json = appSpecJson({ taskDefinitionArn: TASK_DEFINITION_PLACEHOLDER, containerName: c.containerName, containerPort: c.containerPort, smokeTestFunctionArn: c.smokeTestFunctionArn });
  return json.replace(/[\\'{}]/g, (ch) => `\\${ch}`).replace(TASK_DEFINITION_PLACEHOLDER, '{}');
}

/**
 * Blue/green redeploy: `FindTaskDefinition` (DescribeServices; the task definition of the PRIMARY task set, the one
 * serving production), then `CreateDeployment` of that revision with the AppSpec (`appSpecFormatTemplate`). A
 * deployment already in progress fails CreateDeployment (DeploymentLimitExceededException): retried with backoff,
 * then the execution fails and `rotation_redeploy_failed` fires (that deployment's new tasks read the new value anyway
 * if it started after the rotation).
 */
function codeDeployRedeployDefinition(props: RotationRedeployProps, c: RotationCodeDeploy, retry: object[]): object {
  const sdk = `arn:${props.partition ?? 'aws'}:states:::aws-sdk`;
  return {
    Comment: `Blue/green redeploy of ${props.serviceName} (CodeDeploy) so its tasks read the rotated secret`,
    StartAt: 'FindTaskDefinition',
    TimeoutSeconds: 300,
    States: {
      FindTaskDefinition: {
        Type: 'Task',
        Resource: `${sdk}:ecs:describeServices`,
        Parameters: { Cluster: props.clusterArn, Services: [props.serviceName] },
        ResultSelector: { 'TaskDefinitions.$': "$.Services[0].TaskSets[?(@.Status == 'PRIMARY')].TaskDefinition" },
        Retry: retry,
        Next: 'CreateDeployment',
      },
      CreateDeployment: {
        Type: 'Task',
        Resource: `${sdk}:codedeploy:createDeployment`,
        Parameters: {
          ApplicationName: c.applicationName,
          DeploymentGroupName: c.deploymentGroupName,
          Description: 'Redeploy after a secret rotation (rotation-redeploy)',
          Revision: {
            RevisionType: 'AppSpecContent',
            AppSpecContent: { 'Content.$': `States.Format('${appSpecFormatTemplate(c)}', States.ArrayGetItem($.TaskDefinitions, 0))` },
          },
        },
        Retry: retry,
        End: true,
      },
    },
  };
}

/**
 * The EventBridge pattern: Secrets Manager's native `Secret Label Updated` event for one of `secretArns`, when the
 * label that moved is `AWSCURRENT` (the active value changed).
 *
 * - Secret event notifications (https://docs.aws.amazon.com/secretsmanager/latest/userguide/secret-event-notifications.html):
 *   published to the default event bus whenever a staging label changes (except AWSPENDING and AWSPREVIOUS),
 *   enabled by default for all secrets, no CloudTrail needed; its sample pattern for "the active secret value has
 *   changed" is `detail.labelUpdated: ["AWSCURRENT"]`.
 * - Secret Label Updated event (https://docs.aws.amazon.com/secretsmanager/latest/userguide/event-detail-secret-label-updated-secretsmanager.html):
 *   the secret's ARN is in `resources`, its name in `detail.name`.
 * - Managed rotation (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_managed.html):
 *   RDS rotates the master-user secret itself, with no Lambda; a rotation's new value is the version labelled
 *   AWSCURRENT, the one ECS reads (https://docs.aws.amazon.com/secretsmanager/latest/userguide/whats-in-a-secret.html#term_version).
 *
 * Not the CloudTrail `RotationSucceeded` entry (https://docs.aws.amazon.com/secretsmanager/latest/userguide/cloudtrail_log_entries.html,
 * "Log entries for rotation"), which the previous rule matched on `detail.additionalEventData.SecretId` (the
 * Lambda-rotation shape): it is a rotation-only signal (an operator's `put-secret-value` of an app secret never emits
 * it), where the secret sits in the entry is not documented for managed rotation, and accepting both events would
 * redeploy twice per change.
 */
export function rotationEventPattern(secretArns: string[]): object {
  const complete = secretArns.filter((a) => !isPartialSecretArn(a));
  const partial = secretArns.filter(isPartialSecretArn);
  const base = { source: ['aws.secretsmanager'], 'detail-type': ['Secret Label Updated'] };
  const current = { labelUpdated: ['AWSCURRENT'] };
  if (partial.length === 0) return { ...base, resources: complete, detail: current };
  const branches = [...(complete.length ? [{ resources: complete, detail: current }] : []), ...partial.map(partialSecretMatch)];
  return branches.length === 1 ? { ...base, ...branches[0] } : { ...base, $or: branches };
}

/**
 * A partial ARN (`extraSecrets` may name a secret without the `-` and six random characters Secrets Manager appends,
 * `isPartialSecretArn`) never equals the event's `resources` entry, the complete ARN. It matches as the complete ARN's
 * prefix `<partial>-` (EventBridge prefix matching, "Content filtering in Amazon EventBridge event patterns",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/content-filtering-with-event-patterns.html)
 * AND the event's secret name (`detail.name`, event-detail-secret-label-updated-secretsmanager.html) equal to the
 * partial ARN's: the prefix alone would also match `<name>-old`'s events (`...:secret:<name>-old-a1b2c3`), and
 * EventBridge wildcards have no one-character `?` to say "exactly six more". Each partial ARN is one branch of `$or`
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html),
 * so the name condition holds only with its own prefix; the complete ARNs keep the exact `resources` match.
 */
function partialSecretMatch(arn: string): object {
  return { resources: [{ prefix: `${arn}-` }], detail: { labelUpdated: ['AWSCURRENT'], name: [secretNameOfArn(arn)] } };
}

/** `rule`: a watched secret's active value changed (`rotationEventPattern`). */
function rotationRule(scope: Construct, props: RotationRedeployProps, name: string): CloudwatchEventRule {
  return new CloudwatchEventRule(scope, 'rule', {
    name,
    description: `Secret value changed (AWSCURRENT moved): redeploy ${props.serviceName}`,
    eventPattern: JSON.stringify(rotationEventPattern(props.secretArns)),
    tags: props.tags,
  });
}

/**
 * `dead_letter_queue_policy`: only the rule may send dead letters, over TLS only. The rule's ARN is built from its
 * name (a rule on the default event bus is `arn:<partition>:events:<region>:<account>:rule/<name>`:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html#amazoneventbridge-resources-for-iam-policies),
 * not read from the rule: the rule names the ECS service, so it waits for the service (and, on a first deploy, for
 * the application's secrets); the policy then waited with it, and its creation (the provider waits ~25 s for SQS to
 * propagate it) was part of the deploy that creates the service. Built from the name, it is created with the queue.
 */
function deadLetterQueuePolicy(scope: Construct, queue: SqsQueue, ruleArn: string): void {
  new SqsQueuePolicy(scope, 'dead_letter_queue_policy', {
    queueUrl: queue.url,
    policy: policyDocument([
      {
        Sid: 'EventBridgeDeadLetters',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queue.arn,
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
      },
      denyInsecureTransport('sqs:*', queue.arn),
    ]),
  });
}

/** `events_role`/`events_policy`: EventBridge may start exactly the state machine. */
function eventsRole(scope: Construct, props: RotationRedeployProps, name: string, machine: SfnStateMachine): IamRole {
  const role = new IamRole(scope, 'events_role', {
    name: `${name}-events`,
    description: `EventBridge: start the ${name} state machine`,
    assumeRolePolicy: assumeRolePolicy('events.amazonaws.com', props.accountId),
    tags: props.tags,
  });
  new IamRolePolicy(scope, 'events_policy', {
    role: role.id,
    name: 'start-execution',
    policy: policyDocument([{ Sid: 'StartRedeploy', Effect: 'Allow', Action: 'states:StartExecution', Resource: machine.arn }]),
  });
  return role;
}

/** The failure alarms: an execution failed or timed out, dead letters are waiting. */
function redeployAlarms(props: RotationRedeployProps, name: string, machine: SfnStateMachine, queue: SqsQueue): AlarmSpec[] {
  const sfnMetric = (metricName: string) => ({
    namespace: 'AWS/States',
    metricName,
    dimensions: { StateMachineArn: machine.arn },
    statistic: 'Sum',
    period: 300,
  });
  const whenAny = { threshold: 0, comparisonOperator: 'GreaterThanThreshold', evaluationPeriods: 1, treatMissingData: 'notBreaching' } as const;
  return [
    {
      id: 'rotation_redeploy_failed',
      description: `The redeploy of ${props.serviceName} after a secret rotation failed: tasks may hold a stale secret (e.g. the database password). Check the ${name} executions, then ${manualRedeploy(props)}`,
      metric: sfnMetric('ExecutionsFailed'),
      ...whenAny,
    },
    {
      id: 'rotation_redeploy_timed_out',
      description: `The redeploy of ${props.serviceName} after a secret rotation timed out. Check the ${name} executions.`,
      metric: sfnMetric('ExecutionsTimedOut'),
      ...whenAny,
    },
    {
      id: 'rotation_redeploy_dead_letters',
      description: `A secret-rotation event could not start the redeploy of ${props.serviceName} (see the ${name}-dlq queue); redeploy by hand.`,
      metric: { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: queue.name }, statistic: 'Maximum', period: 300 },
      ...whenAny,
    },
  ];
}

/** What an operator runs to redeploy by hand: UpdateService for a rolling service, a CodeDeploy deployment for a blue/green one. */
function manualRedeploy(props: RotationRedeployProps): string {
  const c = props.codeDeploy;
  if (!c) return `run: aws ecs update-service --cluster ${props.clusterName} --service ${props.serviceName} --force-new-deployment`;
  return `start a deployment of the running task definition: aws deploy create-deployment --application-name ${c.applicationName} --deployment-group-name ${c.deploymentGroupName} --revision revisionType=AppSpecContent,appSpecContent={content=<AppSpec naming it>} (modules/compute/README.md, "Blue/green deploys")`;
}
