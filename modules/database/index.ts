import { Construct } from 'constructs';
import { IResolvable, TerraformOutput } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LayerBaseProps, arnPrefix } from '../core/context';
import { SecureKey } from '../core/kms';
import { Problems } from '../core/problems';
import type { NetworkOutputs } from '../network/outputs';
import { parameterGroup, subnetGroup } from './groups';
import { DATABASE_LOG_EXPORTS, databaseInstances } from './instances';
import { enhancedMonitoringRole } from './monitoring-role';
import { DatabaseOutputs } from './outputs';
import { databaseSettings } from './settings';
import { databasePropsProblems } from './validation';

export * from './outputs';
export * from './windows';
export { DATABASE_LOG_EXPORTS } from './instances';
export { DATABASE_MAX_NAME_LENGTH, databasePropsProblems, RESERVED_MASTER_USERNAMES, RESERVED_DATABASE_NAMES, GP3_PROVISIONED_MIN_GIB, MONITORING_INTERVALS } from './validation';

// One rule for the construct, its Terraform module and the environment validator.
export { MIN_POSTGRES_MAJOR, DEFAULT_POSTGRES_VERSION, postgresVersionProblem } from './engine-version';

export interface DatabaseProps extends LayerBaseProps {
  /**
   * From the network layer: the isolated data subnets (at least 2 AZs), the database security group and the port
   * it admits (`databasePort`, the instance's port unless `port` is set).
   */
  readonly network: Pick<NetworkOutputs, 'dataSubnetIds' | 'databaseSecurityGroupId' | 'databasePort'>;
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
   * @default `network.databasePort` (the port the network layer admits), else 5432
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
   * Terraform outputs of the endpoint and the master-user secret's ARN on the stack (no secret values): named
   * `<id>_endpoint` and `<id>_master_user_secret_arn` (`database_endpoint`, ... for id `database`) in a
   * `ReadableStack` (core); a plain `TerraformStack` appends cdktf's 8-character hash to each.
   * @default true
   */
  readonly stackOutputs?: boolean;
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
  /** What the other layers take: endpoint, port, master-user secret ARN, key, identifiers, log groups (`DatabaseOutputs`). */
  readonly outputs: DatabaseOutputs;
  /** The layer's KMS key (`<id>_kms`): storage, Performance Insights, the master-user secret and the exported logs. */
  readonly key: SecureKey;
  /** The DB subnet group (`<name>-db`) over the network's isolated data subnets. */
  readonly subnetGroup: DbSubnetGroup;
  /** The parameter group (`<name>-postgres<major>`): `rds.force_ssl`, the logging settings and `parameters`. */
  readonly parameterGroup: DbParameterGroup;
  /** The primary instance (`<id>_primary`, identifier `<name>-db`). */
  readonly primary: DbInstance;
  /** The read replicas (`<id>_replica_<i>`, identifier `<name>-db-replica-<i>`), `readReplicas` of them; empty by default. */
  readonly replicas: DbInstance[];
  /** Log groups by instance identifier, then log type (`postgresql`, `upgrade`). */
  readonly logGroups: Record<string, Record<(typeof DATABASE_LOG_EXPORTS)[number], CloudwatchLogGroup>>;
  /** The Enhanced Monitoring role; undefined when `monitoringInterval` is 0. */
  readonly monitoringRole?: IamRole;
  /** The primary's RDS instance identifier: `<name>-db`. */
  readonly identifier: string;
  /** `arn:<partition>:rds:<region>:<account>`. */
  private readonly arnBase: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    new Problems().addAll(databasePropsProblems(props)).throwIfAny(`Database ${this.node.path}`);
    const s = databaseSettings(props);
    this.identifier = s.identifier;
    this.arnBase = arnPrefix(props, 'rds');

    // Storage, Performance Insights, the master secret and the exported logs: one customer-managed key.
    this.key = new SecureKey(this, 'kms', {
      name: props.name,
      accountId: props.accountId,
      region: props.region,
      partition: props.partition,
      tags: props.tags,
      purpose: 'database',
      allowCloudWatchLogs: true,
      preventDestroy: s.preventDestroy,
    });
    this.subnetGroup = subnetGroup(this, props, s);
    this.parameterGroup = parameterGroup(this, s);
    const monitoring = s.monitoringInterval > 0 ? enhancedMonitoringRole(this, props, s) : undefined;
    this.monitoringRole = monitoring?.role;
    const instances = databaseInstances(this, props, s, { key: this.key, subnetGroup: this.subnetGroup, parameterGroup: this.parameterGroup, monitoring });
    this.primary = instances.primary;
    this.replicas = instances.replicas;
    this.logGroups = instances.logGroups;

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
