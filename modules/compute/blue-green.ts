/**
 * Blue/green deploys through CodeDeploy: the settings (`ComputeBlueGreen`), their rules and defaults, the rollback
 * alarms and the AppSpec CodeDeploy deploys. The resources live in blue-green-deployment.ts (`BlueGreenDeployment`).
 *
 * How it works ("CodeDeploy blue/green deployments for Amazon ECS",
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html): the service uses the
 * CODE_DEPLOY deployment controller; a deployment (CreateDeployment with an AppSpec naming a task definition) starts a
 * replacement (green) task set registered with the second target group, routes the test listener to it, runs the
 * AppSpec's hooks, shifts production traffic (canary or linear), and keeps the original (blue) task set for the bake
 * time before terminating it. A failed deployment or a rollback alarm going off routes traffic back to blue.
 */
import { Token } from 'cdktf';
import { isWholeNumberIn } from '../core/limits';
import { PropProblem, Problems } from '../core/problems';
import type { AlarmSpec } from '../monitoring/alarms';

/** Blue/green deploy settings (`ComputeProps.blueGreen`). */
export interface ComputeBlueGreen {
  /**
   * `canary`: `percentage` of production traffic first, the rest after `intervalMinutes` (TimeBasedCanary);
   * `linear`: `percentage` more every `intervalMinutes` (TimeBasedLinear).
   * @default 'canary'
   */
  readonly trafficShift?: 'canary' | 'linear';
  /**
   * Percent of production traffic per step, 1-99.
   * @default 10
   */
  readonly percentage?: number;
  /**
   * Minutes between steps, 1-2880.
   * @default 5
   */
  readonly intervalMinutes?: number;
  /**
   * Minutes the original (blue) task set keeps running after all traffic moved to green
   * (`termination_wait_time_in_minutes`): the window in which a rollback is instant. 0-2880.
   * @default 30
   */
  readonly bakeTimeMinutes?: number;
  /**
   * Port of the HTTPS test listener that reaches the green task set before production traffic does.
   * 1-65535, not 80 or 443.
   * @default 8443
   */
  readonly testListenerPort?: number;
  /**
   * IPv4 CIDRs besides the VPC's that may reach the test listener (e.g. a VPN range).
   * @default [] (only addresses inside the VPC)
   */
  readonly testListenerAllowedCidrs?: string[];
  /**
   * ARN of a Lambda function the AppSpec names for `AfterAllowTestTraffic` (the smoke test against the test listener):
   * the CodeDeploy role may invoke exactly it, and the rotation redeploy's AppSpec names it.
   * @default undefined (no smoke-test hook)
   */
  readonly smokeTestFunctionArn?: string;
}

/** The blue/green settings with every default applied. */
export type ResolvedBlueGreen = Required<Omit<ComputeBlueGreen, 'smokeTestFunctionArn'>> & Pick<ComputeBlueGreen, 'smokeTestFunctionArn'>;

/** Defaults of `ComputeBlueGreen`. */
export const BLUE_GREEN_DEFAULTS = {
  trafficShift: 'canary',
  percentage: 10,
  intervalMinutes: 5,
  bakeTimeMinutes: 30,
  testListenerPort: 8443,
  testListenerAllowedCidrs: [] as string[],
} as const;

/**
 * The shortest bake time production accepts (HAPI-ECS-15). The rollback alarms need up to 3 one-minute periods to
 * fire after the last traffic shift, CloudWatch publishes ALB metrics with a delay of a few minutes, and errors that
 * appear only under full load (connection pools, caches, background work) surface after the shift: 15 minutes
 * covers the alarms' window several times over while the blue task set costs only its tasks for that time.
 */
export const MIN_PRODUCTION_BAKE_MINUTES = 15;

/** CodeDeploy's limit for intervals and the termination wait (CreateDeploymentConfig / BlueGreenDeploymentConfiguration). */
export const MAX_CODEDEPLOY_MINUTES = 2880;

const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(\d|[12]\d|3[0-2])$/;
const LAMBDA_ARN = /^arn:[a-z-]+:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/;

/** Applies the defaults. */
export function resolveBlueGreen(b: ComputeBlueGreen = {}): ResolvedBlueGreen {
  return {
    trafficShift: b.trafficShift ?? BLUE_GREEN_DEFAULTS.trafficShift,
    percentage: b.percentage ?? BLUE_GREEN_DEFAULTS.percentage,
    intervalMinutes: b.intervalMinutes ?? BLUE_GREEN_DEFAULTS.intervalMinutes,
    bakeTimeMinutes: b.bakeTimeMinutes ?? BLUE_GREEN_DEFAULTS.bakeTimeMinutes,
    testListenerPort: b.testListenerPort ?? BLUE_GREEN_DEFAULTS.testListenerPort,
    testListenerAllowedCidrs: b.testListenerAllowedCidrs ?? [...BLUE_GREEN_DEFAULTS.testListenerAllowedCidrs],
    smokeTestFunctionArn: b.smokeTestFunctionArn,
  };
}

/** Every problem with the blue/green settings (props under `blueGreen.`), each naming the value and what is allowed. */
export function blueGreenProblems(b: ComputeBlueGreen | undefined): PropProblem[] {
  const r = resolveBlueGreen(b);
  const p = new Problems();
  const whole = (prop: string, v: number, min: number, max: number, what: string) => {
    if (!Token.isUnresolved(v) && !isWholeNumberIn(v, { min, max })) p.add(`blueGreen.${prop}`, v, `must be a whole number ${min}-${max} (${what})`);
  };
  if (!['canary', 'linear'].includes(r.trafficShift)) p.add('blueGreen.trafficShift', r.trafficShift, 'must be "canary" or "linear"');
  whole('percentage', r.percentage, 1, 99, 'percent of production traffic per step');
  whole('intervalMinutes', r.intervalMinutes, 1, MAX_CODEDEPLOY_MINUTES, 'minutes between traffic shifts');
  whole('bakeTimeMinutes', r.bakeTimeMinutes, 0, MAX_CODEDEPLOY_MINUTES, 'minutes the blue task set is kept after rerouting');
  whole('testListenerPort', r.testListenerPort, 1, 65535, 'a TCP port');
  if ([80, 443].includes(r.testListenerPort)) p.add('blueGreen.testListenerPort', r.testListenerPort, 'must not be 80 or 443 (the production listeners)');
  r.testListenerAllowedCidrs.forEach((c, i) => {
    if (!IPV4_CIDR.test(c)) p.add(`blueGreen.testListenerAllowedCidrs.${i}`, c, 'must be an IPv4 CIDR such as 10.8.0.0/16');
    else if (c.endsWith('/0')) p.add(`blueGreen.testListenerAllowedCidrs.${i}`, c, 'must not be the whole internet: the test listener serves untested code');
  });
  if (r.smokeTestFunctionArn !== undefined && !Token.isUnresolved(r.smokeTestFunctionArn) && !LAMBDA_ARN.test(r.smokeTestFunctionArn)) {
    p.add('blueGreen.smokeTestFunctionArn', r.smokeTestFunctionArn, 'must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)');
  }
  return [...p.all];
}

/** The CodeDeploy names of a service's blue/green deploys (`BlueGreenDeployment`; CI and the rotation redeploy use them). */
export function codeDeployNames(name: string, b: ComputeBlueGreen = {}): { applicationName: string; deploymentGroupName: string; deploymentConfigName: string } {
  return { applicationName: `${name}-api`, deploymentGroupName: `${name}-api`, deploymentConfigName: deploymentConfigName(name, resolveBlueGreen(b)) };
}

/** CodeDeploy's deployment configuration name for the settings: it changes with them (the resource is replaced, created first). */
export function deploymentConfigName(name: string, b: ResolvedBlueGreen): string {
  return `${name}-${b.trafficShift}-${b.percentage}pct-${b.intervalMinutes}min`;
}

/** The three kinds of rollback alarm, each on both target groups. */
export const ROLLBACK_ALARM_KINDS = ['5xx_rate', 'response_time', 'unhealthy_hosts'] as const;

/** What the rollback alarms watch: the ALB and both target groups (CloudWatch dimensions). */
export interface RollbackAlarmTargets {
  /** ALB ARN suffix (`app/<name>/<id>`). */
  readonly albArnSuffix: string;
  /** Target group ARN suffixes by role. */
  readonly targetGroups: { readonly blue: string; readonly green: string };
  /**
   * 5xx responses from the targets, percent of requests, that roll back.
   * @default 5
   */
  readonly errorRatePercent?: number;
  /**
   * p99 target response time in seconds that rolls back.
   * @default 2
   */
  readonly responseTimeSeconds?: number;
}

/**
 * What every rollback alarm's description adds: an alarm already in ALARM stops every deployment of the group, a
 * fix-forward included (CodeDeploy polls the group's alarms for the whole deployment), and how to deploy past it:
 * CreateDeployment's `overrideAlarmConfiguration`
 * (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeployment.html).
 */
export const ALARM_BLOCKS_DEPLOYMENTS =
  'While in ALARM it also stops and rolls back every new deployment, a fix-forward or the rotation redeploy included: to deploy past it, run scripts/blue-green-release.ts with --override-alarms (CreateDeployment overrideAlarmConfiguration enabled=false; modules/compute/README.md, "Deploying while a rollback alarm fires").';

/**
 * The rollback alarms (`rollback_<kind>_<blue|green>`): target 5xx rate, p99 target response time and unhealthy
 * hosts, on both target groups (the green task set may be on either after a few deploys). Plain AlarmSpecs for the
 * monitoring layer's `extraAlarms`, so they notify the alert topic like every alarm; the deployment group names them.
 * One-minute periods, 2 of 3 breaching: fast enough to stop a canary, not fooled by one bad minute. Missing data
 * (no traffic on the idle target group) is not breaching.
 */
export function rollbackAlarmSpecs(t: RollbackAlarmTargets): AlarmSpec[] {
  const rate = t.errorRatePercent ?? 5;
  const latency = t.responseTimeSeconds ?? 2;
  const common = { evaluationPeriods: 3, datapointsToAlarm: 2, treatMissingData: 'notBreaching' as const, comparisonOperator: 'GreaterThanThreshold' as const };
  const rollsBack = `CodeDeploy rolls an ongoing deployment back. ${ALARM_BLOCKS_DEPLOYMENTS}`;
  return (['blue', 'green'] as const).flatMap((color) => {
    const dimensions = { LoadBalancer: t.albArnSuffix, TargetGroup: t.targetGroups[color] };
    const metric = (metricName: string, statistic: string) => ({ namespace: 'AWS/ApplicationELB', metricName, dimensions, statistic, period: 60 });
    return [
      {
        id: `rollback_5xx_rate_${color}`,
        description: `Deploy rollback: over ${rate}% of requests to the ${color} target group answered 5xx by the app. ${rollsBack}`,
        expression: { expression: '100 * errors / requests', label: '5xx rate (%)', metrics: { errors: metric('HTTPCode_Target_5XX_Count', 'Sum'), requests: metric('RequestCount', 'Sum') } },
        threshold: rate,
        ...common,
      },
      {
        id: `rollback_response_time_${color}`,
        description: `Deploy rollback: p99 response time of the ${color} target group over ${latency} s. ${rollsBack}`,
        metric: metric('TargetResponseTime', 'p99'),
        threshold: latency,
        ...common,
      },
      {
        id: `rollback_unhealthy_hosts_${color}`,
        description: `Deploy rollback: unhealthy tasks in the ${color} target group. ${rollsBack}`,
        metric: metric('UnHealthyHostCount', 'Maximum'),
        threshold: 0,
        ...common,
      },
    ];
  });
}

/** What an AppSpec names. */
export interface AppSpecInput {
  /** The task definition ARN to deploy (with its revision). */
  readonly taskDefinitionArn: string;
  /** The container the load balancer routes to. */
  readonly containerName: string;
  /** Its port. */
  readonly containerPort: number;
  /** @default undefined (no AfterAllowTestTraffic hook) */
  readonly smokeTestFunctionArn?: string;
}

/**
 * The AppSpec of an ECS deployment ("AppSpec 'resources' section for Amazon ECS deployments" and "'hooks' section",
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html,
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html#appspec-hooks-ecs):
 * the task definition, the container and port the load balancer routes to, and the smoke test run once the test
 * listener routes to the green task set (`AfterAllowTestTraffic`; a failing hook fails the deployment, which rolls
 * back). The JSON form (AppSpecContent accepts JSON or YAML).
 */
export function appSpec(i: AppSpecInput): object {
  return {
    version: APPSPEC_VERSION,
    Resources: [
      {
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: { TaskDefinition: i.taskDefinitionArn, LoadBalancerInfo: { ContainerName: i.containerName, ContainerPort: i.containerPort } },
        },
      },
    ],
    ...(i.smokeTestFunctionArn ? { Hooks: [{ AfterAllowTestTraffic: i.smokeTestFunctionArn }] } : {}),
  };
}

/** The AppSpec's version: always 0.0 (written as the number 0.0; JSON.stringify would write 0). */
const APPSPEC_VERSION = '0.0';

/** `appSpec` as the JSON CodeDeploy reads (`"version": 0.0`). */
export function appSpecJson(i: AppSpecInput): string {
  return JSON.stringify(appSpec(i)).replace(`"version":"${APPSPEC_VERSION}"`, `"version":${APPSPEC_VERSION}`);
}
