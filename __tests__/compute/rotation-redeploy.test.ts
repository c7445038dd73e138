import { RotationRedeploy, rotationRedeployPropsProblems } from '../../modules/compute/rotation-redeploy';
import { devInput, prodInput, resolveInputs } from '../support/fixtures';
import { environmentStackNames } from '../support/environments';
import { synthEnvironments, synthStack } from '../support/synth';

describe('rotation-aware redeploys', () => {
  const committed = synthEnvironments();
  const prod = committed.get('helloapi-prod')!;
  const SM = '${aws_sfn_state_machine.rotation_redeploy_state_machine.arn}';

  it('listens for RotationSucceeded of exactly the RDS-managed master secret', () => {
    const rule = prod.resource('aws_cloudwatch_event_rule', 'rotation_redeploy_rule');
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.secretsmanager'],
      'detail-type': ['AWS Service Event via CloudTrail'],
      detail: {
        eventSource: ['secretsmanager.amazonaws.com'],
        eventName: ['RotationSucceeded'],
        additionalEventData: { SecretId: ['${aws_db_instance.database_primary.master_user_secret[0].secret_arn}'] },
      },
    });
  });

  it('starts a state machine that forces a new deployment through the ECS API, with no code to package', () => {
    const sm = prod.resource('aws_sfn_state_machine', 'rotation_redeploy_state_machine');
    const def = JSON.parse(sm.definition);
    expect(def.StartAt).toBe('ForceNewDeployment');
    expect(def.States.ForceNewDeployment).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:ecs:updateService',
      Parameters: { Cluster: '${aws_ecs_cluster.compute_cluster.arn}', Service: '${aws_ecs_service.compute_service.name}', ForceNewDeployment: true },
      End: true,
    });
    expect(def.States.ForceNewDeployment.Retry[0].MaxAttempts).toBe(3);
    expect(prod.count('aws_lambda_function')).toBe(0);
  });

  it('scopes IAM to exactly the service and the state machine', () => {
    const sfnPolicy = JSON.parse(prod.resource('aws_iam_role_policy', 'rotation_redeploy_state_machine_policy').policy);
    expect(sfnPolicy.Statement).toEqual([
      {
        Sid: 'ForceNewDeployment',
        Effect: 'Allow',
        Action: 'ecs:UpdateService',
        Resource: 'arn:aws:ecs:us-east-1:222222222222:service/${aws_ecs_cluster.compute_cluster.name}/${aws_ecs_service.compute_service.name}',
      },
    ]);
    const eventsPolicy = JSON.parse(prod.resource('aws_iam_role_policy', 'rotation_redeploy_events_policy').policy);
    expect(eventsPolicy.Statement).toEqual([{ Sid: 'StartRedeploy', Effect: 'Allow', Action: 'states:StartExecution', Resource: SM }]);
    const trust = JSON.parse(prod.resource('aws_iam_role', 'rotation_redeploy_state_machine_role').assume_role_policy);
    expect(trust.Statement[0]).toMatchObject({ Principal: { Service: 'states.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } } });
  });

  it('sends events that cannot start a redeploy to an encrypted dead-letter queue only EventBridge can write to', () => {
    const target = prod.resource('aws_cloudwatch_event_target', 'rotation_redeploy_target');
    expect(target).toMatchObject({
      arn: SM,
      role_arn: '${aws_iam_role.rotation_redeploy_events_role.arn}',
      dead_letter_config: { arn: '${aws_sqs_queue.rotation_redeploy_dead_letter_queue.arn}' },
      retry_policy: { maximum_event_age_in_seconds: 3600, maximum_retry_attempts: 10 },
    });
    expect(prod.resource('aws_sqs_queue', 'rotation_redeploy_dead_letter_queue')).toMatchObject({ sqs_managed_sse_enabled: true, message_retention_seconds: 14 * 86400 });
    const qp = JSON.parse(prod.resource('aws_sqs_queue_policy', 'rotation_redeploy_dead_letter_queue_policy').policy);
    expect(qp.Statement[0]).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Condition: { ArnEquals: { 'aws:SourceArn': '${aws_cloudwatch_event_rule.rotation_redeploy_rule.arn}' } },
    });
  });

  it.each([
    ['monitoring_rotation_redeploy_failed', 'AWS/States', 'ExecutionsFailed'],
    ['monitoring_rotation_redeploy_timed_out', 'AWS/States', 'ExecutionsTimedOut'],
    ['monitoring_rotation_redeploy_dead_letters', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible'],
  ])('alarms on failure (%s) to the alert topic, for ALARM and OK', (name, namespace, metric) => {
    const alarm = prod.resource('aws_cloudwatch_metric_alarm', name);
    expect(alarm).toMatchObject({
      namespace,
      metric_name: metric,
      threshold: 0,
      comparison_operator: 'GreaterThanThreshold',
      evaluation_periods: 1,
      period: 300,
      treat_missing_data: 'notBreaching',
      alarm_actions: ['${aws_sns_topic.monitoring_topic.arn}'],
      ok_actions: ['${aws_sns_topic.monitoring_topic.arn}'],
    });
  });

  it('is on in every committed environment and can be turned off per environment', () => {
    for (const name of environmentStackNames()) expect([name, committed.get(name)!.count('aws_sfn_state_machine')]).toEqual([name, 1]);
    const off = synthEnvironments(
      resolveInputs(devInput({ compute: { cpu: 256, memory: 512, desiredCount: 1, image: { tag: 'v1' }, redeployOnSecretRotation: false } }), prodInput()),
    );
    expect(off.get('helloapi-dev')!.count('aws_sfn_state_machine')).toBe(0);
    expect(Object.keys(off.get('helloapi-dev')!.resources('aws_cloudwatch_metric_alarm')).filter((k) => k.includes('rotation'))).toEqual([]);
    expect(off.get('helloapi-prod')!.count('aws_sfn_state_machine')).toBe(1);
  });

  it('refuses to watch nothing', () => {
    const props = { name: 'x', accountId: '123456789012', region: 'us-east-1', clusterArn: 'c', clusterName: 'c', serviceName: 's' };
    expect(rotationRedeployPropsProblems({ ...props, secretArns: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:x'] })).toEqual([]);
    expect(rotationRedeployPropsProblems({ ...props, secretArns: [] }).map((p) => p.prop)).toEqual(['secretArns']);
    expect(() =>
      synthStack((stack) => {
        new RotationRedeploy(stack, 'r', { name: 'x', accountId: '123456789012', region: 'us-east-1', secretArns: [], clusterArn: 'c', clusterName: 'c', serviceName: 's' });
      }),
    ).toThrow(/^RotationRedeploy test\/r: invalid props \(1 problem\):\n  secretArns = \[\]: must name at least one secret to watch$/);
  });
});
