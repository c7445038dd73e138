import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { CodedeployApp } from '@cdktf/provider-aws/lib/codedeploy-app';
import { CodedeployDeploymentConfig } from '@cdktf/provider-aws/lib/codedeploy-deployment-config';
import { CodedeployDeploymentGroup } from '@cdktf/provider-aws/lib/codedeploy-deployment-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { arnPrefix, LayerBaseProps } from '../core/context';
import { assumeRolePolicy, PolicyStatement, policyDocument } from '../core/iam';
import { Problems } from '../core/problems';
import { blueGreenProblems, codeDeployNames, ComputeBlueGreen, resolveBlueGreen, ResolvedBlueGreen } from './blue-green';

export interface BlueGreenDeploymentProps extends LayerBaseProps {
  /**
   * Traffic shifting, bake time, smoke-test hook (the compute layer's `blueGreen`).
   * @default the defaults of ComputeBlueGreen (canary 10 % then the rest after 5 minutes, 30 minutes bake time)
   */
  readonly settings?: ComputeBlueGreen;
  /** Cluster of the service. */
  readonly clusterName: string;
  /** The service (CODE_DEPLOY deployment controller); a reference orders the deployment group after it. */
  readonly serviceName: string;
  /** Name of the ALB (`<name>-alb`): the CodeDeploy role may modify only its listeners and rules. */
  readonly albName: string;
  /** The production (HTTPS) listener. */
  readonly productionListenerArn: string;
  /** The test listener. */
  readonly testListenerArn: string;
  /** The two target groups, by name: the one the service starts on, and the green one. */
  readonly targetGroupNames: { readonly blue: string; readonly green: string };
  /** Names of the CloudWatch alarms that stop and roll back a deployment (the rollback alarms, `rollbackAlarmSpecs`). */
  readonly alarmNames: string[];
  /** The task and execution roles the task definitions name: CodeDeploy passes them to ECS when it creates a task set. */
  readonly passRoleArns: string[];
  /** What a release deploys: the revision Terraform registered, and the container and port the AppSpec names. */
  readonly release: { readonly taskDefinitionArn: string; readonly containerName: string; readonly containerPort: number };
}

/**
 * CodeDeploy for a CODE_DEPLOY ECS service: `application` (ECS platform), `deployment_config` (TimeBasedCanary or
 * TimeBasedLinear), `role`/`policy` (what CodeDeploy does on our behalf, least privilege) and `deployment_group`
 * (blue/green with traffic control between the two target groups, the test listener, the bake time, automatic
 * rollback on failure and on the rollback alarms).
 *
 * References: "CodeDeploy blue/green deployments for Amazon ECS"
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html), "Create a deployment
 * group for an Amazon ECS deployment" (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-groups-create-ecs.html),
 * "Deployment configurations on an Amazon ECS compute platform"
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html#deployment-configuration-ecs).
 */
export class BlueGreenDeployment extends Construct {
  /** The CodeDeploy application (`<id>_application`, `<name>-api`, ECS platform). */
  readonly application: CodedeployApp;
  /** The deployment configuration (`<name>-<trafficShift>-<percentage>pct-<intervalMinutes>min`): canary or linear traffic shifting; replaced, created first, when the settings change. */
  readonly deploymentConfig: CodedeployDeploymentConfig;
  /** The role CodeDeploy deploys with (`<name>-codedeploy`), scoped to this service, ALB, alarms and task roles. */
  readonly role: IamRole;
  /** The role's inline policy `blue-green-deployments` (see `codeDeployStatements`). */
  readonly policy: IamRolePolicy;
  /** The deployment group (`<name>-api`): BLUE_GREEN with traffic control on the service, rolled back on failure and on a rollback alarm. */
  readonly deploymentGroup: CodedeployDeploymentGroup;
  /** The blue/green settings with their defaults applied. */
  readonly settings: ResolvedBlueGreen;
  /** The CodeDeploy application's name (CI's `aws deploy create-deployment --application-name`). */
  readonly applicationName: string;
  /** The deployment group's name. */
  readonly deploymentGroupName: string;

  constructor(scope: Construct, id: string, props: BlueGreenDeploymentProps) {
    super(scope, id);
    const problems = new Problems().addAll(blueGreenProblems(props.settings).map((p) => ({ ...p, prop: p.prop.replace(/^blueGreen\./, 'settings.') })));
    if (props.alarmNames.length === 0) problems.add('alarmNames', props.alarmNames, 'must name at least one rollback alarm');
    problems.throwIfAny(`BlueGreenDeployment ${this.node.path}`);
    const s = (this.settings = resolveBlueGreen(props.settings));
    const names = codeDeployNames(props.name, s);
    this.applicationName = names.applicationName;
    this.deploymentGroupName = names.deploymentGroupName;
    this.application = new CodedeployApp(this, 'application', { name: this.applicationName, computePlatform: 'ECS', tags: props.tags });
    const routing = { intervalMinutes: s.intervalMinutes, percentage: s.percentage };
    this.deploymentConfig = new CodedeployDeploymentConfig(this, 'deployment_config', {
      deploymentConfigName: names.deploymentConfigName,
      computePlatform: 'ECS',
      trafficRoutingConfig:
        s.trafficShift === 'canary' ? { type: 'TimeBasedCanary', timeBasedCanary: { interval: routing.intervalMinutes, percentage: routing.percentage } } : { type: 'TimeBasedLinear', timeBasedLinear: { interval: routing.intervalMinutes, percentage: routing.percentage } },
      // Every argument forces a new config, named after its settings; the group moves to the new one before the old goes.
      lifecycle: { createBeforeDestroy: true },
    });
    ({ role: this.role, policy: this.policy } = codeDeployRole(this, props, s));
    this.deploymentGroup = deploymentGroup(this, props, s, { app: this.application, config: this.deploymentConfig, role: this.role, policy: this.policy, name: this.deploymentGroupName });
    // What the deploy workflow reads after an apply to start the CodeDeploy deployment (scripts/blue-green-release.ts).
    new TerraformOutput(this, 'release', {
      value: {
        application: this.application.name,
        deployment_group: this.deploymentGroup.deploymentGroupName,
        cluster: props.clusterName,
        service: props.serviceName,
        task_definition_arn: props.release.taskDefinitionArn,
        container_name: props.release.containerName,
        container_port: props.release.containerPort,
        smoke_test_function_arn: s.smokeTestFunctionArn ?? '',
      },
      description: 'Blue/green: what scripts/blue-green-release.ts deploys with CodeDeploy after an apply (modules/compute/README.md)',
    });
  }
}

/**
 * `deployment_group`: BLUE_GREEN WITH_TRAFFIC_CONTROL on the service; traffic rerouted as soon as the green task set
 * is ready (CONTINUE_DEPLOYMENT; the AfterAllowTestTraffic hook, when the AppSpec names one, runs before any
 * production traffic moves), the blue task set terminated after the bake time; rolled back on a failed deployment and
 * when a rollback alarm fires (DEPLOYMENT_STOP_ON_ALARM), whose state CodeDeploy polls during the deployment
 * ("Monitoring deployments with CloudWatch alarms", https://docs.aws.amazon.com/codedeploy/latest/userguide/monitoring-create-alarms.html;
 * "Redeploy and roll back a deployment", https://docs.aws.amazon.com/codedeploy/latest/userguide/deployments-rollback-and-redeploy.html).
 */
function deploymentGroup(
  scope: Construct,
  props: BlueGreenDeploymentProps,
  s: ResolvedBlueGreen,
  deps: { app: CodedeployApp; config: CodedeployDeploymentConfig; role: IamRole; policy: IamRolePolicy; name: string },
): CodedeployDeploymentGroup {
  return new CodedeployDeploymentGroup(scope, 'deployment_group', {
    appName: deps.app.name,
    deploymentGroupName: deps.name,
    serviceRoleArn: deps.role.arn,
    deploymentConfigName: deps.config.deploymentConfigName,
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    blueGreenDeploymentConfig: {
      deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT' },
      terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: s.bakeTimeMinutes },
    },
    ecsService: { clusterName: props.clusterName, serviceName: props.serviceName },
    loadBalancerInfo: {
      targetGroupPairInfo: {
        prodTrafficRoute: { listenerArns: [props.productionListenerArn] },
        testTrafficRoute: { listenerArns: [props.testListenerArn] },
        targetGroup: [{ name: props.targetGroupNames.blue }, { name: props.targetGroupNames.green }],
      },
    },
    autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] },
    alarmConfiguration: { enabled: true, alarms: props.alarmNames, ignorePollAlarmFailure: false },
    tags: props.tags,
    // CodeDeploy checks the role's permissions when the group is created.
    dependsOn: [deps.policy],
  });
}

/**
 * `role`/`policy`: what CodeDeploy does during a deployment, scoped to this service, ALB, alarms and roles. The
 * actions are those of the AWS managed `AWSCodeDeployRoleForECS` ("Amazon ECS CodeDeploy IAM Role",
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/codedeploy_IAM_role.html) that this deployment uses:
 * task sets of the service, the listeners and rules it reroutes (ModifyRule: the production listener routes by host
 * rules, CodeDeploy rewrites those), the alarms it polls, the smoke-test hook it invokes, and PassRole of exactly the
 * task and execution roles ("If the tasks in your Amazon ECS service using the blue/green deployment type require
 * the use of the task execution role or a task role override, then you must add the iam:PassRole permission", same
 * page). The managed policy grants the same on every resource ("*"), which HAPI-IAM-03 refuses.
 */
function codeDeployRole(scope: Construct, props: BlueGreenDeploymentProps, s: ResolvedBlueGreen): { role: IamRole; policy: IamRolePolicy } {
  const role = new IamRole(scope, 'role', {
    name: `${props.name}-codedeploy`,
    description: `CodeDeploy: blue/green deployments of ${props.serviceName}`,
    assumeRolePolicy: assumeRolePolicy('codedeploy.amazonaws.com', props.accountId),
    tags: props.tags,
  });
  const policy = new IamRolePolicy(scope, 'policy', { role: role.id, name: 'blue-green-deployments', policy: policyDocument(codeDeployStatements(props, s)) });
  return { role, policy };
}

/** The CodeDeploy role's statements (see `codeDeployRole`). */
export function codeDeployStatements(props: BlueGreenDeploymentProps, s: Pick<ResolvedBlueGreen, 'smokeTestFunctionArn'>): PolicyStatement[] {
  const ecs = arnPrefix(props, 'ecs');
  const elb = arnPrefix(props, 'elasticloadbalancing');
  const cw = arnPrefix(props, 'cloudwatch');
  return [
    {
      Sid: 'TaskSetsOfTheService',
      Effect: 'Allow',
      Action: ['ecs:DescribeServices', 'ecs:CreateTaskSet', 'ecs:UpdateServicePrimaryTaskSet', 'ecs:DeleteTaskSet'],
      Resource: [`${ecs}:service/${props.clusterName}/${props.serviceName}`, `${ecs}:task-set/${props.clusterName}/${props.serviceName}/*`],
    },
    // ELB Describe* actions take no resource ARN.
    { Sid: 'DescribeLoadBalancing', Effect: 'Allow', Action: ['elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules'], Resource: '*' },
    {
      Sid: 'RerouteThisLoadBalancer',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:ModifyListener', 'elasticloadbalancing:ModifyRule'],
      Resource: [`${elb}:listener/app/${props.albName}/*`, `${elb}:listener-rule/app/${props.albName}/*`],
    },
    { Sid: 'PollRollbackAlarms', Effect: 'Allow', Action: 'cloudwatch:DescribeAlarms', Resource: props.alarmNames.map((n) => `${cw}:alarm:${n}`) },
    {
      Sid: 'PassTaskRoles',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: props.passRoleArns,
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    },
    ...(s.smokeTestFunctionArn ? [{ Sid: 'InvokeSmokeTestHook', Effect: 'Allow' as const, Action: 'lambda:InvokeFunction', Resource: s.smokeTestFunctionArn }] : []),
  ];
}
