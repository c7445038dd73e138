/**
 * The database layer emitted as a plain Terraform JSON module: its variables
 * and outputs, no secret material, and an offline plan through a consumer root
 * module (HCL-style: `module "database" { source = "./database" ... }`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { emitTerraformModule, EmittedModule } from '../../modules/core/terraform-module';
import { databaseModule } from '../../modules/database/terraform-module';
import { planStacks, StackPlanResult } from '../../scripts/offline-plan';
import { findProviderMirror, offlineEnv, run, terraformBinary, writeCliConfig } from '../../scripts/terraform';
import { tmpOutdir } from '../support/synth';
import { secretMaterialIn } from './helpers';
import { offlineAwsProviderJson } from '../support/offline-provider';

describe('database as a Terraform module', () => {
  const outdir = tmpOutdir('helloapi-db-module-');
  let emitted: EmittedModule;
  let result: StackPlanResult;
  let root: string;
  let consumer: Record<string, any>;

  beforeAll(async () => {
    emitted = emitTerraformModule(databaseModule, outdir);
    root = path.join(outdir, 'root');
    fs.mkdirSync(root);
    fs.cpSync(emitted.dir, path.join(root, 'database'), { recursive: true });
    consumer = {
      terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
      provider: { aws: [offlineAwsProviderJson('us-east-1')] },
      module: {
        database: {
          source: './database',
          name: 'consumer-prod',
          account_id: '123456789012',
          region: 'us-east-1',
          data_subnet_ids: ['subnet-0daaaaaaaaaaaaaa1', 'subnet-0dbbbbbbbbbbbbbb2'],
          database_security_group_id: 'sg-0db00000000000001',
          // The network module's output `database_port`: the port its security group admits.
          database_port: 5432,
          tags: { CostCenter: 'orders' },
          instance_class: 'db.t4g.medium',
          allocated_storage: 50,
          max_allocated_storage: 200,
          engine_version: '16.4',
          database_name: 'orders',
        },
      },
      output: { secret: { value: '${module.database.master_user_secret_arn}' } },
    };
    fs.writeFileSync(path.join(root, 'main.tf.json'), JSON.stringify(consumer, null, 2));
    [result] = await planStacks({ stackDirs: [root], concurrency: 1, keepPlanJson: true, validate: false });
  });

  it('declares the variables with defaults and validation, and strips provider and backend', () => {
    const json = emitted.json as Record<string, any>;
    expect(json.provider).toBeUndefined();
    expect(json.terraform.backend).toBeUndefined();
    expect(json.variable.master_username.default).toBe('dbadmin');
    expect(json.variable.engine_version.default).toBe('17');
    expect(json.variable.master_username.validation[0].condition).toContain('"postgres"');
    expect(json.variable.backup_retention_days.validation[0].condition).toContain('var.backup_retention_days >= 7');
    expect(Object.keys(json.output)).toEqual(expect.arrayContaining(['endpoint', 'master_user_secret_arn', 'kms_key_arn', 'instance_identifier']));
    expect(fs.readFileSync(path.join(emitted.dir, 'README.md'), 'utf8')).toMatch(/\| master_username \|/);
  });

  it('derives the parameter group family from the engine_version variable', () => {
    const pg = (emitted.json as Record<string, any>).resource.aws_db_parameter_group.database_parameter_group;
    expect(pg.family).toBe('postgres${element(split(".", var.engine_version), 0)}');
    // Its Name tag holds the same expression: copied into the merge with var.tags unescaped (valid HCL).
    expect(pg.tags).toBe('${merge(var.tags, { "Name" = "${var.name}-postgres${element(split(".", var.engine_version), 0)}" })}');
  });

  it('keeps the secure choices fixed: RDS-managed password, final snapshot, prevent_destroy, no replicas', () => {
    const db = (emitted.json as Record<string, any>).resource.aws_db_instance.database_primary;
    expect(db).toMatchObject({
      manage_master_user_password: true,
      storage_encrypted: true,
      publicly_accessible: false,
      skip_final_snapshot: false,
      final_snapshot_identifier: '${var.name}-db-final',
      lifecycle: { prevent_destroy: true },
    });
    expect(Object.keys((emitted.json as Record<string, any>).resource.aws_db_instance)).toEqual(['database_primary']);
    expect(secretMaterialIn(emitted.json)).toEqual([]);
  });

  it('validates and plans offline from a consumer root module', () => {
    expect(result.error ?? '').toBe('');
    expect(result.ok).toBe(true);
    const changes = result.planJson?.resource_changes ?? [];
    expect(changes.map((c) => c.address)).toContain('module.database.aws_db_instance.database_primary');
    const instance = changes.find((c) => c.address === 'module.database.aws_db_instance.database_primary')!.change.after as Record<string, any>;
    expect(instance.port).toBe(5432);
    expect(instance.tags).toEqual({ CostCenter: 'orders', Name: 'consumer-prod-db' });
    // kms key + alias, subnet group, parameter group, monitoring role + attachment, 2 log groups, instance.
    expect(result.resourceCount).toBe(9);
  });

  it('refuses invalid inputs at plan time through the variable validations', async () => {
    const bad = JSON.parse(JSON.stringify(consumer));
    Object.assign(bad.module.database, {
      master_username: 'postgres',
      backup_retention_days: 3,
      engine_version: '13',
      database_name: 'template1',
      // The layer's window format, rendered (modules/database/windows.ts): no hour past 23. (A validation reading
      // another variable, like max_allocated_storage >= allocated_storage, runs only in a plan these do not stop:
      // __tests__/modules/hcl-validations.tf.test.ts evaluates it.)
      maintenance_window: 'sun:24:30-mon:00:30',
    });
    fs.writeFileSync(path.join(root, 'main.tf.json'), JSON.stringify(bad, null, 2));
    const cliConfig = path.join(outdir, 'cli.tfrc');
    writeCliConfig(cliConfig, findProviderMirror());
    const plan = await run(terraformBinary().bin, ['plan', '-input=false', '-no-color', '-refresh=false', '-lock=false'], root, offlineEnv(cliConfig));
    expect(plan.ok).toBe(false);
    const out = plan.stderr + plan.stdout;
    expect(out).toMatch(/master_username must not be a default/);
    expect(out).toMatch(/backup_retention_days must be a whole number 7-35/);
    expect(out).toMatch(/maintenance_window must be ddd:hh24:mi-ddd:hh24:mi/);
    expect(out).toMatch(/engine_version must be PostgreSQL 14 or later/);
    expect(out).toMatch(/database_name must start with a letter/);
  });
});
