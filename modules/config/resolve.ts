/**
 * From a parsed environment file to the resolved environment (`EnvironmentConfig`): the defaults that depend on
 * other fields and on relaxations, and where an S3-backed environment keeps its state.
 */
import { partitionOf } from './regions';
import { RelaxationName } from './relaxations';
import { ParsedEnvironment } from './schema';
import { EnvironmentConfig } from './types';

/** Fills in the defaults that depend on other fields and on relaxations. */
export function resolve(env: ParsedEnvironment, source: string): EnvironmentConfig {
  const r = relaxedIn(env);
  const defaultRetention = r('shortLogRetention') ? 30 : 365;
  return {
    source,
    app: env.app,
    name: env.name,
    stackName: `${env.app}-${env.name}`,
    production: env.production,
    account: env.account,
    network: resolveNetwork(env, defaultRetention),
    dns: { ...env.dns, accountId: env.dns.accountId ?? env.account.id, roleArn: env.dns.roleArn },
    compute: {
      ...env.compute,
      minCount: env.compute.minCount ?? env.compute.desiredCount,
      maxCount: env.compute.maxCount ?? env.compute.desiredCount * 4,
      execEnabled: r('ecsExec'),
      deployment: env.compute.deployment ?? (env.production ? 'blueGreen' : 'rolling'),
    },
    database: resolveDatabase(env),
    edge: { ...env.edge, cloudFront: !r('noCloudFront'), deletionProtection: !r('noDeletionProtection') },
    monitoring: env.monitoring,
    accountBaseline: env.accountBaseline,
    logRetentionDays: env.logRetentionDays ?? defaultRetention,
    state: env.state,
    tags: env.tags,
    relaxations: env.relaxations,
    policy: { failOnError: env.policy.failOnError ?? env.production, suppressions: env.policy.suppressions },
  };
}

/** Whether the environment declares the relaxation (with its reason). */
function relaxedIn(env: ParsedEnvironment): (name: RelaxationName) => boolean {
  return (name) => env.relaxations[name] !== undefined;
}

function resolveNetwork(env: ParsedEnvironment, defaultRetention: number): EnvironmentConfig['network'] {
  const r = relaxedIn(env);
  const azs = env.network.availabilityZones ?? ['a', 'b', 'c'].slice(0, env.network.azCount).map((l) => `${env.account.region}${l}`);
  return {
    cidr: env.network.cidr,
    azCount: env.network.azCount,
    availabilityZones: azs,
    natGateways: r('singleNatGateway') ? 'single' : 'per-az',
    vpcEndpoints: !r('noVpcEndpoints'),
    // The environment's log retention covers the flow logs too unless the network sets its own.
    flowLogRetentionDays: env.network.flowLogRetentionDays ?? env.logRetentionDays ?? defaultRetention,
  };
}

function resolveDatabase(env: ParsedEnvironment): EnvironmentConfig['database'] {
  const r = relaxedIn(env);
  return {
    ...env.database,
    maxAllocatedStorage: env.database.maxAllocatedStorage ?? env.database.allocatedStorage * 5,
    backupRetentionDays: env.database.backupRetentionDays ?? (env.production ? 14 : 7),
    multiAz: !r('singleAzDatabase'),
    deletionProtection: !r('noDeletionProtection'),
    skipFinalSnapshot: r('skipFinalSnapshot'),
  };
}

/** The alias of the state key the `<app>-state` stack creates. */
export function stateKmsKeyAlias(app: string): string {
  return `alias/${app}-state/terraform-state`;
}

/** Where an S3-backed environment keeps its state, with defaults applied. */
export interface StateLocation {
  /** The state bucket. */
  readonly bucket: string;
  /** The bucket's region (`state.region`, else `account.region`). */
  readonly region: string;
  /** The account owning the bucket and the state key (`state.accountId`, else `account.id`). */
  readonly accountId: string;
  /** The optional DynamoDB lock table. */
  readonly dynamodbTable: string | undefined;
  /** The partition of the state region (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition: string;
  /** The role the backend assumes (in the state account), per environment; undefined when state is in the environment's account and no role is named. */
  readonly roleArn: string | undefined;
  /** The key state is encrypted with: `state.kmsKeyId`, else the state key's alias ARN (known before the key exists). */
  readonly kmsKeyId: string;
}

/** The fields of `stateLocation()` every S3-backed environment of one app shares (one bucket, created by `<app>-state`). */
export const SHARED_STATE_FIELDS = ['bucket', 'region', 'accountId', 'dynamodbTable'] as const satisfies readonly (keyof StateLocation)[];

/** Where an S3-backed environment keeps its state, with defaults applied. */
export function stateLocation(c: EnvironmentConfig): StateLocation {
  if (c.state.backend !== 's3') throw new Error(`${c.stackName} does not use the s3 backend`);
  const region = c.state.region ?? c.account.region;
  const accountId = c.state.accountId ?? c.account.id;
  const partition = partitionOf(region);
  return {
    bucket: c.state.bucket,
    region,
    accountId,
    dynamodbTable: c.state.dynamodbTable,
    partition,
    roleArn: c.state.roleArn,
    kmsKeyId: c.state.kmsKeyId ?? `arn:${partition}:kms:${region}:${accountId}:${stateKmsKeyAlias(c.app)}`,
  };
}
