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
 * with the target group. Auto scaling owns the running count after creation.
 *
 * `rolling` (default): rolling deployments (100-200 %) under the circuit breaker with rollback, AZ rebalancing,
 * ECS Exec when on.
 *
 * `blueGreen`: the CODE_DEPLOY deployment controller ("Amazon ECS deployment controllers",
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentController.html): CodeDeploy creates and
 * shifts task sets, so the service has no circuit breaker (it applies to the ECS controller only: "The deployment
 * circuit breaker can only be used for services using the rolling update (ECS) deployment type",
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html; CodeDeploy rolls back
 * itself) and no AZ rebalancing (rolling update services only,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-rebalancing.html).
 */
export function ecsService(scope: Construct, s: ComputeSettings, deps: ServiceDeps): EcsService {
  const { props } = s;
  const blueGreen = s.deployment === 'blueGreen';
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
    ...(blueGreen ? { deploymentController: { type: 'CODE_DEPLOY' } } : { deploymentCircuitBreaker: { enable: true, rollback: true } }),
    deploymentMinimumHealthyPercent: 100,
    deploymentMaximumPercent: 200,
    availabilityZoneRebalancing: blueGreen ? 'DISABLED' : 'ENABLED',
    propagateTags: 'SERVICE',
    enableEcsManagedTags: true,
    enableExecuteCommand: s.execEnabled,
    // ECS rejects a target group that no listener forwards to yet,
    // and, with requireSecretValues, the checks that its secrets have values.
    dependsOn: [props.loadBalancer.httpsListener, ...deps.secretValueChecks],
    lifecycle: { ignoreChanges: blueGreen ? BLUE_GREEN_IGNORED : ['desired_count'] },
    tags: s.tags,
  });
}

/**
 * What Terraform leaves alone on a CODE_DEPLOY service, each for a reason:
 * - `desired_count`: auto scaling owns the running count after creation (as in rolling mode);
 * - `task_definition`: CI registers each release's revision and deploys it with CodeDeploy (CreateDeployment with
 *   an AppSpec). UpdateService cannot change it: "For services using the blue/green (CODE_DEPLOY) deployment
 *   controller, only the desired count, deployment configuration, health check grace period, task placement
 *   constraints and strategies, enable ECS managed tags option, and propagate tags can be updated using this API. If
 *   the network configuration, platform version, task definition, or load balancer need to be updated, create a new
 *   CodeDeploy deployment" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html), so a
 *   plan that saw the new revision would fail, or undo the release;
 * - `load_balancer`: after a deployment the primary task set serves from the other (green) target group; the
 *   service's load balancer block would otherwise flip back in every other plan.
 */
export const BLUE_GREEN_IGNORED = ['desired_count', 'task_definition', 'load_balancer'];
