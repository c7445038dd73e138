import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import type { ComputeSettings } from './settings';

/** Where the service runs, what it runs and what it waits for. */
export interface ServiceDeps {
  readonly cluster: EcsCluster;
  readonly taskDefinition: EcsTaskDefinition;
  /** The secret-value checks (secret-gate.ts): the service is created only once its secrets have values. */
  readonly secretValueChecks: ITerraformDependable[];
}

/**
 * The ECS service (`service`, `<name>-api`): Fargate in the private app subnets without public IPs, registered
 * with the target group; rolling deployments (100-200 %) under the circuit breaker with rollback, AZ rebalancing,
 * ECS Exec when on. Auto scaling owns the running count after creation.
 */
export function ecsService(scope: Construct, s: ComputeSettings, deps: ServiceDeps): EcsService {
  const { props } = s;
  return new EcsService(scope, 'service', {
    name: `${s.name}-api`,
    cluster: deps.cluster.arn,
    taskDefinition: deps.taskDefinition.arn,
    desiredCount: props.scaling.desiredCount,
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    networkConfiguration: { subnets: props.network.appSubnetIds, securityGroups: [props.network.appSecurityGroupId], assignPublicIp: false },
    loadBalancer: [{ targetGroupArn: props.loadBalancer.targetGroupArn, containerName: s.containerName, containerPort: s.port }],
    healthCheckGracePeriodSeconds: props.healthCheckGracePeriodSeconds ?? 60,
    deploymentCircuitBreaker: { enable: true, rollback: true },
    deploymentMinimumHealthyPercent: 100,
    deploymentMaximumPercent: 200,
    availabilityZoneRebalancing: 'ENABLED',
    propagateTags: 'SERVICE',
    enableEcsManagedTags: true,
    enableExecuteCommand: s.execEnabled,
    // ECS rejects a target group that no listener forwards to yet,
    // and, with requireSecretValues, the checks that its secrets have values.
    dependsOn: [props.loadBalancer.httpsListener, ...deps.secretValueChecks],
    // Auto scaling owns the running count after creation.
    lifecycle: { ignoreChanges: ['desired_count'] },
    tags: s.tags,
  });
}
