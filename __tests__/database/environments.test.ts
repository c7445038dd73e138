/**
 * The database layer as the product composes it: every committed environment file,
 * relaxations only where a file declares them, production refusing them at validation.
 */
import { loadEnvironments } from '../../modules/config/load';
import { ConfigError, validateEnvironments } from '../../modules/config/validate';
import type { EnvironmentInput } from '../../modules/config/schema';
import { devInput, prodInput, resolveInputs } from '../support/fixtures';
import { SynthesizedStack, synthEnvironments, committedStacks } from '../support/synth';
import { secretMaterialIn } from './helpers';

const configs = loadEnvironments();
const stacks = committedStacks();
const ENVS = configs.map((c) => [c.name, c] as const);
const KEY = '${aws_kms_key.database_kms_key.arn}';

function stackOf(env: string): SynthesizedStack {
  const s = stacks.get(`helloapi-${env}`);
  if (!s) throw new Error(`no stack helloapi-${env}; have ${[...stacks.keys()].join(', ')}`);
  return s;
}

describe.each(ENVS)('database in %s', (env, config) => {
  const stack = stackOf(env);
  const db = stack.resource('aws_db_instance', 'database_primary');
  const relaxed = (name: string) => config.relaxations[name as keyof typeof config.relaxations] !== undefined;

  it('is private PostgreSQL in the data subnets of the network layer, behind its database security group', () => {
    expect(db).toMatchObject({
      identifier: `helloapi-${env}-db`,
      engine: 'postgres',
      engine_version: config.database.engineVersion,
      instance_class: config.database.instanceClass,
      publicly_accessible: false,
      vpc_security_group_ids: ['${aws_security_group.network_db_sg.id}'],
      db_subnet_group_name: '${aws_db_subnet_group.database_subnet_group.name}',
      port: 5432,
      db_name: config.database.databaseName,
    });
    const subnets = stack.resource('aws_db_subnet_group', 'database_subnet_group').subnet_ids as string[];
    expect(subnets).toEqual(['a', 'b', 'c'].slice(0, config.network.azCount).map((l) => `\${aws_subnet.network_data_${l}.id}`));
  });

  it('has RDS-managed credentials encrypted with the layer key and a non-default master user', () => {
    expect(db).toMatchObject({ manage_master_user_password: true, master_user_secret_kms_key_id: KEY, username: config.database.masterUsername });
    expect(db.username).not.toBe('postgres');
  });

  it('encrypts gp3 storage with the rotating customer key and autoscales to the configured maximum', () => {
    expect(db).toMatchObject({
      storage_type: 'gp3',
      storage_encrypted: true,
      kms_key_id: KEY,
      allocated_storage: config.database.allocatedStorage,
      max_allocated_storage: config.database.maxAllocatedStorage,
    });
    expect(stack.resource('aws_kms_key', 'database_kms_key').enable_key_rotation).toBe(true);
  });

  it('forces TLS and logs slow statements', () => {
    const params = stack.resource('aws_db_parameter_group', 'database_parameter_group').parameter as { name: string; value: string }[];
    expect(params).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'rds.force_ssl', value: '1' }), expect.objectContaining({ name: 'log_min_duration_statement', value: '1000' })]));
  });

  it('exports logs to encrypted log groups with the environment retention', () => {
    expect(db.enabled_cloudwatch_logs_exports).toEqual(['postgresql', 'upgrade']);
    expect(stack.resource('aws_cloudwatch_log_group', 'database_primary_postgresql_logs')).toMatchObject({
      name: `/aws/rds/instance/helloapi-${env}-db/postgresql`,
      retention_in_days: config.logRetentionDays,
      kms_key_id: KEY,
    });
  });

  it(`keeps backups ${config.production ? 14 : 7} days with windows, tags copied to snapshots`, () => {
    expect(db).toMatchObject({
      backup_retention_period: config.production ? 14 : 7,
      backup_window: '03:00-04:00',
      maintenance_window: 'sun:04:30-sun:05:30',
      copy_tags_to_snapshot: true,
    });
  });

  it('turns on Performance Insights (7 days, KMS), enhanced monitoring, IAM auth and minor upgrades', () => {
    expect(db).toMatchObject({
      performance_insights_enabled: true,
      performance_insights_kms_key_id: KEY,
      performance_insights_retention_period: 7,
      monitoring_interval: 60,
      monitoring_role_arn: '${aws_iam_role.database_monitoring_role.arn}',
      iam_database_authentication_enabled: true,
      auto_minor_version_upgrade: true,
    });
  });

  it('relaxes Multi-AZ, deletion protection and the final snapshot only where the environment file says so', () => {
    expect(db.multi_az).toBe(!relaxed('singleAzDatabase'));
    expect(db.deletion_protection).toBe(!relaxed('noDeletionProtection'));
    expect(db.lifecycle).toEqual({ prevent_destroy: !relaxed('noDeletionProtection') });
    expect(stack.resource('aws_kms_key', 'database_kms_key').lifecycle).toEqual({ prevent_destroy: !relaxed('noDeletionProtection') });
    expect(db.skip_final_snapshot).toBe(relaxed('skipFinalSnapshot'));
    if (relaxed('skipFinalSnapshot')) expect(db).not.toHaveProperty('final_snapshot_identifier');
    else expect(db.final_snapshot_identifier).toBe(`helloapi-${env}-db-final`);
  });

  it(`has ${config.database.readReplicas} read replica(s) of the primary`, () => {
    expect(stack.count('aws_db_instance')).toBe(1 + config.database.readReplicas);
    for (let i = 1; i <= config.database.readReplicas; i++) {
      expect(stack.resource('aws_db_instance', `database_replica_${i}`)).toMatchObject({
        replicate_source_db: '${aws_db_instance.database_primary.identifier}',
        instance_class: config.database.instanceClass,
        storage_encrypted: true,
        performance_insights_enabled: true,
      });
    }
  });

  it('hands the master secret ARN, never a value, to the app', () => {
    expect(stack.json.output?.database_master_user_secret_arn.value).toBe('${aws_db_instance.database_primary.master_user_secret[0].secret_arn}');
  });

  it('has no password, secret value or generated credential anywhere in the synthesized JSON', () => {
    expect(secretMaterialIn(stack.json)).toEqual([]);
  });
});

describe('environment files', () => {
  const byName = new Map(configs.map((c) => [c.name, c]));

  it('dev relaxes the database on purpose, with reasons', () => {
    const dev = byName.get('dev')!;
    expect(dev.relaxations.singleAzDatabase?.reason).toMatch(/\S.{9,}/);
    expect(dev.relaxations.noDeletionProtection?.reason).toMatch(/\S.{9,}/);
    expect(dev.relaxations.skipFinalSnapshot?.reason).toMatch(/\S.{9,}/);
    const db = stackOf('dev').resource('aws_db_instance', 'database_primary');
    expect(db).toMatchObject({ multi_az: false, deletion_protection: false, skip_final_snapshot: true });
  });

  it('prod keeps every database protection', () => {
    const db = stackOf('prod').resource('aws_db_instance', 'database_primary');
    expect(db).toMatchObject({
      multi_az: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'helloapi-prod-db-final',
      backup_retention_period: 14,
      lifecycle: { prevent_destroy: true },
    });
  });
});

describe('relaxations come only from the environment file', () => {
  it('a non-production environment without database relaxations gets Multi-AZ, deletion protection and a final snapshot', () => {
    const [config] = resolveInputs(devInput());
    expect(config.relaxations).toEqual({});
    const stack = synthEnvironments([config]).get('helloapi-dev')!;
    const db = stack.resource('aws_db_instance', 'database_primary');
    expect(db).toMatchObject({
      multi_az: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'helloapi-dev-db-final',
      backup_retention_period: 7,
      lifecycle: { prevent_destroy: true },
    });
  });

  it('each database relaxation changes only its own setting', () => {
    const [config] = resolveInputs(devInput({ relaxations: { singleAzDatabase: { reason: 'Cost: dev data is disposable.' } } }));
    const db = synthEnvironments([config]).get('helloapi-dev')!.resource('aws_db_instance', 'database_primary');
    expect(db).toMatchObject({ multi_az: false, deletion_protection: true, skip_final_snapshot: false, lifecycle: { prevent_destroy: true } });
  });
});

describe('production refuses database relaxations at validation time', () => {
  const refuse = (relaxations: EnvironmentInput['relaxations'], field: string) => {
    let error: unknown;
    try {
      validateEnvironments([{ source: 'environments/prod.ts', fileName: 'prod', raw: prodInput({ relaxations }) }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).toContain(`relaxations.${field}`);
    expect(String((error as Error).message)).toMatch(/not allowed in production/);
  };

  it.each(['singleAzDatabase', 'noDeletionProtection', 'skipFinalSnapshot'])('refuses %s', (name) => {
    refuse({ [name]: { reason: 'Trying to save money in production.' } }, name);
  });

  it('the same input without relaxations is valid', () => {
    expect(() => validateEnvironments([{ source: 'environments/prod.ts', fileName: 'prod', raw: prodInput() }])).not.toThrow();
  });

  it('refuses the engine-default master user name and short backups in any environment', () => {
    for (const [database, field] of [
      [{ instanceClass: 'db.t4g.micro', allocatedStorage: 20, masterUsername: 'postgres' }, 'database.masterUsername'],
      [{ instanceClass: 'db.t4g.micro', allocatedStorage: 20, backupRetentionDays: 3 }, 'database.backupRetentionDays'],
    ] as const) {
      expect(() => resolveInputs(devInput({ database }))).toThrow(field);
    }
  });
});

describe('database windows and slow-statement threshold from the environment file', () => {
  const database = { instanceClass: 'db.t4g.micro', allocatedStorage: 20 };

  it('flows to the instance and the parameter group', () => {
    const [config] = resolveInputs(devInput({ database: { ...database, backupWindow: '22:00-23:00', maintenanceWindow: 'Wed:01:00-Wed:02:00', slowStatementThresholdMs: 300 } }));
    const stack = synthEnvironments([config]).get('helloapi-dev')!;
    expect(stack.resource('aws_db_instance', 'database_primary')).toMatchObject({ backup_window: '22:00-23:00', maintenance_window: 'wed:01:00-wed:02:00' });
    const params = stack.resource('aws_db_parameter_group', 'database_parameter_group').parameter as { name: string; value: string }[];
    expect(params).toContainEqual(expect.objectContaining({ name: 'log_min_duration_statement', value: '300' }));
  });

  it('refuses overlapping or malformed windows at validation, naming the field', () => {
    expect(() => resolveInputs(devInput({ database: { ...database, backupWindow: '04:00-05:00' } }))).toThrow(/database\.backupWindow = "04:00-05:00": .*overlaps maintenanceWindow "sun:04:30-sun:05:30"/);
    expect(() => resolveInputs(devInput({ database: { ...database, maintenanceWindow: 'sun:03:30-sun:04:30' } }))).toThrow(/database\.maintenanceWindow = "sun:03:30-sun:04:30": .*overlaps/);
    expect(() => resolveInputs(devInput({ database: { ...database, maintenanceWindow: 'sunday 4am' } }))).toThrow(/database\.maintenanceWindow.*must be ddd:hh24:mi-ddd:hh24:mi/);
    expect(() => resolveInputs(devInput({ database: { ...database, backupWindow: '03:00-03:10' } }))).toThrow(/database\.backupWindow.*at least 30 minutes/);
    expect(() => resolveInputs(devInput({ database: { ...database, slowStatementThresholdMs: -2 } }))).toThrow(/database\.slowStatementThresholdMs/);
  });
});
