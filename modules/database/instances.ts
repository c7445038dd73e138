/**
 * The primary instance, its read replicas and their exported log groups (created before the instances so RDS
 * never creates them unencrypted and without retention).
 */
import { Construct } from 'constructs';
import { Annotations } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { SecureKey } from '../core/kms';
import type { DatabaseProps } from './index';
import type { EnhancedMonitoringRole } from './monitoring-role';
import type { DatabaseSettings } from './settings';

/** PostgreSQL log types exported to CloudWatch Logs. */
export const DATABASE_LOG_EXPORTS = ['postgresql', 'upgrade'] as const;

/** One instance's log groups, by log type. */
export type InstanceLogGroups = Record<(typeof DATABASE_LOG_EXPORTS)[number], CloudwatchLogGroup>;

/** What the instances use from the layer's other resources. */
export interface InstanceDependencies {
  readonly key: SecureKey;
  readonly subnetGroup: DbSubnetGroup;
  readonly parameterGroup: DbParameterGroup;
  /** @default undefined (Enhanced Monitoring off) */
  readonly monitoring?: EnhancedMonitoringRole;
}

export interface DatabaseInstances {
  readonly primary: DbInstance;
  readonly replicas: DbInstance[];
  /** Log groups by instance identifier. */
  readonly logGroups: Record<string, InstanceLogGroups>;
}

/** The primary (`primary`, `primary_<type>_logs`) and each replica (`replica_<i>`, `replica_<i>_<type>_logs`). */
export function databaseInstances(scope: Construct, props: DatabaseProps, s: DatabaseSettings, d: InstanceDependencies): DatabaseInstances {
  const logGroups: Record<string, InstanceLogGroups> = {};
  logGroups[s.identifier] = instanceLogGroups(scope, s, d.key, s.identifier, 'primary');
  const primary = primaryInstance(scope, props, s, d, Object.values(logGroups[s.identifier]));
  const replicas: DbInstance[] = [];
  for (let i = 1; i <= s.readReplicas; i++) {
    const identifier = `${s.identifier}-replica-${i}`;
    logGroups[identifier] = instanceLogGroups(scope, s, d.key, identifier, `replica_${i}`);
    replicas.push(readReplica(scope, props, s, d, { primary, index: i, identifier, logs: Object.values(logGroups[identifier]) }));
  }
  if (s.readReplicas > 0) {
    Annotations.of(scope).addWarning(
      `readReplicas = ${s.readReplicas}: RDS refuses to create a read replica of an instance whose master password is managed in Secrets Manager ` +
        '(all engines but SQL Server). The replicas plan but will fail at apply until AWS lifts that limitation.',
    );
  }
  return { primary, replicas, logGroups };
}

/** `<prefix>_<type>_logs`: `/aws/rds/instance/<identifier>/<type>`, with retention and the layer's key. */
function instanceLogGroups(scope: Construct, s: DatabaseSettings, key: SecureKey, identifier: string, prefix: string): InstanceLogGroups {
  return Object.fromEntries(
    DATABASE_LOG_EXPORTS.map((type) => [
      type,
      new CloudwatchLogGroup(scope, `${prefix}_${type}_logs`, {
        name: `/aws/rds/instance/${identifier}/${type}`,
        retentionInDays: s.logRetentionDays,
        kmsKeyId: key.arn,
        tags: s.tags(`${identifier}-${type}`),
      }),
    ]),
  ) as InstanceLogGroups;
}

/** Settings shared by the primary and its replicas. */
function sharedSettings(props: DatabaseProps, s: DatabaseSettings, d: InstanceDependencies) {
  return {
    instanceClass: props.instanceClass,
    storageType: 'gp3',
    iops: props.iops,
    storageThroughput: props.storageThroughput,
    maxAllocatedStorage: s.maxAllocatedStorage,
    storageEncrypted: true,
    kmsKeyId: d.key.arn,
    vpcSecurityGroupIds: [props.network.databaseSecurityGroupId],
    publiclyAccessible: false,
    port: s.port,
    parameterGroupName: d.parameterGroup.name,
    caCertIdentifier: props.caCertIdentifier ?? 'rds-ca-rsa2048-g1',
    iamDatabaseAuthenticationEnabled: props.iamDatabaseAuthentication ?? true,
    autoMinorVersionUpgrade: props.autoMinorVersionUpgrade ?? true,
    allowMajorVersionUpgrade: props.allowMajorVersionUpgrade ?? false,
    applyImmediately: props.applyImmediately ?? false,
    copyTagsToSnapshot: true,
    deletionProtection: props.deletionProtection ?? true,
    maintenanceWindow: s.maintenanceWindow,
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: d.key.arn,
    performanceInsightsRetentionPeriod: s.performanceInsightsRetentionDays,
    monitoringInterval: s.monitoringInterval,
    monitoringRoleArn: d.monitoring?.role.arn,
    enabledCloudwatchLogsExports: [...DATABASE_LOG_EXPORTS],
  };
}

/** `primary`: RDS-managed master password, Multi-AZ, backups, a deterministic final snapshot. */
function primaryInstance(scope: Construct, props: DatabaseProps, s: DatabaseSettings, d: InstanceDependencies, logs: CloudwatchLogGroup[]): DbInstance {
  return new DbInstance(scope, 'primary', {
    ...sharedSettings(props, s, d),
    identifier: s.identifier,
    engine: 'postgres',
    engineVersion: s.engineVersion,
    allocatedStorage: props.allocatedStorage,
    dbName: props.databaseName,
    username: s.masterUsername,
    manageMasterUserPassword: true,
    masterUserSecretKmsKeyId: d.key.arn,
    dbSubnetGroupName: d.subnetGroup.name,
    multiAz: props.multiAz ?? true,
    backupRetentionPeriod: s.backupRetentionDays,
    backupWindow: s.backupWindow,
    skipFinalSnapshot: s.skipFinalSnapshot,
    finalSnapshotIdentifier: s.skipFinalSnapshot ? undefined : `${s.identifier}-final`,
    deleteAutomatedBackups: !(props.retainAutomatedBackups ?? !s.skipFinalSnapshot),
    tags: s.tags(s.identifier),
    // The role must hold its policy before RDS validates it for Enhanced Monitoring.
    dependsOn: [...logs, ...(d.monitoring ? [d.monitoring.policy] : [])],
    lifecycle: { preventDestroy: s.preventDestroy },
  });
}

/** `replica_<i>`: a same-region read replica of the primary. */
function readReplica(
  scope: Construct,
  props: DatabaseProps,
  s: DatabaseSettings,
  d: InstanceDependencies,
  r: { primary: DbInstance; index: number; identifier: string; logs: CloudwatchLogGroup[] },
): DbInstance {
  return new DbInstance(scope, `replica_${r.index}`, {
    ...sharedSettings(props, s, d),
    identifier: r.identifier,
    // Same-region replica: named by identifier; it inherits the subnet group (and so the data
    // subnets), engine, storage and credentials from the primary. A subnet group is set only for
    // cross-region replicas.
    replicateSourceDb: r.primary.identifier,
    multiAz: false,
    // RDS takes no final snapshot of a replica and refuses a final snapshot identifier for one.
    skipFinalSnapshot: true,
    tags: s.tags(r.identifier),
    dependsOn: [...r.logs],
    lifecycle: { preventDestroy: s.preventDestroy },
  });
}
