import { Construct } from 'constructs';
import { Annotations, Fn, IResolvable, TerraformOutput, Token } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LOG_RETENTION_DAYS } from '../core/limits';
import { LayerBaseProps, arnPrefix } from '../core/context';
import { policyDocument } from '../core/iam';
import { SecureKey } from '../core/kms';
import type { NetworkOutputs } from '../network/outputs';
import { DatabaseOutputs } from './outputs';
import { DEFAULT_BACKUP_WINDOW, DEFAULT_MAINTENANCE_WINDOW, windowProblems } from './windows';
import { DEFAULT_POSTGRES_VERSION, POSTGRES_VERSION, postgresVersionProblem } from './engine-version';

export * from './outputs';
export * from './windows';

/** PostgreSQL log types exported to CloudWatch Logs. */
export const DATABASE_LOG_EXPORTS = ['postgresql', 'upgrade'] as const;

/** Master user names the layer refuses: engine defaults, RDS-reserved and guessable names. */
export const RESERVED_MASTER_USERNAMES: readonly string[] = [
  'postgres',
  'admin',
  'administrator',
  'root',
  'master',
  'sa',
  'superuser',
  'user',
  'rdsadmin',
  'rds_superuser',
  'rdsrepladmin',
  'rds_replication',
];

/** Database names the layer refuses (they exist on every PostgreSQL server). */
export const RESERVED_DATABASE_NAMES: readonly string[] = ['postgres', 'template0', 'template1', 'rdsadmin'];

// One rule for the construct, its Terraform module and the environment validator.
export { MIN_POSTGRES_MAJOR, DEFAULT_POSTGRES_VERSION, postgresVersionProblem } from './engine-version';

/** Smallest gp3 allocation (GiB) for which RDS for PostgreSQL accepts provisioned IOPS and throughput. */
export const GP3_PROVISIONED_MIN_GIB = 400;

/** Enhanced Monitoring intervals RDS accepts, in seconds (0 turns it off). */
export const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60] as const;

export interface DatabaseProps extends LayerBaseProps {
  /** From the network layer: the isolated data subnets (at least 2 AZs) and the database security group. */
  readonly network: Pick<NetworkOutputs, 'dataSubnetIds' | 'databaseSecurityGroupId'>;
  /** RDS instance class, e.g. `db.t4g.micro` or `db.m7g.large`. Read replicas use the same class. */
  readonly instanceClass: string;
  /** Initial storage in GiB (gp3: at least 20). */
  readonly allocatedStorage: number;
  /**
   * Storage autoscaling ceiling in GiB; RDS grows gp3 storage up to this size.
   * @default 5 x allocatedStorage
   */
  readonly maxAllocatedStorage?: number;
  /**
   * Provisioned gp3 IOPS, 12000-64000; only for allocatedStorage >= 400 GiB (below that gp3 gives a fixed
   * 3000 IOPS baseline). Replicas use the same.
   * @default undefined (the gp3 baseline for the allocated storage)
   */
  readonly iops?: number;
  /**
   * Provisioned gp3 throughput in MiB/s, 500-4000; only with `iops` (allocatedStorage >= 400 GiB).
   * @default undefined (the gp3 baseline for the allocated storage)
   */
  readonly storageThroughput?: number;
  /**
   * PostgreSQL engine version: a major (`17`, minor versions follow automatically) or `major.minor`.
   * The parameter group family (`postgres<major>`) is derived from it.
   * @default '17'
   */
  readonly engineVersion?: string;
  /** Name of the application database created with the instance (not `postgres`, `template0/1`, `rdsadmin`). */
  readonly databaseName: string;
  /**
   * Master user name; never the engine default `postgres` or another reserved or guessable name
   * (see RESERVED_MASTER_USERNAMES). Its password is generated, stored and rotated by RDS in Secrets Manager.
   * @default 'dbadmin'
   */
  readonly masterUsername?: string;
  /**
   * The port PostgreSQL listens on (1150-65535); must be the port the database security group admits.
   * @default 5432
   */
  readonly port?: number;
  /**
   * Automated backup retention in days, 7-35.
   * @default 14
   */
  readonly backupRetentionDays?: number;
  /**
   * Daily backup window, `hh24:mi-hh24:mi` UTC, at least 30 minutes, not overlapping the maintenance window.
   * @default '03:00-04:00'
   */
  readonly backupWindow?: string;
  /**
   * Weekly maintenance window, `ddd:hh24:mi-ddd:hh24:mi` UTC, at least 30 minutes.
   * @default 'sun:04:30-sun:05:30'
   */
  readonly maintenanceWindow?: string;
  /**
   * A synchronous standby in another AZ with automatic failover.
   * @default true
   */
  readonly multiAz?: boolean | IResolvable;
  /**
   * RDS deletion protection on the instance (and its read replicas).
   * @default true
   */
  readonly deletionProtection?: boolean | IResolvable;
  /**
   * Skip the final snapshot when the instance is destroyed. When false (the default) the final snapshot
   * is named `<name>-db-final` (deterministic, so plans do not change on every run).
   * @default false
   */
  readonly skipFinalSnapshot?: boolean;
  /**
   * Keep the automated backups after the instance is deleted (until their retention expires).
   * @default !skipFinalSnapshot
   */
  readonly retainAutomatedBackups?: boolean;
  /**
   * lifecycle prevent_destroy on the instance, its read replicas and the KMS key.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Read replicas (0-5), same class, in the same subnets and security group as the primary.
   *
   * Caution: RDS currently refuses CreateDBInstanceReadReplica when the source instance's master
   * password is managed in Secrets Manager (all engines but SQL Server), and this layer always manages
   * it there. Replicas therefore plan but fail at apply until AWS lifts that limitation; the layer
   * emits a synth warning saying so.
   * @default 0
   */
  readonly readReplicas?: number;
  /**
   * Retention in days of the exported PostgreSQL and upgrade logs (a CloudWatch Logs retention value).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * `log_min_duration_statement`: statements running at least this many milliseconds are logged; -1 turns it off.
   * @default 1000
   */
  readonly slowStatementThresholdMs?: number;
  /**
   * `log_connections` and `log_disconnections`: who connected from where, and for how long.
   * @default true
   */
  readonly logConnections?: boolean;
  /**
   * Extra parameter-group settings (name to value). The layer's own settings (`rds.force_ssl` and the
   * logging parameters) cannot be overridden here.
   * @default {}
   */
  readonly parameters?: Record<string, string>;
  /**
   * Performance Insights retention in days: 7 (free tier), a multiple of 31 up to 713, or 731.
   * @default 7
   */
  readonly performanceInsightsRetentionDays?: number;
  /**
   * Enhanced Monitoring interval in seconds (0, 1, 5, 10, 15, 30 or 60); 0 turns it off and creates no role.
   * @default 60
   */
  readonly monitoringInterval?: number;
  /**
   * IAM database authentication (tokens instead of passwords for database users mapped to IAM).
   * @default true
   */
  readonly iamDatabaseAuthentication?: boolean;
  /**
   * Apply minor engine upgrades automatically in the maintenance window.
   * @default true
   */
  readonly autoMinorVersionUpgrade?: boolean;
  /**
   * Allow major version upgrades when `engineVersion` changes major.
   * @default false
   */
  readonly allowMajorVersionUpgrade?: boolean;
  /**
   * Apply modifications immediately instead of in the next maintenance window.
   * @default false
   */
  readonly applyImmediately?: boolean;
  /**
   * The server certificate authority.
   * @default 'rds-ca-rsa2048-g1'
   */
  readonly caCertIdentifier?: string;
  /**
   * Terraform outputs `database_endpoint` and `database_master_user_secret_arn` on the stack (ARNs only, no secret values).
   * @default true
   */
  readonly stackOutputs?: boolean;
}

/** Settings with defaults applied. */
interface Settings {
  readonly identifier: string;
  /** The engine major, e.g. `17` (a Terraform expression when engineVersion is a token). */
  readonly major: string;
  readonly engineVersion: string;
  readonly masterUsername: string;
  readonly port: number;
  readonly maxAllocatedStorage: number;
  readonly backupRetentionDays: number;
  readonly backupWindow: string;
  readonly maintenanceWindow: string;
  readonly readReplicas: number;
  readonly logRetentionDays: number;
  readonly performanceInsightsRetentionDays: number;
  readonly monitoringInterval: number;
  readonly skipFinalSnapshot: boolean;
  readonly preventDestroy: boolean;
  readonly parameters: { name: string; value: string }[];
}

/**
 * The database layer: RDS for PostgreSQL in the isolated data subnets, private and encrypted,
 * with RDS-managed credentials and everything needed to recover.
 *
 * - Network: a DB subnet group over the data subnets, the network layer's database security
 *   group, `publicly_accessible = false`.
 * - Credentials: `manage_master_user_password`: RDS generates the master password, stores it in
 *   Secrets Manager encrypted with this layer's key and rotates it; no password is in code or state.
 *   The master user name is never a default such as `postgres`.
 * - Encryption: gp3 storage, Performance Insights, the master secret and the exported logs are
 *   encrypted with one customer-managed KMS key (rotation on, prevent_destroy by default).
 *   RDS and Secrets Manager use the key through grants created for the principal that creates the
 *   instance (the key policy delegates to IAM in this account); CloudWatch Logs gets its own
 *   statement scoped to this account's log groups.
 * - TLS: the parameter group sets `rds.force_ssl = 1`; slow statements, connections and
 *   disconnections are logged.
 * - Logs: the `postgresql` and `upgrade` logs are exported to log groups this layer creates first
 *   (`/aws/rds/instance/<identifier>/<type>`), with retention and KMS, so RDS never creates them
 *   unencrypted and without retention.
 * - Recovery: automated backups (7-35 days), copy tags to snapshots, deletion protection,
 *   Multi-AZ, a deterministic final snapshot, prevent_destroy; all on by default.
 * - Operations: Performance Insights (KMS), Enhanced Monitoring with its own role trusted only by
 *   RDS monitoring for this account's instances, IAM database authentication, minor upgrades.
 */
export class Database extends Construct {
  readonly outputs: DatabaseOutputs;
  readonly key: SecureKey;
  readonly subnetGroup: DbSubnetGroup;
  readonly parameterGroup: DbParameterGroup;
  readonly primary: DbInstance;
  readonly replicas: DbInstance[];
  /** Log groups by instance identifier, then log type (`postgresql`, `upgrade`). */
  readonly logGroups: Record<string, Record<(typeof DATABASE_LOG_EXPORTS)[number], CloudwatchLogGroup>>;
  /** The Enhanced Monitoring role; undefined when `monitoringInterval` is 0. */
  readonly monitoringRole?: IamRole;
  readonly identifier: string;
  /** `arn:<partition>:rds:<region>:<account>`. */
  private readonly arnBase: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const s = checkProps(props);
    const name = props.name;
    const partition = props.partition ?? 'aws';
    const tags = (n: string) => ({ ...(props.tags ?? {}), Name: n });
    this.identifier = s.identifier;
    this.arnBase = arnPrefix(props, 'rds');

    // --- KMS ------------------------------------------------------------------------
    this.key = new SecureKey(this, 'kms', {
      name,
      accountId: props.accountId,
      region: props.region,
      partition: props.partition,
      tags: props.tags,
      purpose: 'database',
      allowCloudWatchLogs: true,
      preventDestroy: s.preventDestroy,
    });

    // --- Subnet and parameter groups -----------------------------------------------------
    this.subnetGroup = new DbSubnetGroup(this, 'subnet_group', {
      name: `${name}-db`,
      description: `${name} database: isolated data subnets only`,
      subnetIds: props.network.dataSubnetIds,
      tags: tags(`${name}-db`),
    });
    this.parameterGroup = new DbParameterGroup(this, 'parameter_group', {
      // The family is in the name so a major upgrade creates a new group before the old one is removed.
      name: `${name}-postgres${s.major}`,
      family: `postgres${s.major}`,
      // The description forces replacement; with create_before_destroy and a fixed name, only change it with the major.
      description: `${name} PostgreSQL ${s.major}: TLS required, slow statements and connections logged`,
      parameter: s.parameters.map((p) => ({ name: p.name, value: p.value, applyMethod: 'immediate' })),
      tags: tags(`${name}-postgres${s.major}`),
      lifecycle: { createBeforeDestroy: true },
    });

    // --- Enhanced Monitoring role ---------------------------------------------------------
    let monitoringPolicy: IamRolePolicyAttachment | undefined;
    if (s.monitoringInterval > 0) {
      this.monitoringRole = new IamRole(this, 'monitoring_role', {
        name: `${name}-rds-monitoring`,
        description: `Lets RDS Enhanced Monitoring publish OS metrics of the ${name} database instances`,
        assumeRolePolicy: policyDocument([
          {
            Effect: 'Allow',
            Principal: { Service: 'monitoring.rds.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': props.accountId },
              ArnLike: { 'aws:SourceArn': `arn:${partition}:rds:${props.region}:${props.accountId}:db:${s.identifier}*` },
            },
          },
        ]),
        tags: tags(`${name}-rds-monitoring`),
      });
      monitoringPolicy = new IamRolePolicyAttachment(this, 'monitoring_role_policy', {
        role: this.monitoringRole.name,
        policyArn: `arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
      });
    }

    // --- Log groups (created before the instances so RDS never creates them) -----------------
    this.logGroups = {};
    const logGroupsFor = (identifier: string, prefix: string) => {
      const groups = Object.fromEntries(
        DATABASE_LOG_EXPORTS.map((type) => [
          type,
          new CloudwatchLogGroup(this, `${prefix}_${type}_logs`, {
            name: `/aws/rds/instance/${identifier}/${type}`,
            retentionInDays: s.logRetentionDays,
            kmsKeyId: this.key.arn,
            tags: tags(`${identifier}-${type}`),
          }),
        ]),
      ) as Record<(typeof DATABASE_LOG_EXPORTS)[number], CloudwatchLogGroup>;
      this.logGroups[identifier] = groups;
      return Object.values(groups);
    };

    // Settings shared by the primary and its replicas.
    const common = {
      instanceClass: props.instanceClass,
      storageType: 'gp3',
      iops: props.iops,
      storageThroughput: props.storageThroughput,
      maxAllocatedStorage: s.maxAllocatedStorage,
      storageEncrypted: true,
      kmsKeyId: this.key.arn,
      vpcSecurityGroupIds: [props.network.databaseSecurityGroupId],
      publiclyAccessible: false,
      port: s.port,
      parameterGroupName: this.parameterGroup.name,
      caCertIdentifier: props.caCertIdentifier ?? 'rds-ca-rsa2048-g1',
      iamDatabaseAuthenticationEnabled: props.iamDatabaseAuthentication ?? true,
      autoMinorVersionUpgrade: props.autoMinorVersionUpgrade ?? true,
      allowMajorVersionUpgrade: props.allowMajorVersionUpgrade ?? false,
      applyImmediately: props.applyImmediately ?? false,
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection ?? true,
      maintenanceWindow: s.maintenanceWindow,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: this.key.arn,
      performanceInsightsRetentionPeriod: s.performanceInsightsRetentionDays,
      monitoringInterval: s.monitoringInterval,
      monitoringRoleArn: this.monitoringRole?.arn,
      enabledCloudwatchLogsExports: [...DATABASE_LOG_EXPORTS],
    };

    // --- Primary --------------------------------------------------------------------------
    const primaryLogs = logGroupsFor(s.identifier, 'primary');
    this.primary = new DbInstance(this, 'primary', {
      ...common,
      identifier: s.identifier,
      engine: 'postgres',
      engineVersion: s.engineVersion,
      allocatedStorage: props.allocatedStorage,
      dbName: props.databaseName,
      username: s.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: this.key.arn,
      dbSubnetGroupName: this.subnetGroup.name,
      multiAz: props.multiAz ?? true,
      backupRetentionPeriod: s.backupRetentionDays,
      backupWindow: s.backupWindow,
      skipFinalSnapshot: s.skipFinalSnapshot,
      finalSnapshotIdentifier: s.skipFinalSnapshot ? undefined : `${s.identifier}-final`,
      deleteAutomatedBackups: !(props.retainAutomatedBackups ?? !s.skipFinalSnapshot),
      tags: tags(s.identifier),
      // The role must hold its policy before RDS validates it for Enhanced Monitoring.
      dependsOn: [...primaryLogs, ...(monitoringPolicy ? [monitoringPolicy] : [])],
      lifecycle: { preventDestroy: s.preventDestroy },
    });

    // --- Read replicas ------------------------------------------------------------------------
    this.replicas = [];
    for (let i = 1; i <= s.readReplicas; i++) {
      const identifier = `${s.identifier}-replica-${i}`;
      const logs = logGroupsFor(identifier, `replica_${i}`);
      this.replicas.push(
        new DbInstance(this, `replica_${i}`, {
          ...common,
          identifier,
          // Same-region replica: named by identifier; it inherits the subnet group (and so the data
          // subnets), engine, storage and credentials from the primary. A subnet group is set only for
          // cross-region replicas.
          replicateSourceDb: this.primary.identifier,
          multiAz: false,
          // RDS takes no final snapshot of a replica and refuses a final snapshot identifier for one.
          skipFinalSnapshot: true,
          tags: tags(identifier),
          dependsOn: [...logs],
          lifecycle: { preventDestroy: s.preventDestroy },
        }),
      );
    }
    if (s.readReplicas > 0) {
      Annotations.of(this).addWarning(
        `readReplicas = ${s.readReplicas}: RDS refuses to create a read replica of an instance whose master password is managed in Secrets Manager ` +
          '(all engines but SQL Server). The replicas plan but will fail at apply until AWS lifts that limitation.',
      );
    }

    this.outputs = {
      address: this.primary.address,
      endpoint: this.primary.endpoint,
      port: this.primary.port,
      databaseName: props.databaseName,
      masterUserSecretArn: this.primary.masterUserSecret.get(0).secretArn,
      kmsKeyArn: this.key.arn,
      instanceIdentifier: this.primary.identifier,
      securityGroupId: props.network.databaseSecurityGroupId,
      instanceArn: this.primary.arn,
      instanceResourceId: this.primary.resourceId,
      masterUsername: s.masterUsername,
      replicaIdentifiers: this.replicas.map((r) => r.identifier),
      replicaAddresses: this.replicas.map((r) => r.address),
      logGroupNames: Object.values(this.logGroups).flatMap((g) => Object.values(g).map((l) => l.name)),
      parameterGroupName: this.parameterGroup.name,
    };

    if (props.stackOutputs ?? true) {
      new TerraformOutput(this, 'endpoint', { value: this.primary.endpoint, description: 'Database endpoint (host:port); TLS is required' });
      new TerraformOutput(this, 'master_user_secret_arn', {
        value: this.outputs.masterUserSecretArn,
        description: 'ARN of the RDS-managed master-user secret (read it with secretsmanager:GetSecretValue; the value is never in state)',
      });
    }
  }

  /**
   * The `rds-db:connect` resource ARN for a database user that signs in with IAM authentication
   * (`arn:<partition>:rds-db:<region>:<account>:dbuser:<resource-id>/<user>`), for the IAM policy
   * of a role that connects as that user.
   */
  iamConnectArn(dbUser: string): string {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(dbUser)) throw new Error(`iamConnectArn: "${dbUser}" is not a PostgreSQL user name`);
    return `${this.arnBase.replace(':rds:', ':rds-db:')}:dbuser:${this.primary.resourceId}/${dbUser}`;
  }
}

/** Validates the props; throws one Error listing every problem. Values that are tokens (Terraform variables) are left to Terraform. */
function checkProps(props: DatabaseProps): Settings {
  const problems: string[] = [];
  const known = (v: unknown): boolean => v !== undefined && !Token.isUnresolved(v);
  const literal = (v: unknown, what: string) => {
    if (v !== undefined && Token.isUnresolved(v)) problems.push(`${what} must be a literal value, not a token (it decides which resources exist)`);
  };
  const name = props.name;
  if (known(name) && (!/^[a-z][a-z0-9-]*[a-z0-9]$/.test(name) || name.includes('--') || name.length > 40)) {
    problems.push(`name "${name}" must be lowercase letters, digits and single hyphens, start with a letter, at most 40 characters (it prefixes the instance identifier)`);
  }
  if (known(props.instanceClass) && !/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(props.instanceClass)) problems.push(`instanceClass "${props.instanceClass}" must be an RDS instance class such as db.t4g.medium`);
  const int = (v: number, min: number, max: number, what: string) => {
    if (known(v) && (!Number.isInteger(v) || v < min || v > max)) problems.push(`${what} must be a whole number ${min}-${max}, got ${v}`);
  };
  int(props.allocatedStorage, 20, 65536, 'allocatedStorage');
  if (props.maxAllocatedStorage === undefined && !known(props.allocatedStorage)) problems.push('maxAllocatedStorage is required when allocatedStorage is a token');
  const maxAllocatedStorage = props.maxAllocatedStorage ?? props.allocatedStorage * 5;
  int(maxAllocatedStorage, 20, 65536, 'maxAllocatedStorage');
  if (known(maxAllocatedStorage) && known(props.allocatedStorage) && maxAllocatedStorage < props.allocatedStorage) {
    problems.push(`maxAllocatedStorage (${maxAllocatedStorage}) must be at least allocatedStorage (${props.allocatedStorage})`);
  }

  if (props.iops !== undefined) {
    if (known(props.allocatedStorage) && props.allocatedStorage < GP3_PROVISIONED_MIN_GIB) {
      problems.push(`iops needs allocatedStorage of at least ${GP3_PROVISIONED_MIN_GIB} GiB (below that gp3 has a fixed 3000 IOPS baseline)`);
    }
    int(props.iops, 12000, 64000, 'iops');
  }
  if (props.storageThroughput !== undefined) {
    if (props.iops === undefined) problems.push('storageThroughput needs iops as well (RDS provisions them together)');
    int(props.storageThroughput, 500, 4000, 'storageThroughput');
  }

  const engineVersion = props.engineVersion ?? DEFAULT_POSTGRES_VERSION;
  let major: string;
  if (known(engineVersion)) {
    major = POSTGRES_VERSION.exec(engineVersion)?.[1] ?? 'invalid';
    const problem = postgresVersionProblem(engineVersion);
    if (problem) problems.push(`engineVersion "${engineVersion}" ${problem}`);
  } else {
    major = Fn.element(Fn.split('.', engineVersion), 0);
  }

  if (known(props.databaseName)) {
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(props.databaseName)) problems.push(`databaseName "${props.databaseName}" must start with a letter: at most 63 lowercase letters, digits, underscores`);
    else if (RESERVED_DATABASE_NAMES.includes(props.databaseName)) problems.push(`databaseName "${props.databaseName}" is reserved (${RESERVED_DATABASE_NAMES.join(', ')})`);
  }

  const masterUsername = props.masterUsername ?? 'dbadmin';
  if (known(masterUsername)) {
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(masterUsername)) problems.push(`masterUsername "${masterUsername}" must start with a letter: at most 63 lowercase letters, digits, underscores`);
    else if (RESERVED_MASTER_USERNAMES.includes(masterUsername) || /^(pg_|rds)/.test(masterUsername)) {
      problems.push(`masterUsername "${masterUsername}" is a default, reserved or guessable name (${RESERVED_MASTER_USERNAMES.join(', ')}, pg_*, rds*)`);
    }
  }

  const port = props.port ?? 5432;
  int(port, 1150, 65535, 'port');
  const backupRetentionDays = props.backupRetentionDays ?? 14;
  int(backupRetentionDays, 7, 35, 'backupRetentionDays');
  const backupWindow = props.backupWindow ?? DEFAULT_BACKUP_WINDOW;
  const maintenanceWindowIn = props.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW;
  const maintenanceWindow = known(maintenanceWindowIn) ? maintenanceWindowIn.toLowerCase() : maintenanceWindowIn;
  if (known(backupWindow) && known(maintenanceWindow)) problems.push(...windowProblems(backupWindow, maintenanceWindow));
  const readReplicas = props.readReplicas ?? 0;
  literal(props.readReplicas, 'readReplicas');
  int(readReplicas, 0, 5, 'readReplicas');

  const logRetentionDays = props.logRetentionDays ?? 365;
  if (known(logRetentionDays) && !(LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)) {
    problems.push(`logRetentionDays must be a CloudWatch Logs retention value (${LOG_RETENTION_DAYS.join(', ')}), got ${logRetentionDays}`);
  }
  const pi = props.performanceInsightsRetentionDays ?? 7;
  if (known(pi) && !(pi === 7 || pi === 731 || (Number.isInteger(pi) && pi % 31 === 0 && pi >= 31 && pi <= 713))) {
    problems.push(`performanceInsightsRetentionDays must be 7, a multiple of 31 up to 713, or 731, got ${pi}`);
  }
  const monitoringInterval = props.monitoringInterval ?? 60;
  literal(props.monitoringInterval, 'monitoringInterval');
  if (known(monitoringInterval) && !(MONITORING_INTERVALS as readonly number[]).includes(monitoringInterval)) {
    problems.push(`monitoringInterval must be one of ${MONITORING_INTERVALS.join(', ')} seconds, got ${monitoringInterval}`);
  }
  const slow = props.slowStatementThresholdMs ?? 1000;
  if (known(slow) && (!Number.isInteger(slow) || slow < -1)) problems.push(`slowStatementThresholdMs must be a whole number of milliseconds, or -1 to turn it off, got ${slow}`);

  const subnets = props.network.dataSubnetIds ?? [];
  if (known(subnets) && subnets.length < 2) problems.push(`network.dataSubnetIds must list at least 2 subnets in different AZs (a DB subnet group needs 2), got ${subnets.length}`);

  literal(props.skipFinalSnapshot, 'skipFinalSnapshot');
  literal(props.retainAutomatedBackups, 'retainAutomatedBackups');
  literal(props.preventDestroy, 'preventDestroy');
  literal(props.logConnections, 'logConnections');
  const logConnections = props.logConnections ?? true ? '1' : '0';
  const own: Record<string, string> = {
    'rds.force_ssl': '1',
    log_min_duration_statement: known(slow) ? String(slow) : Token.asString(slow),
    log_connections: logConnections,
    log_disconnections: logConnections,
  };
  for (const key of Object.keys(props.parameters ?? {})) {
    if (key in own) problems.push(`parameters.${key} is set by the layer and cannot be overridden here`);
  }
  const parameters = Object.entries({ ...(props.parameters ?? {}), ...own })
    .map(([n, value]) => ({ name: n, value }))
    .sort((a, b) => a.name.localeCompare(b.name));

  if (problems.length > 0) throw new Error(`Invalid database props for "${name}":\n  - ${problems.join('\n  - ')}`);
  return {
    identifier: `${name}-db`,
    major,
    engineVersion,
    masterUsername,
    port,
    maxAllocatedStorage,
    backupRetentionDays,
    backupWindow,
    maintenanceWindow,
    readReplicas,
    logRetentionDays,
    performanceInsightsRetentionDays: pi,
    monitoringInterval,
    skipFinalSnapshot: props.skipFinalSnapshot ?? false,
    preventDestroy: props.preventDestroy ?? true,
    parameters,
  };
}
