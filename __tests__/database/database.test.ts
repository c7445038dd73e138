/**
 * The database layer on its own (fake network values): every property it sets,
 * its defaults, the optional branches and prop validation.
 */
import { DatabaseProps, MONITORING_INTERVALS, RESERVED_MASTER_USERNAMES, databasePropsProblems } from '../../modules/database';
import { PropsError } from '../../modules/core/problems';
import { TerraformVariable } from 'cdktf';
import { Database } from '../../modules/database';
import { synthStack } from '../support/synth';
import { DatabasePropsOverride, FAKE_NETWORK, baseProps, buildDatabase, secretMaterialIn, synthDatabase } from './helpers';

const KEY = '${aws_kms_key.database_kms_key.arn}';

describe('database layer with defaults', () => {
  const { stack, database } = synthDatabase();
  const db = stack.resource('aws_db_instance', 'database_primary');

  it('creates exactly the layer resources at readable addresses', () => {
    expect(stack.addresses().sort()).toEqual(
      [
        'aws_cloudwatch_log_group.database_primary_postgresql_logs',
        'aws_cloudwatch_log_group.database_primary_upgrade_logs',
        'aws_db_instance.database_primary',
        'aws_db_parameter_group.database_parameter_group',
        'aws_db_subnet_group.database_subnet_group',
        'aws_iam_role.database_monitoring_role',
        'aws_iam_role_policy_attachment.database_monitoring_role_policy',
        'aws_kms_alias.database_kms_alias',
        'aws_kms_key.database_kms_key',
      ].sort(),
    );
  });

  it('runs PostgreSQL 17 privately in the data subnets with the network layer security group', () => {
    expect(db).toMatchObject({
      identifier: 'helloapi-test-db',
      engine: 'postgres',
      engine_version: '17',
      instance_class: 'db.t4g.medium',
      publicly_accessible: false,
      port: 5432,
      db_subnet_group_name: '${aws_db_subnet_group.database_subnet_group.name}',
      vpc_security_group_ids: [FAKE_NETWORK.databaseSecurityGroupId],
      db_name: 'helloapi',
    });
    expect(stack.resource('aws_db_subnet_group', 'database_subnet_group')).toMatchObject({
      name: 'helloapi-test-db',
      subnet_ids: FAKE_NETWORK.dataSubnetIds,
    });
  });

  it('lets RDS manage the master password in Secrets Manager with the layer key; the user is not a default', () => {
    expect(db.manage_master_user_password).toBe(true);
    expect(db.master_user_secret_kms_key_id).toBe(KEY);
    expect(db.username).toBe('dbadmin');
    expect(RESERVED_MASTER_USERNAMES).toContain('postgres');
    expect(db).not.toHaveProperty('password');
    expect(db).not.toHaveProperty('password_wo');
  });

  it('encrypts gp3 storage with the customer-managed key and autoscales to 5 x the allocation', () => {
    expect(db).toMatchObject({ storage_type: 'gp3', storage_encrypted: true, kms_key_id: KEY, allocated_storage: 20, max_allocated_storage: 100 });
  });

  it('uses a rotating customer key that is prevent_destroy, lets CloudWatch Logs use it for this account only', () => {
    const key = stack.resource('aws_kms_key', 'database_kms_key');
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    const policy = JSON.parse(key.policy as string);
    const sids = policy.Statement.map((s: { Sid: string }) => s.Sid);
    expect(sids).toEqual(['AccountAdministers', 'CloudWatchLogsUse']);
    const logs = policy.Statement[1];
    expect(logs.Principal).toEqual({ Service: 'logs.us-east-1.amazonaws.com' });
    expect(logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toBe('arn:aws:logs:us-east-1:123456789012:log-group:*');
    expect(stack.resource('aws_kms_alias', 'database_kms_alias').name).toBe('alias/helloapi-test/database');
  });

  it('forces TLS and logs slow statements, connections and disconnections in a postgres17 parameter group', () => {
    const pg = stack.resource('aws_db_parameter_group', 'database_parameter_group');
    expect(pg).toMatchObject({ name: 'helloapi-test-postgres17', family: 'postgres17', lifecycle: { create_before_destroy: true } });
    const params = Object.fromEntries((pg.parameter as { name: string; value: string }[]).map((p) => [p.name, p.value]));
    expect(params).toEqual({ 'rds.force_ssl': '1', log_min_duration_statement: '1000', log_connections: '1', log_disconnections: '1' });
    expect(db.parameter_group_name).toBe('${aws_db_parameter_group.database_parameter_group.name}');
  });

  it('exports postgresql and upgrade logs to log groups it creates first, with retention and KMS', () => {
    expect(db.enabled_cloudwatch_logs_exports).toEqual(['postgresql', 'upgrade']);
    for (const type of ['postgresql', 'upgrade']) {
      expect(stack.resource('aws_cloudwatch_log_group', `database_primary_${type}_logs`)).toMatchObject({
        name: `/aws/rds/instance/helloapi-test-db/${type}`,
        retention_in_days: 365,
        kms_key_id: KEY,
      });
      expect(db.depends_on).toContain(`aws_cloudwatch_log_group.database_primary_${type}_logs`);
    }
  });

  it('is recoverable: 14-day backups in a window apart from maintenance, tags on snapshots, deletion protection, Multi-AZ, final snapshot, prevent_destroy', () => {
    expect(db).toMatchObject({
      backup_retention_period: 14,
      backup_window: '03:00-04:00',
      maintenance_window: 'sun:04:30-sun:05:30',
      copy_tags_to_snapshot: true,
      deletion_protection: true,
      multi_az: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'helloapi-test-db-final',
      delete_automated_backups: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  it('turns on Performance Insights (7 days, KMS), IAM auth, minor upgrades, and never major upgrades or immediate changes silently', () => {
    expect(db).toMatchObject({
      performance_insights_enabled: true,
      performance_insights_kms_key_id: KEY,
      performance_insights_retention_period: 7,
      iam_database_authentication_enabled: true,
      auto_minor_version_upgrade: true,
      allow_major_version_upgrade: false,
      apply_immediately: false,
      ca_cert_identifier: 'rds-ca-rsa2048-g1',
    });
  });

  it('sends Enhanced Monitoring every 60 s through its own role trusted only by RDS monitoring for this account', () => {
    expect(db.monitoring_interval).toBe(60);
    expect(db.monitoring_role_arn).toBe('${aws_iam_role.database_monitoring_role.arn}');
    expect(db.depends_on).toContain('aws_iam_role_policy_attachment.database_monitoring_role_policy');
    const role = stack.resource('aws_iam_role', 'database_monitoring_role');
    expect(role.name).toBe('helloapi-test-rds-monitoring');
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'monitoring.rds.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:rds:us-east-1:123456789012:db:helloapi-test-db*' },
        },
      },
    ]);
    expect(stack.resource('aws_iam_role_policy_attachment', 'database_monitoring_role_policy')).toEqual(
      expect.objectContaining({
        role: '${aws_iam_role.database_monitoring_role.name}',
        policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
      }),
    );
  });

  it('hands typed outputs to the other layers, the secret ARN from the master_user_secret attribute', () => {
    expect(database.outputs.databaseName).toBe('helloapi');
    expect(database.outputs.securityGroupId).toBe(FAKE_NETWORK.databaseSecurityGroupId);
    expect(database.outputs.masterUsername).toBe('dbadmin');
    expect(database.outputs.replicaIdentifiers).toEqual([]);
    expect(database.outputs.logGroupNames).toHaveLength(2);
    // Stack outputs render the tokens.
    expect(stack.json.output?.database_master_user_secret_arn.value).toBe('${aws_db_instance.database_primary.master_user_secret[0].secret_arn}');
    expect(stack.json.output?.database_endpoint.value).toBe('${aws_db_instance.database_primary.endpoint}');
  });

  it('puts no password, secret value or credential anywhere in the synthesized JSON', () => {
    expect(secretMaterialIn(stack.json)).toEqual([]);
    expect(stack.count('aws_secretsmanager_secret_version')).toBe(0);
    expect(stack.text()).not.toMatch(/"password"/);
  });

  it('builds the rds-db:connect ARN for IAM database authentication', () => {
    expect(database.iamConnectArn('app_user')).toMatch(/^arn:aws:rds-db:us-east-1:123456789012:dbuser:\$\{TfToken\[TOKEN\.\d+\]\}\/app_user$/);
    expect(() => database.iamConnectArn('App-User')).toThrow(/not a PostgreSQL user name/);
  });
});

describe('database layer options', () => {
  it('listens on the port the network admits (network.databasePort), else on port, else 5432', () => {
    const port = (overrides: DatabasePropsOverride) => synthDatabase(overrides).stack.resource('aws_db_instance', 'database_primary').port;
    expect(port({ network: { ...FAKE_NETWORK, databasePort: 6432 } })).toBe(6432);
    expect(port({ network: { ...FAKE_NETWORK, databasePort: 6432 }, port: 6432 })).toBe(6432);
    expect(port({ network: { ...FAKE_NETWORK, databasePort: undefined }, port: 6543 })).toBe(6543);
    expect(port({})).toBe(5432);
  });

  it('refuses a network port RDS PostgreSQL cannot listen on when port is unset (1150-65535)', () => {
    expect(() => synthDatabase({ network: { ...FAKE_NETWORK, databasePort: 1000 } })).toThrow(/network\.databasePort = 1000: must be a whole number 1150-65535/);
  });

  it('refuses a port other than the one the network admits (the app could never reach it)', () => {
    expect(() => synthDatabase({ network: { ...FAKE_NETWORK, databasePort: 6432 }, port: 6543 })).toThrow(
      /port = 6543: must equal network\.databasePort \(6432\), the port the database security group admits/,
    );
  });

  it('relaxes only what it is told: single-AZ, no deletion protection, no final snapshot, no prevent_destroy', () => {
    const { stack } = synthDatabase({ multiAz: false, deletionProtection: false, skipFinalSnapshot: true, preventDestroy: false });
    const db = stack.resource('aws_db_instance', 'database_primary');
    expect(db).toMatchObject({ multi_az: false, deletion_protection: false, skip_final_snapshot: true, delete_automated_backups: true });
    expect(db).not.toHaveProperty('final_snapshot_identifier');
    expect(db.lifecycle).toEqual({ prevent_destroy: false });
    expect(stack.resource('aws_kms_key', 'database_kms_key').lifecycle).toEqual({ prevent_destroy: false });
    // Everything else stays on.
    expect(db).toMatchObject({ storage_encrypted: true, publicly_accessible: false, manage_master_user_password: true, backup_retention_period: 14 });
  });

  it('derives the parameter group family from the engine major and takes the configured sizes, names and windows', () => {
    const { stack } = synthDatabase({
      engineVersion: '16.4',
      instanceClass: 'db.r7g.large',
      allocatedStorage: 100,
      maxAllocatedStorage: 400,
      masterUsername: 'helloapi_admin',
      databaseName: 'orders',
      port: 6543,
      backupRetentionDays: 30,
      backupWindow: '22:00-23:00',
      maintenanceWindow: 'Wed:01:00-Wed:02:00',
      logRetentionDays: 90,
      performanceInsightsRetentionDays: 731,
      slowStatementThresholdMs: 250,
      logConnections: false,
      parameters: { idle_in_transaction_session_timeout: '60000' },
    });
    const db = stack.resource('aws_db_instance', 'database_primary');
    expect(db).toMatchObject({
      engine_version: '16.4',
      instance_class: 'db.r7g.large',
      allocated_storage: 100,
      max_allocated_storage: 400,
      username: 'helloapi_admin',
      db_name: 'orders',
      port: 6543,
      backup_retention_period: 30,
      backup_window: '22:00-23:00',
      maintenance_window: 'wed:01:00-wed:02:00',
      performance_insights_retention_period: 731,
    });
    const pg = stack.resource('aws_db_parameter_group', 'database_parameter_group');
    expect(pg).toMatchObject({ family: 'postgres16', name: 'helloapi-test-postgres16' });
    const params = Object.fromEntries((pg.parameter as { name: string; value: string }[]).map((p) => [p.name, p.value]));
    expect(params).toEqual({
      'rds.force_ssl': '1',
      log_min_duration_statement: '250',
      log_connections: '0',
      log_disconnections: '0',
      idle_in_transaction_session_timeout: '60000',
    });
    expect(stack.resource('aws_cloudwatch_log_group', 'database_primary_postgresql_logs').retention_in_days).toBe(90);
  });

  it('provisions gp3 IOPS and throughput on large volumes, for the replicas too', () => {
    const { stack } = synthDatabase({ allocatedStorage: 400, iops: 12000, storageThroughput: 500, readReplicas: 1 });
    for (const name of ['database_primary', 'database_replica_1']) {
      expect(stack.resource('aws_db_instance', name)).toMatchObject({ storage_type: 'gp3', iops: 12000, storage_throughput: 500 });
    }
    const { stack: small } = synthDatabase();
    expect(small.resource('aws_db_instance', 'database_primary')).not.toHaveProperty('iops');
    expect(small.resource('aws_db_instance', 'database_primary')).not.toHaveProperty('storage_throughput');
  });

  it('creates no monitoring role when Enhanced Monitoring is off', () => {
    const { stack } = synthDatabase({ monitoringInterval: 0 });
    const db = stack.resource('aws_db_instance', 'database_primary');
    expect(db.monitoring_interval).toBe(0);
    expect(db).not.toHaveProperty('monitoring_role_arn');
    expect(stack.count('aws_iam_role')).toBe(0);
  });

  it('uses the partition in ARNs', () => {
    const { stack } = synthDatabase({ partition: 'aws-us-gov', region: 'us-gov-west-1' });
    expect(stack.resource('aws_iam_role_policy_attachment', 'database_monitoring_role_policy').policy_arn).toBe(
      'arn:aws-us-gov:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
    );
    expect(stack.resource('aws_iam_role', 'database_monitoring_role').assume_role_policy).toContain('arn:aws-us-gov:rds:us-gov-west-1:123456789012:db:helloapi-test-db*');
  });

  it('can leave out the stack outputs', () => {
    const { stack } = synthDatabase({ stackOutputs: false });
    expect(Object.keys(stack.json.output ?? {})).toEqual([]);
  });

  describe('read replicas', () => {
    const { stack, database } = synthDatabase({ readReplicas: 2 });
    const replica = (i: number) => stack.resource('aws_db_instance', `database_replica_${i}`);

    it('replicates the primary by identifier, same class, encrypted gp3, private, same security group and parameters', () => {
      for (const i of [1, 2]) {
        expect(replica(i)).toMatchObject({
          identifier: `helloapi-test-db-replica-${i}`,
          replicate_source_db: '${aws_db_instance.database_primary.identifier}',
          instance_class: 'db.t4g.medium',
          storage_type: 'gp3',
          storage_encrypted: true,
          kms_key_id: KEY,
          publicly_accessible: false,
          vpc_security_group_ids: [FAKE_NETWORK.databaseSecurityGroupId],
          parameter_group_name: '${aws_db_parameter_group.database_parameter_group.name}',
          performance_insights_enabled: true,
          performance_insights_kms_key_id: KEY,
          monitoring_interval: 60,
          iam_database_authentication_enabled: true,
          deletion_protection: true,
          skip_final_snapshot: true,
          lifecycle: { prevent_destroy: true },
          enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
        });
      }
    });

    it('sets no credentials, database name or subnet group on a same-region replica (all inherited)', () => {
      for (const attr of ['username', 'manage_master_user_password', 'db_name', 'db_subnet_group_name', 'final_snapshot_identifier', 'engine', 'allocated_storage', 'password']) {
        expect(replica(1)).not.toHaveProperty(attr);
      }
    });

    it('gives each replica its own encrypted log groups, created first', () => {
      expect(stack.resource('aws_cloudwatch_log_group', 'database_replica_2_postgresql_logs')).toMatchObject({
        name: '/aws/rds/instance/helloapi-test-db-replica-2/postgresql',
        kms_key_id: KEY,
        retention_in_days: 365,
      });
      expect(replica(2).depends_on).toEqual(['aws_cloudwatch_log_group.database_replica_2_postgresql_logs', 'aws_cloudwatch_log_group.database_replica_2_upgrade_logs']);
      expect(database.outputs.logGroupNames).toHaveLength(6);
      expect(database.outputs.replicaIdentifiers).toHaveLength(2);
    });

    it('warns at synth that RDS refuses replicas of an instance with an RDS-managed master password', () => {
      const warnings = database.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
      expect(warnings.join('\n')).toMatch(/RDS refuses to create a read replica of an instance whose master password is managed in Secrets Manager/);
    });

    it('puts no secret material in the JSON', () => {
      expect(secretMaterialIn(stack.json)).toEqual([]);
    });
  });
});

describe('database prop validation', () => {
  const refuses = (overrides: Parameters<typeof buildDatabase>[0], message: RegExp) => expect(() => buildDatabase(overrides)).toThrow(message);
  /** The props problems of the base props with overrides, as `prop: message` lines. */
  const problems = (overrides: Partial<DatabaseProps>) => databasePropsProblems(baseProps(overrides)).map((p) => `${p.prop}: ${p.message}`);

  it('accepts the base props and every committed default', () => {
    expect(databasePropsProblems(baseProps())).toEqual([]);
  });

  it.each(['postgres', 'admin', 'root', 'rdsadmin', 'pg_owner', 'rds_admin'])('refuses the master user name %s', (masterUsername) => {
    refuses({ masterUsername }, new RegExp(`masterUsername = "${masterUsername}": is a default, reserved or guessable name`));
  });

  it('refuses backup retention under 7 or over 35 days', () => {
    refuses({ backupRetentionDays: 3 }, /backupRetentionDays = 3: must be a whole number 7-35/);
    refuses({ backupRetentionDays: 0 }, /backupRetentionDays/);
    refuses({ backupRetentionDays: 36 }, /backupRetentionDays/);
  });

  it('refuses overlapping, malformed or short windows', () => {
    refuses({ backupWindow: '04:00-05:00' }, /backupWindow = "04:00-05:00": overlaps maintenanceWindow "sun:04:30-sun:05:30"/);
    refuses({ backupWindow: '23:30-00:30', maintenanceWindow: 'mon:00:00-mon:01:00' }, /overlaps/);
    refuses({ backupWindow: '3:00-4:00' }, /backupWindow = "3:00-4:00": must be hh24:mi-hh24:mi/);
    refuses({ backupWindow: '03:00-03:15' }, /at least 30 minutes/);
    refuses({ maintenanceWindow: 'sun:04:30' }, /maintenanceWindow = "sun:04:30": must be ddd:hh24:mi-ddd:hh24:mi/);
  });

  it('refuses storage, versions, names and intervals RDS would reject', () => {
    refuses({ allocatedStorage: 10 }, /allocatedStorage = 10: must be a whole number 20-65536/);
    refuses({ allocatedStorage: 100, maxAllocatedStorage: 50 }, /maxAllocatedStorage = 50: must be at least allocatedStorage \(100\)/);
    refuses({ engineVersion: '13' }, /too old/);
    refuses({ engineVersion: 'latest' }, /must be a PostgreSQL major/);
    refuses({ databaseName: 'postgres' }, /databaseName = "postgres": is reserved/);
    refuses({ databaseName: 'Hello-API' }, /databaseName/);
    refuses({ instanceClass: 'm7g.large' }, /instanceClass/);
    refuses({ monitoringInterval: 45 }, new RegExp(`monitoringInterval = 45: must be one of ${MONITORING_INTERVALS.join(', ')}`));
    refuses({ performanceInsightsRetentionDays: 30 }, /performanceInsightsRetentionDays/);
    refuses({ logRetentionDays: 10 }, /logRetentionDays = 10: must be a CloudWatch Logs retention value/);
    refuses({ readReplicas: 6 }, /readReplicas = 6: must be a whole number 0-5/);
    refuses({ port: 80 }, /port = 80: must be a whole number 1150-65535/);
    refuses({ slowStatementThresholdMs: -5 }, /slowStatementThresholdMs/);
    refuses({ network: { dataSubnetIds: ['subnet-1'], databaseSecurityGroupId: 'sg-1' } }, /network\.dataSubnetIds = \["subnet-1"\]: must list at least 2 subnets/);
    refuses({ name: 'Hello--db' }, /name = "Hello--db"/);
  });

  it('refuses provisioned IOPS on small volumes and throughput without IOPS', () => {
    refuses({ allocatedStorage: 100, iops: 12000 }, /iops = 12000: needs allocatedStorage of at least 400 GiB/);
    refuses({ allocatedStorage: 400, iops: 3000 }, /iops = 3000: must be a whole number 12000-64000/);
    refuses({ allocatedStorage: 400, storageThroughput: 500 }, /storageThroughput = 500: needs iops/);
  });

  it('refuses overriding the layer’s own parameters', () => {
    refuses({ parameters: { 'rds.force_ssl': '0' } }, /parameters\.rds\.force_ssl = "0": is set by the layer/);
    expect(problems({ parameters: { log_connections: '0', log_disconnections: '0', work_mem: '8MB' } })).toEqual([
      'parameters.log_connections: is set by the layer and cannot be overridden here',
      'parameters.log_disconnections: is set by the layer and cannot be overridden here',
    ]);
  });

  it('leaves token values to Terraform but refuses tokens for what decides which resources exist', () => {
    let error: unknown;
    synthStack((s) => {
      const count = new TerraformVariable(s, 'replicas', { type: 'number' });
      const interval = new TerraformVariable(s, 'interval', { type: 'number' });
      const name = new TerraformVariable(s, 'name', { type: 'string' });
      try {
        new Database(s, 'database', baseProps({ name: name.stringValue, readReplicas: count.numberValue, monitoringInterval: interval.numberValue }));
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(PropsError);
    expect((error as PropsError).problems.map((p) => p.prop)).toEqual(['readReplicas', 'monitoringInterval']);
    expect(String(error)).toMatch(/readReplicas: must be a literal value, not a token/);
    expect(String(error)).toMatch(/monitoringInterval: must be a literal value/);
  });

  it('reports every problem at once in one PropsError naming the construct', () => {
    let error: unknown;
    try {
      buildDatabase({ backupRetentionDays: 1, masterUsername: 'postgres', allocatedStorage: 3, backupWindow: '04:00-05:00', port: 22 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsError);
    const e = error as PropsError;
    expect(e.construct).toBe('Database test/database');
    expect(e.problems.map((p) => p.prop).sort()).toEqual(['allocatedStorage', 'backupRetentionDays', 'backupWindow', 'masterUsername', 'maxAllocatedStorage', 'port']);
    expect(e.message).toMatch(/^Database test\/database: invalid props \(6 problems\):\n/);
    expect(e.message).toMatch(/\n {2}backupRetentionDays = 1: must be a whole number 7-35\n/);
    expect(e.message).toMatch(/\n {2}maxAllocatedStorage = 15: must be a whole number 20-65536/);
  });

  it('exports the rules as a pure function that names each prop, value and what is allowed', () => {
    // Grouped by concern: naming, storage, recovery, operations, parameters.
    expect(databasePropsProblems(baseProps({ readReplicas: 9, logRetentionDays: 2, storageThroughput: 100 }))).toEqual([
      { prop: 'storageThroughput', value: 100, message: 'needs iops as well (RDS provisions them together)' },
      { prop: 'storageThroughput', value: 100, message: 'must be a whole number 500-4000' },
      { prop: 'readReplicas', value: 9, message: 'must be a whole number 0-5' },
      { prop: 'logRetentionDays', value: 2, message: expect.stringMatching(/^must be a CloudWatch Logs retention value \(1, 3, 5/) },
    ]);
  });
});
