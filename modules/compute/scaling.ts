import { Construct } from 'constructs';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import type { ComputeSettings } from './settings';

/** The service's scalable target and its target-tracking policies. */
export interface ServiceScaling {
  /** `scaling_target`: the service's desired count, between minCount and maxCount. */
  readonly target: AppautoscalingTarget;
  /** `scaling_cpu`, `scaling_memory` and, with the ALB's and target group's ARN suffixes, `scaling_requests`. */
  readonly policies: AppautoscalingPolicy[];
}

/** Target-tracking auto scaling of the service on CPU, memory and (when the suffixes are known) requests per target. */
export function serviceScaling(scope: Construct, s: ComputeSettings, cluster: EcsCluster, service: EcsService): ServiceScaling {
  const target = new AppautoscalingTarget(scope, 'scaling_target', {
    serviceNamespace: 'ecs',
    resourceId: `service/${cluster.name}/${service.name}`,
    scalableDimension: 'ecs:service:DesiredCount',
    minCapacity: s.minCount,
    maxCapacity: s.maxCount,
    tags: s.tags,
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
  if (lb.albArnSuffix !== undefined && lb.targetGroupArnSuffix !== undefined) {
    policies.push(policy('scaling_requests', 'ALBRequestCountPerTarget', scaling.requestsPerTarget ?? 1000, `${lb.albArnSuffix}/${lb.targetGroupArnSuffix}`));
  }
  return { target, policies };
}
