import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ReadableStack } from '../core/addressing';
import { LayerBaseProps } from '../core/context';
import { resolveLayerProps } from '../config/layer-props';
import { EnvironmentConfig } from '../config/types';
import { Network } from '../network';
import { Database } from '../database';
import { Edge } from '../edge';
import { BlueGreenDeployment, codeDeployNames, Compute, rollbackAlarmSpecs, RotationRedeploy } from '../compute';
import { Monitoring } from '../monitoring';
import { configureBackend } from './backend';
import { createAwsProvider, standardTags } from './providers';

export interface EnvironmentStackOptions {
  /** Offline mode: local state and a provider that never calls AWS (offline plans only). @default false */
  readonly offline?: boolean;
}

/**
 * `<app>-<env>`: one environment, composed from the layer constructs in modules/. A pure mapping: each layer's
 * props come resolved from the config (`resolveLayerProps`), and the stack only wires the layers with each other's
 * typed outputs, never by name look-ups.
 */
export class EnvironmentStack extends ReadableStack {
  /** The validated environment the stack was built from, every default resolved. */
  readonly config: EnvironmentConfig;
  /** The default AWS provider (`aws`): the environment's region, pinned to its account, the standard default tags. */
  readonly provider: AwsProvider;
  /**
   * The us-east-1 provider for CloudFront-scoped resources (same account): the default `provider` itself when the
   * environment's region is us-east-1, else an `aws.us_east_1` alias.
   */
  readonly globalProvider: AwsProvider;
  /** The provider for Route 53 records when the hosted zone lives in another account (assumes `dns.roleArn` there). */
  readonly dnsProvider?: AwsProvider;
  /** What every layer gets: naming prefix, account, region. */
  readonly base: LayerBaseProps;
  /** The network layer: VPC, subnets, NAT, security groups, endpoints, flow logs. Other layers use `this.network.outputs`. */
  readonly network: Network;
  /** The database layer: private, encrypted RDS PostgreSQL with RDS-managed credentials. Compute and monitoring use `this.database.outputs`. */
  readonly database: Database;
  /** The edge layer: ALB, certificates, DNS, security headers, WAF, optional CloudFront. Compute uses `this.edge.outputs`. */
  readonly edge: Edge;
  /** The compute layer: ECR, ECS cluster, the Django service on Fargate, its roles, secrets, logs and auto scaling. Monitoring uses `this.compute.outputs`. */
  readonly compute: Compute;
  /** The monitoring layer: encrypted alert topic, alarms, the FailedLoginCount alarm, dashboard, security findings. */
  readonly monitoring: Monitoring;
  /** Rolling redeploys when a secret the tasks read gets a new value (absent when the environment turns them off). */
  readonly rotationRedeploy?: RotationRedeploy;
  /** Blue/green deploys: CodeDeploy application, deployment group and role (absent with rolling deploys). */
  readonly blueGreen?: BlueGreenDeployment;

  constructor(scope: Construct, config: EnvironmentConfig, options: EnvironmentStackOptions = {}) {
    super(scope, config.stackName, { selfContained: true });
    this.config = config;
    const offline = options.offline ?? false;
    ({ provider: this.provider, globalProvider: this.globalProvider, dnsProvider: this.dnsProvider } = environmentProviders(this, config, offline));
    configureBackend(this, config, offline);
    // Every setting is resolved from the config once; below, each layer gets its props plus the wiring.
    const layers = resolveLayerProps(config);
    this.base = layers.base;

    // Layers in dependency order: network, database, edge, compute, monitoring.
    this.network = new Network(this, 'network', layers.network);
    const network = this.network.outputs;
    this.database = new Database(this, 'database', { ...layers.database, network });
    this.edge = new Edge(this, 'edge', { ...layers.edge, network, dnsProvider: this.dnsProvider, globalProvider: this.globalProvider });
    new TerraformOutput(this, 'api_url', { value: this.edge.outputs.apiUrl, description: 'The API base URL' });

    this.compute = new Compute(this, 'compute', { ...layers.compute, network, database: this.database.outputs, loadBalancer: this.edge.outputs });
    new TerraformOutput(this, 'secrets_to_set', { value: this.compute.outputs.secretsToSet, description: 'Secrets to set (aws secretsmanager put-secret-value) before the ECS service is created; modules/compute/README.md' });

    // RDS rotates the master secret, operators set the app secrets; tasks read secrets only at start, so roll the
    // service whenever one of them gets a new value.
    const c = this.compute.outputs;
    const blueGreen = layers.compute.deployment === 'blueGreen';
    const e = this.edge.outputs;
    const codeDeploy = blueGreen
      ? { ...codeDeployNames(this.base.name, layers.compute.blueGreen), containerName: this.compute.containerName, containerPort: this.compute.containerPort, smokeTestFunctionArn: layers.compute.blueGreen?.smokeTestFunctionArn }
      : undefined;
    this.rotationRedeploy = layers.rotationRedeploy
      ? new RotationRedeploy(this, 'rotation_redeploy', {
          ...layers.rotationRedeploy,
          secretArns: c.secretArns,
          kmsKeyArn: c.kmsKeyArn,
          logRetentionDays: layers.compute.logRetentionDays,
          clusterArn: c.clusterArn,
          clusterName: c.clusterName,
          serviceName: c.serviceName,
          codeDeploy,
        })
      : undefined;
    // Blue/green: the rollback alarms live in the monitoring layer (they notify its topic like every alarm); the
    // deployment group, created after it, names them.
    const rollbackAlarms = blueGreen ? rollbackAlarmSpecs({ albArnSuffix: e.albArnSuffix, targetGroups: { blue: e.targetGroupArnSuffix, green: e.greenTargetGroupArnSuffix! } }) : [];

    // Last: it watches every other layer (the service below compute's auto scaling floor: scale-in to it is no incident).
    this.monitoring = new Monitoring(this, 'monitoring', {
      ...layers.monitoring,
      edge: this.edge.outputs,
      // The CloudFront web ACL's alarm lives in us-east-1, where WAF publishes its metrics.
      globalProvider: this.globalProvider,
      compute: c,
      database: this.database.outputs,
      extraAlarms: [...(this.rotationRedeploy?.alarms ?? []), ...rollbackAlarms],
    });

    this.blueGreen = blueGreen
      ? new BlueGreenDeployment(this, 'blue_green', {
          ...this.base,
          settings: layers.compute.blueGreen,
          clusterName: c.clusterName,
          serviceName: c.serviceName,
          albName: this.edge.alb.name,
          productionListenerArn: e.httpsListenerArn,
          testListenerArn: e.testListenerArn!,
          targetGroupNames: { blue: e.targetGroupName, green: e.greenTargetGroupName! },
          alarmNames: rollbackAlarms.map((a) => this.monitoring.alarms[a.id].alarmName),
          passRoleArns: [c.taskRoleArn, c.executionRoleArn],
          release: { taskDefinitionArn: this.compute.taskDefinition.arn, containerName: this.compute.containerName, containerPort: this.compute.containerPort },
        })
      : undefined;

    new TerraformOutput(this, 'environment', { value: config.name, description: 'Environment name' });
  }
}

/**
 * The environment's AWS providers: its account and region, the us-east-1 provider for CloudFront-scoped resources, and
 * the Route 53 provider when the hosted zone lives in another account (Route 53 has no resource policies: records in
 * another account's zone need that account's credentials, through `dns.roleArn`).
 *
 * In us-east-1 the CloudFront-scoped resources use the default provider: an `aws.us_east_1` alias would be the same
 * configuration twice, and Terraform starts a provider process per configuration for every validate, plan and apply
 * walk. A stack deployed with the alias re-plans with no changes without it: Terraform records the provider of each
 * resource instance in the state and takes it from the configuration on the next plan (checked with Terraform 1.11
 * against the emulator: a topic applied through `aws.us_east_1`, then planned through the default provider).
 */
function environmentProviders(stack: EnvironmentStack, config: EnvironmentConfig, offline: boolean): { provider: AwsProvider; globalProvider: AwsProvider; dnsProvider?: AwsProvider } {
  const settings = { accountId: config.account.id, defaultTags: standardTags(config.app, config.name, config.tags), offline };
  const region = config.account.region;
  const provider = createAwsProvider(stack, 'aws', { ...settings, region });
  return {
    provider,
    globalProvider: region === 'us-east-1' ? provider : createAwsProvider(stack, 'aws_us_east_1', { ...settings, region: 'us-east-1', alias: 'us_east_1' }),
    dnsProvider:
      config.dns.accountId !== config.account.id
        ? createAwsProvider(stack, 'aws_dns', {
            ...settings,
            accountId: config.dns.accountId,
            region,
            alias: 'dns',
            assumeRoleArn: config.dns.roleArn,
            assumeRoleSessionName: `${config.stackName}-dns`,
          })
        : undefined,
  };
}
