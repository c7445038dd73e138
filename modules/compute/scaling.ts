import { Construct } from 'constructs';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingScheduledAction } from '@cdktf/provider-aws/lib/appautoscaling-scheduled-action';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP, requestStepDefaults } from './scaling-validate';
import type { ComputeSettings } from './settings';

/** The service's scalable target, its scaling policies, the step policy's alarm and the off-hours schedule. */
export interface ServiceScaling {
  /** `scaling_target`: the service's desired count, between minCount and maxCount. */
  readonly target: AppautoscalingTarget;
  /**
   * Target tracking: `scaling_cpu`, `scaling_memory` and, with the ALB's and target group's ARN suffixes,
   * `scaling_requests`; then, with the target group's suffix and `requestSteps` on, the step policy `scaling_request_steps`.
   */
  readonly policies: AppautoscalingPolicy[];
  /** `scaling_request_steps_alarm`: RequestCountPerTarget at or above the step threshold (undefined without the step policy). */
  readonly requestStepsAlarm?: CloudwatchMetricAlarm;
  /** `scaling_off_hours_down` and `scaling_off_hours_up` (empty without `offHours`). */
  readonly scheduledActions: AppautoscalingScheduledAction[];
}

/**
 * Auto scaling of the service: target tracking on CPU, memory and (when the suffixes are known) requests per
 * target, step scaling on requests per target, and the off-hours schedule.
 */
export function serviceScaling(scope: Construct, s: ComputeSettings, cluster: EcsCluster, service: EcsService): ServiceScaling {
  const offHours = s.props.scaling.offHours;
  const target = new AppautoscalingTarget(scope, 'scaling_target', {
    serviceNamespace: 'ecs',
    resourceId: `service/${cluster.name}/${service.name}`,
    scalableDimension: 'ecs:service:DesiredCount',
    minCapacity: s.minCount,
    maxCapacity: s.maxCount,
    tags: s.tags,
    // With an off-hours schedule the scheduled actions own min and max (they change them twice a day; Terraform would
    // put them back in every plan after scaleDown). Terraform sets them on creation; `scaling_off_hours_up` carries
    // minCount and maxCount, so a changed minCount or maxCount takes effect at the next scaleUp.
    ...(offHours ? { lifecycle: { ignoreChanges: ['min_capacity', 'max_capacity'] } } : {}),
  });
  const scaling = s.props.scaling;
  const policy = (id: string, metric: string, targetValue: number, resourceLabel?: string) =>
    new AppautoscalingPolicy(scope, id, {
      name: `${s.name}-${id.replace(/^scaling_/, '').replace(/_/g, '-')}`,
      policyType: 'TargetTrackingScaling',
      serviceNamespace: target.serviceNamespace,
      resourceId: target.resourceId,
      scalableDimension: target.scalableDimension,
      targetTrackingScalingPolicyConfiguration: {
        targetValue,
        scaleInCooldown: scaling.scaleInCooldownSeconds ?? 300,
        scaleOutCooldown: scaling.scaleOutCooldownSeconds ?? 60,
        predefinedMetricSpecification: { predefinedMetricType: metric, ...(resourceLabel ? { resourceLabel } : {}) },
      },
    });
  const policies = [
    policy('scaling_cpu', 'ECSServiceAverageCPUUtilization', scaling.cpuTargetPercent ?? 60),
    policy('scaling_memory', 'ECSServiceAverageMemoryUtilization', scaling.memoryTargetPercent ?? 75),
  ];
  const lb = s.props.loadBalancer;
  // Blue/green: no request-count scaling. ALBRequestCountPerTarget (resource_label) and the step alarm's
  // RequestCountPerTarget (TargetGroup dimension) name ONE target group, and CodeDeploy moves production traffic
  // between blue and green at every release: after a swap those policies see no data (the step alarm never fires;
  // the idle target-tracking alarm stays INSUFFICIENT_DATA). CPU and memory tracking follow the service, not a
  // target group, so they keep working on either side.
  const blueGreen = s.deployment === 'blueGreen';
  if (!blueGreen && lb.albArnSuffix !== undefined && lb.targetGroupArnSuffix !== undefined) {
    policies.push(policy('scaling_requests', 'ALBRequestCountPerTarget', scaling.requestsPerTarget ?? 1000, `${lb.albArnSuffix}/${lb.targetGroupArnSuffix}`));
  }
  const steps = blueGreen ? undefined : requestStepScaling(scope, s, target);
  if (steps) policies.push(steps.policy);
  return { target, policies, requestStepsAlarm: steps?.alarm, scheduledActions: offHoursSchedule(scope, s, target) };
}

/**
 * Step scaling on the target group's RequestCountPerTarget, scale-out only: a burst above the threshold adds tasks
 * at once, in steps, while target tracking (`scaling_requests`, `scaling_cpu`, `scaling_memory`) keeps the steady
 * state and alone scales in. Several policies may act on one scalable target; when they disagree Application Auto
 * Scaling uses the one giving the largest capacity, and AWS warns that a step policy scaling in can fight target
 * tracking (PutScalingPolicy, https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html;
 * target tracking scales out when any policy wants it and in only when all do,
 * https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html).
 * So this policy has no scale-in step: it can only raise the count, never hold target tracking's scale-in back.
 * The metric's only valid statistic is Sum, which for RequestCountPerTarget is the per-target average
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html);
 * the step bounds are relative to the alarm threshold (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-step-scaling-policies.html).
 */
function requestStepScaling(scope: Construct, s: ComputeSettings, target: AppautoscalingTarget): { policy: AppautoscalingPolicy; alarm: CloudwatchMetricAlarm } | undefined {
  const tg = s.props.loadBalancer.targetGroupArnSuffix;
  const given = s.props.scaling.requestSteps ?? {};
  if (tg === undefined || given === false) return undefined;
  const r = requestStepDefaults(s.props.scaling.requestsPerTarget ?? 1000, given);
  const policy = new AppautoscalingPolicy(scope, 'scaling_request_steps', {
    name: `${s.name}-request-steps`,
    policyType: 'StepScaling',
    serviceNamespace: target.serviceNamespace,
    resourceId: target.resourceId,
    scalableDimension: target.scalableDimension,
    stepScalingPolicyConfiguration: {
      adjustmentType: 'PercentChangeInCapacity',
      minAdjustmentMagnitude: 1,
      cooldown: r.cooldownSeconds,
      metricAggregationType: 'Average',
      stepAdjustment: r.steps.map((step, i) => ({
        metricIntervalLowerBound: String(step.over),
        ...(i + 1 < r.steps.length ? { metricIntervalUpperBound: String(r.steps[i + 1].over) } : {}),
        scalingAdjustment: step.addPercent,
      })),
    },
  });
  const alarm = new CloudwatchMetricAlarm(scope, 'scaling_request_steps_alarm', {
    alarmName: `${s.name}-request-steps`,
    alarmDescription: `Requests per task at or above ${r.threshold} a minute for ${r.evaluationPeriods} minute(s): ${s.name}-request-steps adds tasks (scale-out only; target tracking scales in).`,
    namespace: 'AWS/ApplicationELB',
    metricName: 'RequestCountPerTarget',
    dimensions: { TargetGroup: tg },
    statistic: 'Sum',
    period: 60,
    evaluationPeriods: r.evaluationPeriods,
    threshold: r.threshold,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    // No requests, no data: nothing to scale out for.
    treatMissingData: 'notBreaching',
    alarmActions: [policy.arn],
    tags: s.tags,
  });
  return { policy, alarm };
}

/**
 * The off-hours minimum: at `scaleDown` the floor and ceiling drop to offHours.minCount and offHours.maxCount, at
 * `scaleUp` minCount and maxCount come back, both read in `timezone`
 * (https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html).
 * A scheduled action only changes the bounds; the service is scaled into them, and target tracking keeps working
 * inside them (https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-policy-overview.html).
 */
function offHoursSchedule(scope: Construct, s: ComputeSettings, target: AppautoscalingTarget): AppautoscalingScheduledAction[] {
  const o = s.props.scaling.offHours;
  if (!o) return [];
  const action = (id: string, schedule: string, min: number, max: number) =>
    new AppautoscalingScheduledAction(scope, id, {
      name: `${s.name}-${id.replace(/^scaling_/, '').replace(/_/g, '-')}`,
      serviceNamespace: target.serviceNamespace,
      resourceId: target.resourceId,
      scalableDimension: target.scalableDimension,
      schedule,
      timezone: o.timezone,
      scalableTargetAction: { minCapacity: String(min), maxCapacity: String(max) },
    });
  return [
    action('scaling_off_hours_down', o.scaleDown ?? DEFAULT_SCALE_DOWN, o.minCount, o.maxCount ?? s.maxCount),
    action('scaling_off_hours_up', o.scaleUp ?? DEFAULT_SCALE_UP, s.minCount, s.maxCount),
  ];
}
