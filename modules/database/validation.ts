/**
 * The database layer's rules for its props, as one pure function (`databasePropsProblems`) that the construct,
 * and later the environment validator, call. Values that are tokens (Terraform variables of the published module)
 * are left to Terraform, except where a value decides which resources exist.
 */
import { Token } from 'cdktf';
import { layerBaseProblems } from '../core/context';
import { isWholeNumberIn, LOG_RETENTION_DAYS } from '../core/limits';
import { PropProblem, Problems } from '../core/problems';
import { DEFAULT_POSTGRES_VERSION, postgresVersionProblem } from './engine-version';
import type { DatabaseProps } from './index';
import { ownParameters } from './settings';
import { DEFAULT_BACKUP_WINDOW, DEFAULT_MAINTENANCE_WINDOW, windowPropProblems } from './windows';

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

/** Smallest gp3 allocation (GiB) for which RDS for PostgreSQL accepts provisioned IOPS and throughput. */
export const GP3_PROVISIONED_MIN_GIB = 400;

/** Enhanced Monitoring intervals RDS accepts, in seconds (0 turns it off). */
export const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60] as const;

/*
 * The rules below that the published Terraform module (terraform-module.ts) renders as variable validations.
 * Patterns are written for JavaScript and RE2 (Terraform's regex()) alike.
 */

/** Longest name prefix: it prefixes the instance identifier (`<name>-db`) and other names; the published module's `name` limit too. */
export const DATABASE_MAX_NAME_LENGTH = 40;

/** An RDS instance class such as `db.t4g.medium`. */
export const INSTANCE_CLASS_PATTERN = '^db\\.[a-z0-9]+\\.[a-z0-9]+$';

/** A database or master user name: starts with a letter, at most 63 lowercase letters, digits, underscores. */
export const POSTGRES_IDENTIFIER_PATTERN = '^[a-z][a-z0-9_]{0,62}$';

/** Master user name prefixes PostgreSQL and RDS reserve. */
export const RESERVED_MASTER_USERNAME_PREFIXES = '^(pg_|rds)';

/** Whole-number ranges of the layer's numeric props (inclusive). */
export const DATABASE_RANGES = {
  /** gp3 storage in GiB (allocatedStorage and maxAllocatedStorage). */
  storageGiB: { min: 20, max: 65536 },
  port: { min: 1150, max: 65535 },
  backupRetentionDays: { min: 7, max: 35 },
  /** log_min_duration_statement; -1 turns it off. */
  slowStatementThresholdMs: { min: -1 },
} as const;

/** Performance Insights retention RDS accepts: one of `fixed`, or a multiple of `multipleOf` from `min` to `max` days. */
export const PERFORMANCE_INSIGHTS_RETENTION = { fixed: [7, 731], multipleOf: 31, min: 31, max: 713 } as const;

/** Whether RDS accepts `days` as the Performance Insights retention (PERFORMANCE_INSIGHTS_RETENTION). */
export function isPerformanceInsightsRetention(days: number): boolean {
  const r = PERFORMANCE_INSIGHTS_RETENTION;
  return (r.fixed as readonly number[]).includes(days) || (Number.isInteger(days) && days % r.multipleOf === 0 && days >= r.min && days <= r.max);
}

/** A value Terraform does not decide: given and not a token. */
const known = (v: unknown): boolean => v !== undefined && !Token.isUnresolved(v);

/** The checks shared by the rule groups below. */
class DatabaseChecks extends Problems {
  /** A whole number min-max (when known). */
  int(prop: string, value: number, min: number, max: number): void {
    if (known(value) && !isWholeNumberIn(value, { min, max })) this.add(prop, value, `must be a whole number ${min}-${max}`);
  }

  /** A value that decides which resources exist cannot be a token. */
  literal(prop: string, value: unknown): void {
    if (value !== undefined && Token.isUnresolved(value)) this.add(prop, undefined, 'must be a literal value, not a token (it decides which resources exist)');
  }
}

/**
 * Every problem with the database layer's props, each naming the prop, the value and what is allowed
 * (empty when the props are valid). Pure: the construct throws them as one PropsError.
 */
export function databasePropsProblems(props: DatabaseProps): PropProblem[] {
  const p = new DatabaseChecks();
  p.addAll(databaseValueProblems(props));
  const subnets = props.network.dataSubnetIds ?? [];
  if (known(subnets) && subnets.length < 2) p.add('network.dataSubnetIds', subnets, `must list at least 2 subnets in different AZs (a DB subnet group needs 2)`);
  // The instance must listen where the network layer's security groups admit the app (the HCL module's precondition).
  const admitted = props.network.databasePort;
  if (props.port !== undefined && admitted !== undefined && !Token.isUnresolved(props.port) && !Token.isUnresolved(admitted) && props.port !== admitted) {
    p.add('port', props.port, `must equal network.databasePort (${admitted}), the port the database security group admits; leave it unset to use it`);
  }
  // Unset port: the instance listens on the network's port, which the network accepts from 1 (RDS PostgreSQL: 1150-65535).
  if (props.port === undefined && admitted !== undefined && !Token.isUnresolved(admitted)) p.int('network.databasePort', admitted, DATABASE_RANGES.port.min, DATABASE_RANGES.port.max);
  return [...p.all];
}

/** The props the value rules read: every prop but the network layer's outputs. */
export type DatabaseValueProps = Omit<DatabaseProps, 'network'>;

/**
 * The problems of the props that are values, not the network layer's outputs: what the environment validator
 * checks before any construct exists (`databasePropsProblems` adds the subnet count).
 */
export function databaseValueProblems(props: DatabaseValueProps): PropProblem[] {
  const p = new DatabaseChecks();
  namingProblems(props, p);
  storageProblems(props, p);
  recoveryProblems(props, p);
  operationsProblems(props, p);
  parameterProblems(props, p);
  return [...p.all];
}

/** The name prefix (with the account, region and partition), instance class, engine version, database and master user names, port. */
function namingProblems(props: DatabaseValueProps, p: DatabaseChecks): void {
  p.addAll(layerBaseProblems(props, { maxNameLength: DATABASE_MAX_NAME_LENGTH, nameUse: 'it prefixes the instance identifier' }));
  if (known(props.instanceClass) && !new RegExp(INSTANCE_CLASS_PATTERN).test(props.instanceClass)) p.add('instanceClass', props.instanceClass, 'must be an RDS instance class such as db.t4g.medium');
  const engineVersion = props.engineVersion ?? DEFAULT_POSTGRES_VERSION;
  const versionProblem = known(engineVersion) ? postgresVersionProblem(engineVersion) : undefined;
  if (versionProblem) p.add('engineVersion', engineVersion, versionProblem);
  if (known(props.databaseName)) {
    if (!new RegExp(POSTGRES_IDENTIFIER_PATTERN).test(props.databaseName)) p.add('databaseName', props.databaseName, 'must start with a letter: at most 63 lowercase letters, digits, underscores');
    else if (RESERVED_DATABASE_NAMES.includes(props.databaseName)) p.add('databaseName', props.databaseName, `is reserved (${RESERVED_DATABASE_NAMES.join(', ')})`);
  }
  const masterUsername = props.masterUsername ?? 'dbadmin';
  if (known(masterUsername)) {
    if (!new RegExp(POSTGRES_IDENTIFIER_PATTERN).test(masterUsername)) p.add('masterUsername', masterUsername, 'must start with a letter: at most 63 lowercase letters, digits, underscores');
    else if (RESERVED_MASTER_USERNAMES.includes(masterUsername) || new RegExp(RESERVED_MASTER_USERNAME_PREFIXES).test(masterUsername)) {
      p.add('masterUsername', masterUsername, `is a default, reserved or guessable name (${RESERVED_MASTER_USERNAMES.join(', ')}, pg_*, rds*)`);
    }
  }
  p.int('port', props.port ?? 5432, DATABASE_RANGES.port.min, DATABASE_RANGES.port.max);
}

/** Allocated and maximum storage, provisioned IOPS and throughput. */
function storageProblems(props: DatabaseValueProps, p: DatabaseChecks): void {
  const allocated = props.allocatedStorage;
  const storage = DATABASE_RANGES.storageGiB;
  p.int('allocatedStorage', allocated, storage.min, storage.max);
  if (props.maxAllocatedStorage === undefined && !known(allocated)) p.add('maxAllocatedStorage', undefined, 'is required when allocatedStorage is a token');
  const maxAllocated = props.maxAllocatedStorage ?? allocated * 5;
  p.int('maxAllocatedStorage', maxAllocated, storage.min, storage.max);
  if (known(maxAllocated) && known(allocated) && maxAllocated < allocated) p.add('maxAllocatedStorage', maxAllocated, `must be at least allocatedStorage (${allocated})`);
  if (props.iops !== undefined) {
    if (known(allocated) && allocated < GP3_PROVISIONED_MIN_GIB) {
      p.add('iops', props.iops, `needs allocatedStorage of at least ${GP3_PROVISIONED_MIN_GIB} GiB (below that gp3 has a fixed 3000 IOPS baseline); allocatedStorage is ${allocated}`);
    }
    p.int('iops', props.iops, 12000, 64000);
  }
  if (props.storageThroughput !== undefined) {
    if (props.iops === undefined) p.add('storageThroughput', props.storageThroughput, 'needs iops as well (RDS provisions them together)');
    p.int('storageThroughput', props.storageThroughput, 500, 4000);
  }
}

/** Backups, windows, replicas and what decides how the instance is destroyed. */
function recoveryProblems(props: DatabaseValueProps, p: DatabaseChecks): void {
  p.int('backupRetentionDays', props.backupRetentionDays ?? 14, DATABASE_RANGES.backupRetentionDays.min, DATABASE_RANGES.backupRetentionDays.max);
  const backupWindow = props.backupWindow ?? DEFAULT_BACKUP_WINDOW;
  const maintenanceWindow = props.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW;
  if (known(backupWindow) && known(maintenanceWindow)) p.addAll(windowPropProblems(backupWindow, maintenanceWindow.toLowerCase()));
  p.literal('readReplicas', props.readReplicas);
  p.int('readReplicas', props.readReplicas ?? 0, 0, 5);
  p.literal('skipFinalSnapshot', props.skipFinalSnapshot);
  p.literal('retainAutomatedBackups', props.retainAutomatedBackups);
  p.literal('preventDestroy', props.preventDestroy);
}

/** Log retention, Performance Insights, Enhanced Monitoring, slow-statement logging. */
function operationsProblems(props: DatabaseValueProps, p: DatabaseChecks): void {
  const logRetentionDays = props.logRetentionDays ?? 365;
  if (known(logRetentionDays) && !(LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)) {
    p.add('logRetentionDays', logRetentionDays, `must be a CloudWatch Logs retention value (${LOG_RETENTION_DAYS.join(', ')})`);
  }
  const pi = props.performanceInsightsRetentionDays ?? 7;
  if (known(pi) && !isPerformanceInsightsRetention(pi)) {
    p.add('performanceInsightsRetentionDays', pi, 'must be 7, a multiple of 31 up to 713, or 731');
  }
  const monitoringInterval = props.monitoringInterval ?? 60;
  p.literal('monitoringInterval', props.monitoringInterval);
  if (known(monitoringInterval) && !(MONITORING_INTERVALS as readonly number[]).includes(monitoringInterval)) {
    p.add('monitoringInterval', monitoringInterval, `must be one of ${MONITORING_INTERVALS.join(', ')} seconds`);
  }
  const slow = props.slowStatementThresholdMs ?? 1000;
  if (known(slow) && (!Number.isInteger(slow) || slow < DATABASE_RANGES.slowStatementThresholdMs.min)) p.add('slowStatementThresholdMs', slow, 'must be a whole number of milliseconds, or -1 to turn it off');
  p.literal('logConnections', props.logConnections);
}

/** Extra parameters must not override the layer's own. */
function parameterProblems(props: DatabaseValueProps, p: DatabaseChecks): void {
  const own = ownParameters(props);
  for (const [key, value] of Object.entries(props.parameters ?? {})) {
    if (key in own) p.add(`parameters.${key}`, value, 'is set by the layer and cannot be overridden here');
  }
}
