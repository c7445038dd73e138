import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { LayerBaseProps } from '../core/context';
import { PropProblem, Problems } from '../core/problems';
import { assumeRolePolicy, denyInsecureTransport, policyDocument } from '../core/iam';
import type { AlarmSpec } from '../monitoring/alarms';

export interface RotationRedeployProps extends LayerBaseProps {
  /**
   * Secrets whose rotation must restart the service's tasks (ECS reads secrets only at task start),
   * e.g. the RDS-managed master-user secret.
   */
  readonly secretArns: string[];
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
}

/**
 * Rotation-aware redeploys with no code to package: an EventBridge rule on
 * Secrets Manager's `RotationSucceeded` event for the watched secrets starts a
 * Step Functions state machine that calls `ecs:UpdateService` with
 * `forceNewDeployment` (a rolling deployment under the service's circuit
 * breaker). Events that cannot start an execution land in an encrypted SQS
 * dead-letter queue; `alarms` describes the failure alarms for the monitoring layer.
 *
 * Secrets Manager emits `RotationSucceeded` through CloudTrail, so the account
 * must have a trail (the account baseline creates one).
 */
export class RotationRedeploy extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly stateMachine: SfnStateMachine;
  readonly deadLetterQueue: SqsQueue;
  readonly stateMachineRole: IamRole;
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
    this.stateMachineRole = stateMachineRole(this, props, name, this.serviceArn);
    this.stateMachine = stateMachine(this, props, name, this.stateMachineRole);
    this.deadLetterQueue = new SqsQueue(this, 'dead_letter_queue', {
      name: `${name}-dlq`,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: (props.deadLetterRetentionDays ?? 14) * 86400,
      tags: props.tags,
    });
    this.rule = rotationRule(this, props, name);
    deadLetterQueuePolicy(this, this.deadLetterQueue, this.rule);
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

/** `state_machine_role`/`state_machine_policy`: Step Functions may force a new deployment of exactly the service. */
function stateMachineRole(scope: Construct, props: RotationRedeployProps, name: string, serviceArn: string): IamRole {
  const role = new IamRole(scope, 'state_machine_role', {
    name: `${name}-sfn`,
    description: `Step Functions: force a new deployment of ${props.serviceName} after a secret rotation`,
    assumeRolePolicy: assumeRolePolicy('states.amazonaws.com', props.accountId),
    tags: props.tags,
  });
  new IamRolePolicy(scope, 'state_machine_policy', {
    role: role.id,
    name: 'update-service',
    policy: policyDocument([{ Sid: 'ForceNewDeployment', Effect: 'Allow', Action: 'ecs:UpdateService', Resource: serviceArn }]),
  });
  return role;
}

/** `state_machine`: one SDK task, `ecs:UpdateService` with `forceNewDeployment`, retried with backoff. */
function stateMachine(scope: Construct, props: RotationRedeployProps, name: string, role: IamRole): SfnStateMachine {
  const definition = {
    Comment: `Rolling redeploy of ${props.serviceName} so its tasks read the rotated secret`,
    StartAt: 'ForceNewDeployment',
    TimeoutSeconds: 300,
    States: {
      ForceNewDeployment: {
        Type: 'Task',
        Resource: `arn:${props.partition ?? 'aws'}:states:::aws-sdk:ecs:updateService`,
        Parameters: { Cluster: props.clusterArn, Service: props.serviceName, ForceNewDeployment: true },
        Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 10, MaxAttempts: props.maxAttempts ?? 3, BackoffRate: 2 }],
        End: true,
      },
    },
  };
  return new SfnStateMachine(scope, 'state_machine', {
    name,
    type: 'STANDARD',
    roleArn: role.arn,
    definition: JSON.stringify(definition),
    tags: props.tags,
  });
}

/** `rule`: Secrets Manager's `RotationSucceeded` (through CloudTrail) for the watched secrets. */
function rotationRule(scope: Construct, props: RotationRedeployProps, name: string): CloudwatchEventRule {
  return new CloudwatchEventRule(scope, 'rule', {
    name,
    description: `Secret rotated: redeploy ${props.serviceName}`,
    eventPattern: JSON.stringify({
      source: ['aws.secretsmanager'],
      'detail-type': ['AWS Service Event via CloudTrail'],
      detail: {
        eventSource: ['secretsmanager.amazonaws.com'],
        eventName: ['RotationSucceeded'],
        additionalEventData: { SecretId: props.secretArns },
      },
    }),
    tags: props.tags,
  });
}

/** `dead_letter_queue_policy`: only the rule may send dead letters, over TLS only. */
function deadLetterQueuePolicy(scope: Construct, queue: SqsQueue, rule: CloudwatchEventRule): void {
  new SqsQueuePolicy(scope, 'dead_letter_queue_policy', {
    queueUrl: queue.url,
    policy: policyDocument([
      {
        Sid: 'EventBridgeDeadLetters',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queue.arn,
        Condition: { ArnEquals: { 'aws:SourceArn': rule.arn } },
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
      description: `The redeploy of ${props.serviceName} after a secret rotation failed: tasks may hold a stale database password. Check the ${name} executions, then run: aws ecs update-service --cluster ${props.clusterName} --service ${props.serviceName} --force-new-deployment`,
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
