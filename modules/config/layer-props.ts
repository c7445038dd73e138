/**
 * What each layer gets from a resolved environment: its props without the wiring (other layers' outputs,
 * providers). The environment stack (modules/stacks/environment-stack.ts) passes exactly these
 * (`resolveLayerProps`) plus the wiring, and the environment validator runs each layer's own props check on them
 * (layer-rules.ts), so a setting is resolved in one place and a rule lives in its layer only.
 */
import type { AccountBaselineProps } from '../account-baseline';
import { BLUE_GREEN_DEFAULTS } from '../compute/blue-green';
import type { ComputeProps } from '../compute/props';
import type { LayerBaseProps } from '../core/context';
import type { DatabaseValueProps } from '../database/validation';
import type { EdgeValueProps } from '../edge/validation';
import { DEFAULT_MANAGED_RULE_GROUPS, withCountRules } from '../edge/waf';
import type { MonitoringProps } from '../monitoring';
import type { NetworkProps } from '../network/props';
import { EnvironmentConfig } from './types';
import { partitionOf } from './regions';

/** Each layer's props for one environment, without the wiring (other layers' outputs, providers). */
export interface EnvironmentLayerProps {
  /** What every layer gets: the `<app>-<env>` naming prefix, the account and the region. */
  readonly base: LayerBaseProps;
  /** The network layer's props: the only layer the container port is given to (the others read it from its outputs). */
  readonly network: NetworkProps;
  /** The database layer's props, but for `network`. */
  readonly database: DatabaseValueProps;
  /** The edge layer's props, but for `network` and the providers. */
  readonly edge: EdgeValueProps;
  /** The compute layer's props, but for `network`, `database` and `loadBalancer`. */
  readonly compute: Omit<ComputeProps, 'network' | 'database' | 'loadBalancer'>;
  /**
   * The rotation redeploy's props but for the wiring (its cluster, service and secret).
   * @default undefined: the environment turns rolling redeploys after secret rotation off
   */
  readonly rotationRedeploy?: LayerBaseProps;
  /** The monitoring layer's props, but for what it watches (`edge`, `compute`, `database`) and `extraAlarms`. */
  readonly monitoring: MonitoringProps;
}

/** Every layer's props of a resolved environment, as the environment stack passes them (pure: no construct). */
export function resolveLayerProps(c: EnvironmentConfig): EnvironmentLayerProps {
  return {
    base: base(c),
    network: networkValues(c),
    database: databaseValues(c),
    edge: edgeValues(c),
    compute: computeValues(c),
    rotationRedeploy: c.compute.redeployOnSecretRotation ? base(c) : undefined,
    monitoring: monitoringValues(c),
  };
}

/** What every layer gets: naming prefix, account, region and its partition (the environment stack's `base`). */
function base(c: EnvironmentConfig): LayerBaseProps {
  return { name: c.stackName, accountId: c.account.id, region: c.account.region, partition: partitionOf(c.account.region) };
}

/** Resources that guard data or keys are `prevent_destroy` unless the environment relaxed deletion protection. */
function preventDestroy(c: EnvironmentConfig): boolean {
  return c.relaxations.noDeletionProtection === undefined;
}

export function networkValues(c: EnvironmentConfig): NetworkProps {
  return {
    ...base(c),
    cidr: c.network.cidr,
    availabilityZones: c.network.availabilityZones,
    natGateways: c.network.natGateways,
    vpcEndpoints: c.network.vpcEndpoints,
    // The one place the container port enters: edge and compute read it from the network's outputs.
    containerPort: c.compute.containerPort,
    // Behind CloudFront the ALB is internal and its only ingress is the edge layer's (CloudFront's origin-facing
    // prefix list, through the VPC origin); without CloudFront it is open to the internet on 443 and 80.
    albIngressCidrs: c.edge.cloudFront ? [] : undefined,
    flowLogRetentionDays: c.network.flowLogRetentionDays,
    preventDestroy: preventDestroy(c),
  };
}

export function databaseValues(c: EnvironmentConfig): DatabaseValueProps {
  const d = c.database;
  return {
    ...base(c),
    instanceClass: d.instanceClass,
    allocatedStorage: d.allocatedStorage,
    maxAllocatedStorage: d.maxAllocatedStorage,
    engineVersion: d.engineVersion,
    databaseName: d.databaseName,
    masterUsername: d.masterUsername,
    backupRetentionDays: d.backupRetentionDays,
    backupWindow: d.backupWindow,
    maintenanceWindow: d.maintenanceWindow,
    slowStatementThresholdMs: d.slowStatementThresholdMs,
    readReplicas: d.readReplicas,
    multiAz: d.multiAz,
    deletionProtection: d.deletionProtection,
    skipFinalSnapshot: d.skipFinalSnapshot,
    preventDestroy: preventDestroy(c),
    logRetentionDays: c.logRetentionDays,
  };
}

export function edgeValues(c: EnvironmentConfig): EdgeValueProps {
  const e = c.edge;
  return {
    ...base(c),
    domainName: c.dns.domain,
    hostedZoneId: c.dns.hostedZoneId,
    alternativeNames: c.dns.alternativeNames,
    healthCheck: { path: c.compute.healthCheckPath },
    idleTimeoutSeconds: e.idleTimeoutSeconds,
    rateLimit: e.rateLimit,
    rateLimitWindowSeconds: e.rateLimitWindowSeconds,
    pathRateLimits: e.pathRateLimits,
    ipAllowList: e.ipAllowList,
    ipDenyList: e.ipDenyList,
    managedRuleGroups: withCountRules([...DEFAULT_MANAGED_RULE_GROUPS, ...e.extraWafManagedRuleGroups.map((name) => ({ name }))], e.wafCountRules),
    wafRuleModes: e.wafRuleModes,
    securityHeaders: { contentSecurityPolicy: e.contentSecurityPolicy },
    cloudFrontPriceClass: e.cloudFrontPriceClass,
    cloudFront: e.cloudFront,
    cloudFrontOriginPrefixListId: e.cloudFrontOriginPrefixListId,
    // Blue/green deploys need the green target group and the test listener (reachable from the VPC and the allow list).
    testListener:
      c.compute.deployment === 'blueGreen'
        ? { port: c.compute.blueGreen?.testListenerPort ?? BLUE_GREEN_DEFAULTS.testListenerPort, vpcCidr: c.network.cidr, allowedCidrs: c.compute.blueGreen?.testListenerAllowedCidrs ?? [] }
        : undefined,
    logRetentionDays: c.logRetentionDays,
    deletionProtection: e.deletionProtection,
  };
}

export function computeValues(c: EnvironmentConfig): Omit<ComputeProps, 'network' | 'database' | 'loadBalancer'> {
  const k = c.compute;
  return {
    ...base(c),
    // Behind CloudFront the viewer's Host reaches Django (AllViewer origin request policy).
    allowedHosts: [c.dns.domain, ...c.dns.alternativeNames],
    image: k.image,
    // Production never runs a mutable tag (the relaxation is refused there too).
    allowMutableTag: c.relaxations.mutableImageTag !== undefined && !c.production,
    sizing: { cpu: k.cpu, memory: k.memory, architecture: k.architecture },
    scaling: { desiredCount: k.desiredCount, minCount: k.minCount, maxCount: k.maxCount, offHours: k.offHours, requestSteps: k.requestSteps },
    healthCheckPath: k.healthCheckPath,
    djangoSettingsModule: k.djangoSettingsModule,
    logRetentionDays: c.logRetentionDays,
    execEnabled: k.execEnabled,
    preventDestroy: preventDestroy(c),
    // Environments rebuilt freely must be able to re-create the secret names at once.
    secretRecoveryWindowInDays: preventDestroy(c) ? 30 : 0,
    guardDutyRuntimeMonitoring: guardDutyFargateAgent(c),
    deployment: k.deployment,
    blueGreen: k.deployment === 'blueGreen' ? k.blueGreen ?? {} : undefined,
  };
}

/**
 * Whether GuardDuty injects its Runtime Monitoring agent into this environment's Fargate tasks: the account
 * baseline's Runtime Monitoring with ECS Fargate agent management, per account and region, as every environment
 * sharing `account.baseline` declares it (`accountBaseline.guardDuty`, cross-environment.ts). Off, the compute layer
 * neither lets the execution role pull the agent nor needs the region's agent repository.
 */
function guardDutyFargateAgent(c: EnvironmentConfig): boolean {
  const g = c.accountBaseline.guardDuty;
  return g.runtimeMonitoring && g.ecsFargateAgentManagement;
}

export function monitoringValues(c: EnvironmentConfig): MonitoringProps {
  const m = c.monitoring;
  return {
    ...base(c),
    alarmEmails: m.alarmEmails,
    alarmHttpsEndpoints: m.alarmHttpsEndpoints,
    failedLoginPattern: m.failedLoginPattern,
    thresholds: m.thresholds,
    // Findings are routed once per account by the account baseline (its stack subscribes this environment's
    // subscribers while securityFindingAlerts is on), never per environment.
    securityFindings: false,
    preventDestroy: preventDestroy(c),
  };
}

/** The account baseline of `<app>-account-<account.baseline>` (every environment sharing the label declares it alike). */
export function accountBaselineValues(c: EnvironmentConfig): AccountBaselineProps {
  const b = c.accountBaseline;
  return {
    name: `${c.app}-account-${c.account.baseline}`,
    accountId: c.account.id,
    region: c.account.region,
    cloudTrail: { enabled: b.cloudTrail.enabled, logRetentionDays: b.cloudTrail.logRetentionDays },
    guardDuty: b.guardDuty,
    securityHub: b.securityHub,
    config: b.config,
  };
}
