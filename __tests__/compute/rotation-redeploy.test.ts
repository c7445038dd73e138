import { RotationRedeploy, rotationEventPattern, rotationRedeployPropsProblems, STEP_FUNCTIONS_LOG_DELIVERY_ACTIONS } from '../../modules/compute/rotation-redeploy';
import { devInput, prodInput, resolveInputs } from '../support/fixtures';
import { committedEnvironments, environmentStackNames } from '../support/environments';
import { EventPattern, matchesEventPattern } from '../support/event-pattern';
import { synthEnvironments, synthStack, committedStacks } from '../support/synth';
import { parsePolicy, principals } from '../../modules/policy/tf-json';
import { decide } from '../../modules/policy/iam-eval';
import { isPartialSecretArn } from '../../modules/compute/validate';
import { resolveLayerProps } from '../../modules/config/layer-props';
import { FAKE, containers, rolePolicy, synthCompute } from './helpers';

/**
 * The documented sample `Secret Label Updated` event, verbatim
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/event-detail-secret-label-updated-secretsmanager.html):
 * AWSCURRENT moved to a new version of mySecret. Secrets Manager publishes it for every secret, whoever moved the
 * label: RDS-managed rotation, a rotation Lambda, put-secret-value
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/secret-event-notifications.html).
 */
const LABEL_UPDATED = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'Secret Label Updated',
  source: 'aws.secretsmanager',
  account: '012345678901',
  time: '2024-02-06T16:43:48Z',
  region: 'us-west-2',
  resources: ['arn:aws:secretsmanager:us-west-2:012345678901:secret:mySecret-a1b2c3'],
  detail: { name: 'mySecret', labelUpdated: 'AWSCURRENT', versionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111' },
};
const DOC_SECRET = LABEL_UPDATED.resources[0];
/** The sample event, for the secret `arn` (the only field that names the secret), with `detail` changes. */
const labelUpdated = (arn: string, detail: Partial<typeof LABEL_UPDATED.detail> = {}) => ({ ...LABEL_UPDATED, resources: [arn], detail: { ...LABEL_UPDATED.detail, ...detail } });
/**
 * The CloudTrail `RotationSucceeded` shape the previous rule matched (the Lambda-rotation shape: the secret in
 * `additionalEventData.SecretId`, no `resources`): deliberately not accepted (see `rotationEventPattern`).
 */
const cloudTrailRotationSucceeded = (arn: string) => ({
  version: '0',
  'detail-type': 'AWS Service Event via CloudTrail',
  source: 'aws.secretsmanager',
  account: '012345678901',
  region: 'us-west-2',
  resources: [],
  detail: { eventSource: 'secretsmanager.amazonaws.com', eventName: 'RotationSucceeded', eventType: 'AwsServiceEvent', additionalEventData: { SecretId: arn } },
});

describe('rotation-aware redeploys', () => {
  const committed = committedStacks();
  const prod = committed.get('helloapi-prod')!;
  const SM = '${aws_sfn_state_machine.rotation_redeploy_state_machine.arn}';

  describe('the trigger: the documented event for a new secret value, for every secret the tasks read', () => {
    const pattern = () => JSON.parse(prod.resource('aws_cloudwatch_event_rule', 'rotation_redeploy_rule').event_pattern) as EventPattern & { resources: string[] };
    /** The secret ARNs the web container reads (`valueFrom` without `:json-key::`). */
    const readByTasks = () => [...new Set(containers(prod, 'compute_task_definition')[0].secrets.map((x) => x.valueFrom.replace(/(:[^:}]*:[^:}]*:[^:}]*)$/, '')))].sort();

    it('matches the documented Secret Label Updated sample event (AWSCURRENT moved), and only for the watched secret', () => {
      expect(matchesEventPattern(rotationEventPattern([DOC_SECRET]) as EventPattern, LABEL_UPDATED)).toBe(true);
      expect(matchesEventPattern(rotationEventPattern(['arn:aws:secretsmanager:us-west-2:012345678901:secret:other-x1y2z3']) as EventPattern, LABEL_UPDATED)).toBe(false);
      // A custom staging label moving is no new active value.
      expect(matchesEventPattern(rotationEventPattern([DOC_SECRET]) as EventPattern, labelUpdated(DOC_SECRET, { labelUpdated: 'MyLabel' }))).toBe(false);
    });

    it('watches exactly the secrets the tasks read: the RDS-managed master secret and the app secrets', () => {
      const secrets = readByTasks();
      expect(secrets).toEqual(
        [
          '${aws_db_instance.database_primary.master_user_secret[0].secret_arn}',
          '${aws_secretsmanager_secret.compute_api_keys.arn}',
          '${aws_secretsmanager_secret.compute_app_settings.arn}',
          '${aws_secretsmanager_secret.compute_secret_key.arn}',
        ].sort(),
      );
      expect([...pattern().resources].sort()).toEqual(secrets);
    });

    it('fires on the documented sample event for each of them (managed rotation of the master secret, put-secret-value of an app secret)', () => {
      for (const arn of readByTasks()) expect([arn, matchesEventPattern(pattern(), labelUpdated(arn))]).toEqual([arn, true]);
      expect(matchesEventPattern(pattern(), LABEL_UPDATED)).toBe(false);
      expect(matchesEventPattern(pattern(), labelUpdated(readByTasks()[0], { labelUpdated: 'MyLabel' }))).toBe(false);
    });

    it('does not also fire on the CloudTrail RotationSucceeded entry (one redeploy per change)', () => {
      for (const arn of readByTasks()) expect(matchesEventPattern(pattern(), cloudTrailRotationSucceeded(arn))).toBe(false);
    });

    it('watches extraSecrets too: the stack passes Compute.secretArns, which lists them', () => {
      const extra = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:helloapi-test/stripe-AbCdEf';
      const { compute, stack } = synthCompute({ extraSecrets: { STRIPE_KEY: `${extra}:key::` } });
      expect(compute.secretArns).toHaveLength(5);
      expect(compute.secretArns).toContain(FAKE.dbSecretArn);
      expect(compute.secretArns).toContain(extra);
      expect(compute.outputs.secretArns).toEqual(compute.secretArns);
      // The same list the execution role may read, which ECS reads at task start.
      const read = rolePolicy(stack, 'compute_execution_policy').Statement.find((x) => x.Sid === 'ReadListedSecrets')!.Resource as string[];
      expect(read).toHaveLength(5);
      expect(read).toContain(extra);
      expect(matchesEventPattern(rotationEventPattern(compute.secretArns) as EventPattern, labelUpdated(extra))).toBe(true);
    });
  });

  describe('partial secret ARNs in extraSecrets (no -<6 random characters>: Secrets Manager and ECS accept them)', () => {
    const PARTIAL = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:helloapi/stripe';
    /** The documented sample event for the secret whose complete ARN is `arn`, named `name`. */
    const eventFor = (arn: string, name: string) => labelUpdated(arn, { name });
    const { compute, stack } = synthCompute({ extraSecrets: { STRIPE_KEY: `${PARTIAL}:key::` } });
    const pattern = rotationEventPattern(compute.secretArns) as EventPattern;

    it('redeploys when the secret the partial ARN names changes (its complete ARN: the partial one, - and 6 characters)', () => {
      expect(compute.secretArns).toContain(PARTIAL);
      expect(matchesEventPattern(pattern, eventFor(`${PARTIAL}-AbCdEf`, 'helloapi/stripe'))).toBe(true);
      // Still only when AWSCURRENT moved.
      expect(matchesEventPattern(pattern, labelUpdated(`${PARTIAL}-AbCdEf`, { name: 'helloapi/stripe', labelUpdated: 'MyLabel' }))).toBe(false);
    });

    it('does not redeploy for other secrets sharing the prefix, or of the same name in another account or region', () => {
      expect(matchesEventPattern(pattern, eventFor(`${PARTIAL}-old-AbCdEf`, 'helloapi/stripe-old'))).toBe(false);
      expect(matchesEventPattern(pattern, eventFor(`${PARTIAL}2-AbCdEf`, 'helloapi/stripe2'))).toBe(false);
      expect(matchesEventPattern(pattern, eventFor('arn:aws:secretsmanager:us-east-1:999999999999:secret:helloapi/stripe-AbCdEf', 'helloapi/stripe'))).toBe(false);
      expect(matchesEventPattern(pattern, eventFor('arn:aws:secretsmanager:eu-west-1:123456789012:secret:helloapi/stripe-AbCdEf', 'helloapi/stripe'))).toBe(false);
    });

    it('keeps matching the complete ARNs exactly (the master secret and the app secrets), each only with its own branch', () => {
      for (const arn of compute.secretArns.filter((a) => a !== PARTIAL)) expect([arn, matchesEventPattern(pattern, labelUpdated(arn))]).toEqual([arn, true]);
      // The partial ARN's name condition does not leak onto the complete ARNs' branch, nor the reverse.
      expect(matchesEventPattern(pattern, eventFor(FAKE.dbSecretArn, 'helloapi/stripe'))).toBe(true);
      expect(matchesEventPattern(pattern, eventFor(`${PARTIAL}-AbCdEf`, 'something-else'))).toBe(false);
    });

    it('writes a plain pattern when there is no partial ARN, and no $or around a lone partial one', () => {
      expect(rotationEventPattern([DOC_SECRET])).toEqual({
        source: ['aws.secretsmanager'],
        'detail-type': ['Secret Label Updated'],
        resources: [DOC_SECRET],
        detail: { labelUpdated: ['AWSCURRENT'] },
      });
      expect(rotationEventPattern([PARTIAL])).toEqual({
        source: ['aws.secretsmanager'],
        'detail-type': ['Secret Label Updated'],
        resources: [{ prefix: `${PARTIAL}-` }],
        detail: { labelUpdated: ['AWSCURRENT'], name: ['helloapi/stripe'] },
      });
      expect(matchesEventPattern(rotationEventPattern([PARTIAL]) as EventPattern, eventFor(`${PARTIAL}-AbCdEf`, 'helloapi/stripe'))).toBe(true);
    });

    it('takes a name ending in - and 6 characters as a complete ARN, as Secrets Manager does', () => {
      const complete = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:helloapi/stripe-AbCdEf';
      expect(isPartialSecretArn(complete)).toBe(false);
      expect(isPartialSecretArn(PARTIAL)).toBe(true);
      expect(isPartialSecretArn('${aws_secretsmanager_secret.x.arn}')).toBe(false);
      expect((rotationEventPattern([complete]) as { resources: unknown[] }).resources).toEqual([complete]);
    });

    it('lets the execution role read the secret: IAM compares its complete ARN, so the grant is <partial>-?????? (exactly 6 characters)', () => {
      const read = rolePolicy(stack, 'compute_execution_policy').Statement.find((x) => x.Sid === 'ReadListedSecrets')!.Resource as string[];
      expect(read).toContain(`${PARTIAL}-??????`);
      expect(read).not.toContain(PARTIAL);
      const statement = { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: read };
      const policy = [{ label: 'execution policy', statements: parsePolicy(JSON.stringify({ Statement: [statement] })) }];
      const may = (arn: string) => decide(policy, { action: 'secretsmanager:GetSecretValue', resource: arn }).allowed;
      expect(may(`${PARTIAL}-AbCdEf`)).toBe(true);
      expect(may(`${PARTIAL}-old-AbCdEf`)).toBe(false);
      expect(may(`${PARTIAL}2-AbCdEf`)).toBe(false);
    });
  });

  it('logs every execution, without execution data, to a log group encrypted with the compute key and kept as long as the app logs', () => {
    const sm = prod.resource('aws_sfn_state_machine', 'rotation_redeploy_state_machine');
    expect(sm.logging_configuration).toEqual({
      log_destination: '${aws_cloudwatch_log_group.rotation_redeploy_log_group.arn}:*',
      level: 'ALL',
      include_execution_data: false,
    });
    expect(prod.resource('aws_cloudwatch_log_group', 'rotation_redeploy_log_group')).toMatchObject({
      name: '/aws/vendedlogs/states/helloapi-prod-rotation-redeploy',
      kms_key_id: '${aws_kms_key.compute_kms_key.arn}',
      retention_in_days: prod.resource('aws_cloudwatch_log_group', 'compute_log_group').retention_in_days,
    });
  });

  it('creates or updates the state machine only after its role may deliver the logs (Step Functions checks it then)', () => {
    const sm = prod.resource('aws_sfn_state_machine', 'rotation_redeploy_state_machine');
    expect(sm.depends_on).toContain('aws_iam_role_policy.rotation_redeploy_state_machine_policy');
    const statements = JSON.parse(prod.resource('aws_iam_role_policy', 'rotation_redeploy_state_machine_policy').policy).Statement as { Sid: string; Action: string[] }[];
    expect(statements.find((x) => x.Sid === 'DeliverExecutionLogs')!.Action).toEqual(expect.arrayContaining(['logs:CreateLogDelivery', 'logs:PutResourcePolicy']));
  });

  // A rolling service (the blue/green one, prod's, starts a CodeDeploy deployment instead: blue-green.test.ts).
  const rollingConfig = committedEnvironments().find((c) => c.compute.deployment === 'rolling' && c.compute.redeployOnSecretRotation)!;
  const rolling = committed.get(rollingConfig.stackName)!;

  it('starts a state machine that forces a new deployment of a rolling service through the ECS API, with no code to package', () => {
    const sm = rolling.resource('aws_sfn_state_machine', 'rotation_redeploy_state_machine');
    const def = JSON.parse(sm.definition);
    expect(def.StartAt).toBe('ForceNewDeployment');
    expect(def.States.ForceNewDeployment).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:ecs:updateService',
      Parameters: { Cluster: '${aws_ecs_cluster.compute_cluster.arn}', Service: '${aws_ecs_service.compute_service.name}', ForceNewDeployment: true },
      End: true,
    });
    expect(def.States.ForceNewDeployment.Retry[0].MaxAttempts).toBe(3);
    expect(rolling.count('aws_lambda_function')).toBe(0);
    expect(prod.count('aws_lambda_function')).toBe(0);
  });

  it('scopes IAM to exactly the service and the state machine', () => {
    const rollingPolicy = JSON.parse(rolling.resource('aws_iam_role_policy', 'rotation_redeploy_state_machine_policy').policy);
    expect(rollingPolicy.Statement[0]).toEqual({
      Sid: 'ForceNewDeployment',
      Effect: 'Allow',
      Action: 'ecs:UpdateService',
      Resource: `arn:aws:ecs:${rollingConfig.account.region}:${rollingConfig.account.id}:service/\${aws_ecs_cluster.compute_cluster.name}/\${aws_ecs_service.compute_service.name}`,
    });
    // prod deploys blue/green: the state machine reads the service and starts a CodeDeploy deployment in its group.
    const sfnPolicy = JSON.parse(prod.resource('aws_iam_role_policy', 'rotation_redeploy_state_machine_policy').policy);
    expect(sfnPolicy.Statement).toEqual([
      {
        Sid: 'FindRunningTaskDefinition',
        Effect: 'Allow',
        Action: 'ecs:DescribeServices',
        Resource: 'arn:aws:ecs:us-east-1:222222222222:service/${aws_ecs_cluster.compute_cluster.name}/${aws_ecs_service.compute_service.name}',
      },
      { Sid: 'StartBlueGreenDeployment', Effect: 'Allow', Action: 'codedeploy:CreateDeployment', Resource: 'arn:aws:codedeploy:us-east-1:222222222222:deploymentgroup:helloapi-prod-api/helloapi-prod-api' },
      { Sid: 'ReadDeploymentConfig', Effect: 'Allow', Action: 'codedeploy:GetDeploymentConfig', Resource: 'arn:aws:codedeploy:us-east-1:222222222222:deploymentconfig:helloapi-prod-canary-10pct-5min' },
      {
        Sid: 'RegisterAppSpecRevision',
        Effect: 'Allow',
        Action: ['codedeploy:RegisterApplicationRevision', 'codedeploy:GetApplicationRevision'],
        Resource: 'arn:aws:codedeploy:us-east-1:222222222222:application:helloapi-prod-api',
      },
      // The CloudWatch Logs delivery permissions https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html lists (no resource ARNs).
      {
        Sid: 'DeliverExecutionLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
        Resource: '*',
      },
    ]);
    expect(sfnPolicy.Statement[4].Action).toEqual(STEP_FUNCTIONS_LOG_DELIVERY_ACTIONS);
    expect(rollingPolicy.Statement[1]).toEqual(sfnPolicy.Statement[4]);
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
      Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:events:us-east-1:222222222222:rule/helloapi-prod-rotation-redeploy' } },
    });
    // The rule's own ARN, built from its name (the rule is on the default bus) ...
    expect(prod.resource('aws_cloudwatch_event_rule', 'rotation_redeploy_rule')).toMatchObject({ name: 'helloapi-prod-rotation-redeploy' });
    expect(prod.resource('aws_cloudwatch_event_rule', 'rotation_redeploy_rule').event_bus_name).toBeUndefined();
    // ... so the policy does not wait for the rule, which waits for the service (and, on a first deploy, the secrets).
    const policy = JSON.stringify(prod.resource('aws_sqs_queue_policy', 'rotation_redeploy_dead_letter_queue_policy'));
    expect(policy).not.toMatch(/aws_cloudwatch_event_rule|aws_ecs_service/);
    expect(policy).not.toContain('depends_on');
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

  it('publishes nothing to the alert topic itself (its target is the state machine), so no environment lets EventBridge publish there', () => {
    for (const { stackName: name, account } of committedEnvironments()) {
      const stack = committed.get(name)!;
      const targets = Object.values(stack.resources<{ arn: string }>('aws_cloudwatch_event_target')).map((t) => t.arn);
      expect([name, targets]).toEqual([name, [SM]]);
      // Who may publish to the alert topic: the account's own principals (AccountManages) and CloudWatch alarms only.
      const statements = JSON.parse(stack.resource('aws_sns_topic_policy', 'monitoring_topic_policy').policy).Statement as { Effect: string; Principal: unknown; Action: string | string[] }[];
      const publishers = statements
        .filter((x) => x.Effect === 'Allow' && ([] as string[]).concat(x.Action).includes('sns:Publish'))
        .flatMap((x) => principals(x.Principal))
        .sort();
      expect([name, publishers]).toEqual([name, [`AWS:arn:aws:iam::${account.id}:root`, 'Service:cloudwatch.amazonaws.com']]);
      const keyServices = (JSON.parse(stack.resource('aws_kms_key', 'monitoring_kms_key').policy).Statement as { Principal: unknown }[]).flatMap((x) => principals(x.Principal)).filter((p) => p.startsWith('Service:'));
      expect([name, keyServices]).toEqual([name, ['Service:cloudwatch.amazonaws.com']]);
    }
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

  it("names the rule in its environment's partition (aws-us-gov, aws-cn): the layers' base props carry the region's partition", () => {
    for (const [region, partition] of [
      ['us-gov-west-1', 'aws-us-gov'],
      ['cn-north-1', 'aws-cn'],
      ['eu-west-1', 'aws'],
    ] as const) {
      // The layers' props from a valid prod config moved to the region (the whole config would need that region's
      // prefix list, GuardDuty agent and roles in its partition: modules/config/validate.ts).
      const [prod0] = resolveInputs(prodInput());
      const base = resolveLayerProps({ ...prod0, account: { ...prod0.account, region } }).rotationRedeploy!;
      expect([region, base.partition]).toEqual([region, partition]);
      const stack = synthStack((st) => {
        new RotationRedeploy(st, 'r', { ...base, secretArns: [`arn:${partition}:secretsmanager:${region}:222222222222:secret:x`], clusterArn: 'c', clusterName: 'c', serviceName: 's', kmsKeyArn: 'k' });
      });
      const policy = JSON.parse(stack.resource('aws_sqs_queue_policy', 'r_dead_letter_queue_policy').policy);
      expect(policy.Statement[0].Condition.ArnEquals['aws:SourceArn']).toBe(`arn:${partition}:events:${region}:222222222222:rule/helloapi-prod-rotation-redeploy`);
    }
  });

  it('refuses to watch nothing', () => {
    const props = { name: 'x', accountId: '123456789012', region: 'us-east-1', clusterArn: 'c', clusterName: 'c', serviceName: 's', kmsKeyArn: 'k' };
    expect(rotationRedeployPropsProblems({ ...props, secretArns: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:x'] })).toEqual([]);
    expect(rotationRedeployPropsProblems({ ...props, secretArns: [] }).map((p) => p.prop)).toEqual(['secretArns']);
    expect(() =>
      synthStack((stack) => {
        new RotationRedeploy(stack, 'r', { name: 'x', accountId: '123456789012', region: 'us-east-1', secretArns: [], clusterArn: 'c', clusterName: 'c', serviceName: 's', kmsKeyArn: 'k' });
      }),
    ).toThrow(/^RotationRedeploy test\/r: invalid props \(1 problem\):\n  secretArns = \[\]: must name at least one secret to watch$/);
  });
});
