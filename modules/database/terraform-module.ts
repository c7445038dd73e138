import { hclList, layerBaseVariables, logRetentionVariable, matchesCondition, wholeNumberValidation } from '../core/module-variables';
import { stringMapValue, TerraformModuleSpec } from '../core/terraform-module';
import { POSTGRES_VERSION } from './engine-version';
import { Database, MIN_POSTGRES_MAJOR, RESERVED_DATABASE_NAMES, RESERVED_MASTER_USERNAMES } from './index';
import {
  DATABASE_MAX_NAME_LENGTH,
  DATABASE_RANGES,
  INSTANCE_CLASS_PATTERN,
  PERFORMANCE_INSIGHTS_RETENTION,
  POSTGRES_IDENTIFIER_PATTERN,
  RESERVED_MASTER_USERNAME_PREFIXES,
} from './validation';
import { DEFAULT_BACKUP_WINDOW, DEFAULT_MAINTENANCE_WINDOW, WINDOW_CLOCK_PATTERN, WINDOW_DAYS } from './windows';

/** The layer's window formats (windows.ts); its length and overlap checks need literal windows. */
const WINDOW_DAY = `(${WINDOW_DAYS.join('|')})`;
const BACKUP_WINDOW_PATTERN = `^${WINDOW_CLOCK_PATTERN}-${WINDOW_CLOCK_PATTERN}$`;
const MAINTENANCE_WINDOW_PATTERN = `^${WINDOW_DAY}:${WINDOW_CLOCK_PATTERN}-${WINDOW_DAY}:${WINDOW_CLOCK_PATTERN}$`;

/** Minutes after midnight of the `hh24:mi` at `offset` of `expr`. */
const clockMinutes = (expr: string, offset: number) => `(tonumber(substr(${expr}, ${offset}, 2)) * 60 + tonumber(substr(${expr}, ${offset + 3}, 2)))`;
/** Length in minutes of the circular range [start, end) on a `period`-minute timeline. */
const rangeMinutes = (start: string, end: string, period: number) => `((${end} - ${start}) % ${period} + ${period}) % ${period}`;
const BACKUP_START = clockMinutes('var.backup_window', 0);
const BACKUP_LENGTH = rangeMinutes(BACKUP_START, clockMinutes('var.backup_window', 6), 1440);
const weekMinutes = (dayOffset: number) => `(index(${hclList(WINDOW_DAYS)}, substr(var.maintenance_window, ${dayOffset}, 3)) * 1440 + ${clockMinutes('var.maintenance_window', dayOffset + 4)})`;
const MAINTENANCE_START = weekMinutes(0);
const MAINTENANCE_LENGTH = rangeMinutes(MAINTENANCE_START, weekMinutes(10), 10080);
/** Whether minute `x` lies in the range starting at `start`, `length` minutes long, on a week's circular timeline. */
const insideWeek = (x: string, start: string, length: string) => `((${x} - ${start}) % 10080 + 10080) % 10080 < ${length}`;
/**
 * windows.ts's rules that need both windows parsed (windowPropProblems): each at least 30 minutes, and the daily backup
 * window overlapping the weekly maintenance window on no day. A window that does not parse passes these (its pattern
 * validation refuses it), as the layer reports only the format then.
 */
const BACKUP_LENGTH_CONDITION = `try(${BACKUP_LENGTH} >= 30, true)`;
const MAINTENANCE_LENGTH_CONDITION = `try(${MAINTENANCE_LENGTH} >= 30, true)`;
const NO_OVERLAP_CONDITION = `try(${BACKUP_LENGTH} < 30 || ${MAINTENANCE_LENGTH} < 30 || alltrue([for d in range(7) : !(${insideWeek(MAINTENANCE_START, `(d * 1440 + ${BACKUP_START})`, BACKUP_LENGTH)} || ${insideWeek(`(d * 1440 + ${BACKUP_START})`, MAINTENANCE_START, MAINTENANCE_LENGTH)})]), true)`;

/** `var.<name>` is a Performance Insights retention RDS accepts (PERFORMANCE_INSIGHTS_RETENTION). */
function performanceInsightsCondition(name: string): string {
  const r = PERFORMANCE_INSIGHTS_RETENTION;
  const v = `var.${name}`;
  return [...r.fixed.map((d) => `${v} == ${d}`), `(${v} % ${r.multipleOf} == 0 && ${v} >= ${r.min} && ${v} <= ${r.max})`].join(' || ');
}

/**
 * The database layer as a plain Terraform module. What decides which resources exist stays
 * fixed and secure: no read replicas, Enhanced Monitoring at 60 s, a final snapshot on delete,
 * prevent_destroy on the instance and its key. Everything else is a validated variable.
 */
export const databaseModule: TerraformModuleSpec = {
  name: 'database',
  description:
    'Private, encrypted RDS for PostgreSQL: DB subnet group over isolated subnets, customer-managed KMS key (storage, RDS-managed master secret, Performance Insights, logs), TLS-forcing parameter group, postgresql/upgrade logs exported to encrypted log groups with retention, backups, Multi-AZ, deletion protection, final snapshot, prevent_destroy, Enhanced Monitoring role, IAM database authentication. No password in configuration or state.',
  variables: [
    ...layerBaseVariables(DATABASE_MAX_NAME_LENGTH),
    {
      name: 'data_subnet_ids',
      type: 'list(string)',
      description: 'Isolated subnets for the DB subnet group, in at least 2 AZs.',
      validation: [{ condition: 'length(var.data_subnet_ids) >= 2', errorMessage: 'data_subnet_ids must list at least 2 subnets.', invalid: ['subnet-0123456789abcdef0'] }],
    },
    { name: 'database_security_group_id', type: 'string', description: 'Security group of the database (network module output `database_security_group_id`).' },
    {
      name: 'database_port',
      type: 'number',
      description: `The port the database security group admits (network module output \`database_port\`), ${DATABASE_RANGES.port.min}-${DATABASE_RANGES.port.max}; the instance listens on it.`,
      validation: [wholeNumberValidation('database_port', DATABASE_RANGES.port)],
    },
    {
      name: 'instance_class',
      type: 'string',
      description: 'RDS instance class, e.g. `db.t4g.medium`.',
      validation: [{ condition: matchesCondition('instance_class', INSTANCE_CLASS_PATTERN), errorMessage: 'instance_class must be an RDS instance class such as db.t4g.medium.', invalid: 't4g.medium' }],
    },
    {
      name: 'allocated_storage',
      type: 'number',
      description: `Initial gp3 storage in GiB, ${DATABASE_RANGES.storageGiB.min}-${DATABASE_RANGES.storageGiB.max}.`,
      validation: [wholeNumberValidation('allocated_storage', DATABASE_RANGES.storageGiB)],
    },
    {
      name: 'max_allocated_storage',
      type: 'number',
      description: `Storage autoscaling ceiling in GiB, ${DATABASE_RANGES.storageGiB.min}-${DATABASE_RANGES.storageGiB.max} and at least allocated_storage.`,
      validation: [
        wholeNumberValidation('max_allocated_storage', DATABASE_RANGES.storageGiB),
        { condition: 'var.max_allocated_storage >= var.allocated_storage', errorMessage: 'max_allocated_storage must be at least allocated_storage.', invalid: 50, invalidWith: { allocated_storage: 100 } },
      ],
    },
    {
      name: 'engine_version',
      type: 'string',
      description: 'PostgreSQL version: a major (`17`) or `major.minor`; the parameter group family follows the major.',
      default: '17',
      validation: [
        {
          condition: `${matchesCondition('engine_version', POSTGRES_VERSION.source)} && try(tonumber(split(".", var.engine_version)[0]) >= ${MIN_POSTGRES_MAJOR}, false)`,
          errorMessage: `engine_version must be PostgreSQL ${MIN_POSTGRES_MAJOR} or later, e.g. 17 or 17.4.`,
          invalid: '13',
        },
      ],
    },
    {
      name: 'database_name',
      type: 'string',
      description: 'Name of the application database.',
      validation: [
        {
          condition: `${matchesCondition('database_name', POSTGRES_IDENTIFIER_PATTERN)} && !contains(${hclList(RESERVED_DATABASE_NAMES)}, var.database_name)`,
          errorMessage: `database_name must start with a letter (lowercase letters, digits, underscores) and not be ${RESERVED_DATABASE_NAMES.join(', ')}.`,
          invalid: 'postgres',
        },
      ],
    },
    {
      name: 'master_username',
      type: 'string',
      description: 'Master user name; its password is generated, stored and rotated by RDS in Secrets Manager.',
      default: 'dbadmin',
      validation: [
        {
          condition: `${matchesCondition('master_username', POSTGRES_IDENTIFIER_PATTERN)} && !contains(${hclList(RESERVED_MASTER_USERNAMES)}, var.master_username) && !${matchesCondition('master_username', RESERVED_MASTER_USERNAME_PREFIXES)}`,
          errorMessage: 'master_username must not be a default, reserved or guessable name (postgres, admin, root, rds*, pg_*, ...).',
          invalid: 'admin',
        },
      ],
    },
    {
      name: 'port',
      type: 'number',
      description:
        'The port PostgreSQL listens on. Leave it unset: it is `database_port`, the port the security group admits; a value other than `database_port` is refused (the app could never connect).',
      default: null,
      validation: [
        {
          condition: 'var.port == null ? true : var.port == var.database_port',
          errorMessage: 'port must be left unset or equal database_port (the port the network module\'s database security group admits): set the port on the network module (its database_port input) instead.',
          invalid: 6432,
          invalidWith: { database_port: 5432 },
        },
      ],
    },
    {
      name: 'backup_retention_days',
      type: 'number',
      description: `Automated backup retention in days, ${DATABASE_RANGES.backupRetentionDays.min}-${DATABASE_RANGES.backupRetentionDays.max} (at least a week of point-in-time recovery, in every environment).`,
      default: 14,
      validation: [wholeNumberValidation('backup_retention_days', DATABASE_RANGES.backupRetentionDays)],
    },
    {
      name: 'backup_window',
      type: 'string',
      description: 'Daily backup window `hh24:mi-hh24:mi` UTC, at least 30 minutes; must not overlap maintenance_window on any day.',
      default: DEFAULT_BACKUP_WINDOW,
      validation: [
        { condition: matchesCondition('backup_window', BACKUP_WINDOW_PATTERN), errorMessage: 'backup_window must be hh24:mi-hh24:mi.', invalid: '3:00-4:00' },
        { condition: BACKUP_LENGTH_CONDITION, errorMessage: 'backup_window must be at least 30 minutes long (RDS).', invalid: '03:00-03:10' },
        {
          condition: NO_OVERLAP_CONDITION,
          errorMessage: `backup_window must not overlap maintenance_window on any day of the week (defaults ${DEFAULT_BACKUP_WINDOW} and ${DEFAULT_MAINTENANCE_WINDOW}: either may be the one set; RDS refuses overlapping windows).`,
          invalid: '04:00-05:00',
          invalidWith: { maintenance_window: DEFAULT_MAINTENANCE_WINDOW },
        },
      ],
    },
    {
      name: 'maintenance_window',
      type: 'string',
      description: 'Weekly maintenance window `ddd:hh24:mi-ddd:hh24:mi` UTC, at least 30 minutes.',
      default: DEFAULT_MAINTENANCE_WINDOW,
      validation: [
        {
          condition: matchesCondition('maintenance_window', MAINTENANCE_WINDOW_PATTERN),
          errorMessage: 'maintenance_window must be ddd:hh24:mi-ddd:hh24:mi in lowercase.',
          invalid: 'Sun:04:30-Sun:05:30',
        },
        { condition: MAINTENANCE_LENGTH_CONDITION, errorMessage: 'maintenance_window must be at least 30 minutes long (RDS).', invalid: 'sun:04:30-sun:04:40' },
      ],
    },
    { name: 'multi_az', type: 'bool', description: 'Synchronous standby in another AZ.', default: true },
    { name: 'deletion_protection', type: 'bool', description: "RDS deletion protection. false does not make the instance destroyable by Terraform: the module's prevent_destroy stays (remove it from the state instead).", default: true },
    logRetentionVariable('log_retention_days', 'Retention of the exported PostgreSQL and upgrade logs.'),
    {
      name: 'slow_statement_threshold_ms',
      type: 'number',
      description: 'log_min_duration_statement in milliseconds; -1 turns it off.',
      default: 1000,
      validation: [wholeNumberValidation('slow_statement_threshold_ms', DATABASE_RANGES.slowStatementThresholdMs)],
    },
    {
      name: 'performance_insights_retention_days',
      type: 'number',
      description: 'Performance Insights retention: 7, a multiple of 31 up to 713, or 731.',
      default: 7,
      validation: [
        {
          condition: performanceInsightsCondition('performance_insights_retention_days'),
          errorMessage: 'performance_insights_retention_days must be 7, a multiple of 31 up to 713, or 731.',
          invalid: 30,
        },
      ],
    },
  ],
  testInputs: {
    name: 'helloapi-test', account_id: '123456789012', region: 'eu-west-1',
    data_subnet_ids: ['subnet-0a000000000000001', 'subnet-0a000000000000002'],
    database_security_group_id: 'sg-0a000000000000001',
    database_port: 5432,
    instance_class: 'db.t4g.medium',
    allocated_storage: 20,
    max_allocated_storage: 100,
    database_name: 'helloapi',
  },
  exampleInputs: { tags: { Owner: 'platform' }, port: 5432, multi_az: false, backup_retention_days: 7, performance_insights_retention_days: 31, log_retention_days: 90 },
  build(scope, v) {
    const db = new Database(scope, 'database', {
      name: v.name.stringValue,
      accountId: v.account_id.stringValue,
      region: v.region.stringValue,
      partition: v.partition.stringValue,
      tags: stringMapValue(v.tags),
      // The port comes with the security group that admits it (the construct's default for `port`); the `port`
      // variable only refuses a different value.
      network: { dataSubnetIds: v.data_subnet_ids.listValue, databaseSecurityGroupId: v.database_security_group_id.stringValue, databasePort: v.database_port.numberValue },
      instanceClass: v.instance_class.stringValue,
      allocatedStorage: v.allocated_storage.numberValue,
      maxAllocatedStorage: v.max_allocated_storage.numberValue,
      engineVersion: v.engine_version.stringValue,
      databaseName: v.database_name.stringValue,
      masterUsername: v.master_username.stringValue,
      backupRetentionDays: v.backup_retention_days.numberValue,
      backupWindow: v.backup_window.stringValue,
      maintenanceWindow: v.maintenance_window.stringValue,
      multiAz: v.multi_az.booleanValue,
      deletionProtection: v.deletion_protection.booleanValue,
      logRetentionDays: v.log_retention_days.numberValue,
      slowStatementThresholdMs: v.slow_statement_threshold_ms.numberValue,
      performanceInsightsRetentionDays: v.performance_insights_retention_days.numberValue,
      stackOutputs: false,
    });
    const o = db.outputs;
    return [
      { name: 'address', description: 'Host name of the instance', value: o.address },
      { name: 'endpoint', description: 'host:port of the instance (TLS required)', value: o.endpoint },
      { name: 'port', description: 'PostgreSQL port', value: o.port },
      { name: 'database_name', description: 'Name of the application database', value: o.databaseName },
      { name: 'master_user_secret_arn', description: 'ARN of the RDS-managed master-user secret (keys username, password); the value is never in state', value: o.masterUserSecretArn },
      { name: 'kms_key_arn', description: 'ARN of the KMS key (storage, secret, Performance Insights, logs); readers of the secret need kms:Decrypt on it', value: o.kmsKeyArn },
      { name: 'instance_identifier', description: 'RDS instance identifier (CloudWatch dimension DBInstanceIdentifier)', value: o.instanceIdentifier },
      { name: 'instance_arn', description: 'ARN of the instance', value: o.instanceArn },
      { name: 'instance_resource_id', description: 'DbiResourceId, for rds-db:connect ARNs (IAM database authentication)', value: o.instanceResourceId },
      { name: 'log_group_names', description: 'The exported log groups', value: o.logGroupNames },
    ];
  },
};
