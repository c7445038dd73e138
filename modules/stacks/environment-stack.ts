import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ReadableStack } from '../core/addressing';
import { LayerBaseProps } from '../core/context';
import { EnvironmentConfig } from '../config/types';
import { Network } from '../network';
import { Database } from '../database';
import { DEFAULT_MANAGED_RULE_GROUPS, Edge, withCountRules } from '../edge';
import { Compute, RotationRedeploy } from '../compute';
import { Monitoring } from '../monitoring';
import { configureBackend } from './backend';
import { createAwsProvider, standardTags } from './providers';

export interface EnvironmentStackOptions {
  /** Offline mode: local state and a provider that never calls AWS (offline plans only). @default false */
  readonly offline?: boolean;
}

/**
 * `<app>-<env>`: one environment, composed from the layer constructs in modules/.
 * Layers are wired with each other's typed outputs, never by name look-ups.
 */
export class EnvironmentStack extends ReadableStack {
  readonly config: EnvironmentConfig;
  readonly provider: AwsProvider;
  /** The us-east-1 provider for CloudFront-scoped resources (same account). */
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
  /** Rolling redeploys after database secret rotation (absent when the environment turns them off). */
  readonly rotationRedeploy?: RotationRedeploy;

  constructor(scope: Construct, config: EnvironmentConfig, options: EnvironmentStackOptions = {}) {
    super(scope, config.stackName, { selfContained: true });
    this.config = config;
    const offline = options.offline ?? false;
    const providerSettings = {
      accountId: config.account.id,
      defaultTags: standardTags(config.app, config.name, config.tags),
      offline,
    };
    this.provider = createAwsProvider(this, 'aws', { ...providerSettings, region: config.account.region });
    this.globalProvider = createAwsProvider(this, 'aws_us_east_1', { ...providerSettings, region: 'us-east-1', alias: 'us_east_1' });
    // Route 53 has no resource policies: records in another account's zone need that account's credentials.
    this.dnsProvider =
      config.dns.accountId !== config.account.id
        ? createAwsProvider(this, 'aws_dns', {
            ...providerSettings,
            accountId: config.dns.accountId,
            region: config.account.region,
            alias: 'dns',
            assumeRoleArn: config.dns.roleArn,
            assumeRoleSessionName: `${config.stackName}-dns`,
          })
        : undefined;
    configureBackend(this, config, offline);
    this.base = { name: config.stackName, accountId: config.account.id, region: config.account.region };

    // Layers are composed below in dependency order: network, database, edge, compute, monitoring.
    this.network = new Network(this, 'network', {
      ...this.base,
      cidr: config.network.cidr,
      availabilityZones: config.network.availabilityZones,
      natGateways: config.network.natGateways,
      vpcEndpoints: config.network.vpcEndpoints,
      // The one place the ports enter: the network admits them, the other layers read them from its outputs.
      containerPort: config.compute.containerPort,
      flowLogRetentionDays: config.network.flowLogRetentionDays,
      preventDestroy: config.relaxations.noDeletionProtection === undefined,
    });

    this.database = new Database(this, 'database', {
      ...this.base,
      network: this.network.outputs,
      instanceClass: config.database.instanceClass,
      allocatedStorage: config.database.allocatedStorage,
      maxAllocatedStorage: config.database.maxAllocatedStorage,
      engineVersion: config.database.engineVersion,
      databaseName: config.database.databaseName,
      masterUsername: config.database.masterUsername,
      backupRetentionDays: config.database.backupRetentionDays,
      backupWindow: config.database.backupWindow,
      maintenanceWindow: config.database.maintenanceWindow,
      slowStatementThresholdMs: config.database.slowStatementThresholdMs,
      readReplicas: config.database.readReplicas,
      multiAz: config.database.multiAz,
      deletionProtection: config.database.deletionProtection,
      skipFinalSnapshot: config.database.skipFinalSnapshot,
      preventDestroy: config.relaxations.noDeletionProtection === undefined,
      logRetentionDays: config.logRetentionDays,
    });

    this.edge = new Edge(this, 'edge', {
      ...this.base,
      network: this.network.outputs,
      domainName: config.dns.domain,
      hostedZoneId: config.dns.hostedZoneId,
      dnsProvider: this.dnsProvider,
      alternativeNames: config.dns.alternativeNames,
      healthCheck: { path: config.compute.healthCheckPath },
      idleTimeoutSeconds: config.edge.idleTimeoutSeconds,
      rateLimit: config.edge.rateLimit,
      rateLimitWindowSeconds: config.edge.rateLimitWindowSeconds,
      pathRateLimits: config.edge.pathRateLimits,
      ipAllowList: config.edge.ipAllowList,
      ipDenyList: config.edge.ipDenyList,
      managedRuleGroups: withCountRules([...DEFAULT_MANAGED_RULE_GROUPS, ...config.edge.extraWafManagedRuleGroups.map((name) => ({ name }))], config.edge.wafCountRules),
      wafRuleModes: config.edge.wafRuleModes,
      securityHeaders: { contentSecurityPolicy: config.edge.contentSecurityPolicy },
      cloudFrontPriceClass: config.edge.cloudFrontPriceClass,
      cloudFront: config.edge.cloudFront,
      globalProvider: this.globalProvider,
      logRetentionDays: config.logRetentionDays,
      deletionProtection: config.edge.deletionProtection,
    });
    new TerraformOutput(this, 'api_url', { value: this.edge.outputs.apiUrl, description: 'The API base URL' });

    const deletionProtected = config.relaxations.noDeletionProtection === undefined;
    this.compute = new Compute(this, 'compute', {
      ...this.base,
      network: this.network.outputs,
      database: this.database.outputs,
      loadBalancer: this.edge.outputs,
      // Behind CloudFront the viewer's Host reaches Django (AllViewer origin request policy).
      allowedHosts: [config.dns.domain, ...config.dns.alternativeNames],
      image: config.compute.image,
      allowMutableTag: config.relaxations.mutableImageTag !== undefined,
      sizing: { cpu: config.compute.cpu, memory: config.compute.memory, architecture: config.compute.architecture },
      scaling: { desiredCount: config.compute.desiredCount, minCount: config.compute.minCount, maxCount: config.compute.maxCount },
      healthCheckPath: config.compute.healthCheckPath,
      djangoSettingsModule: config.compute.djangoSettingsModule,
      logRetentionDays: config.logRetentionDays,
      execEnabled: config.compute.execEnabled,
      preventDestroy: deletionProtected,
      // Environments rebuilt freely must be able to re-create the secret names at once.
      secretRecoveryWindowInDays: deletionProtected ? 30 : 0,
    });

    new TerraformOutput(this, 'secrets_to_set', { value: this.compute.outputs.secretsToSet, description: 'Secrets to set (aws secretsmanager put-secret-value) before the ECS service is created; modules/compute/README.md' });

    // RDS rotates the master secret; tasks read secrets only at start, so roll the service after each rotation.
    this.rotationRedeploy = config.compute.redeployOnSecretRotation
      ? new RotationRedeploy(this, 'rotation_redeploy', {
          ...this.base,
          secretArns: [this.database.outputs.masterUserSecretArn],
          clusterArn: this.compute.outputs.clusterArn,
          clusterName: this.compute.outputs.clusterName,
          serviceName: this.compute.outputs.serviceName,
        })
      : undefined;

    // Last: it watches every other layer.
    this.monitoring = new Monitoring(this, 'monitoring', {
      ...this.base,
      alarmEmails: config.monitoring.alarmEmails,
      alarmHttpsEndpoints: config.monitoring.alarmHttpsEndpoints,
      // The layers' typed outputs; the service alarms below compute's auto scaling floor (scale-in to it is not an incident).
      edge: this.edge.outputs,
      compute: this.compute.outputs,
      database: this.database.outputs,
      failedLoginPattern: config.monitoring.failedLoginPattern,
      thresholds: config.monitoring.thresholds,
      securityFindings: config.monitoring.securityFindingAlerts ? {} : false,
      extraAlarms: this.rotationRedeploy?.alarms,
      preventDestroy: config.relaxations.noDeletionProtection === undefined,
    });

    new TerraformOutput(this, 'environment', { value: config.name, description: 'Environment name' });
  }
}
