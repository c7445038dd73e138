/**
 * The database layer emitted as a plain Terraform JSON module: its variables
 * and outputs, no secret material, and an offline plan through a consumer root
 * module (HCL-style: `module "database" { source = "./database" ... }`; planned with the other fixtures of
 * support/layer-fixtures.ts in one run).
 */
import * as fs from 'fs';
import * as path from 'path';
import { EmittedModule } from '../../modules/core/terraform-module';
import { StackPlanResult } from '../../scripts/offline-plan';
import { findProviderMirror, offlineEnv, run, terraformBinary, writeCliConfig } from '../../scripts/terraform';
import { databaseModuleConsumer, jointFixturePlan } from '../support/layer-fixtures';
import { secretMaterialIn } from './helpers';

describe('database as a Terraform module', () => {
  let emitted: EmittedModule;
  let result: StackPlanResult;
  let root: string;
  let consumer: Record<string, any>;

  beforeAll(async () => {
    // The consumer root (support/layer-fixtures.ts), planned with the other fixtures in one run.
    const built = databaseModuleConsumer();
    ({ emitted, root, consumer } = built);
    result = await jointFixturePlan('databaseModule', built.fixture);
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
    const cliConfig = path.join(path.dirname(root), 'cli.tfrc');
    writeCliConfig(cliConfig, findProviderMirror());
    const bin = terraformBinary().bin;
    const env = offlineEnv(cliConfig);
    const init = await run(bin, ['init', '-input=false', '-no-color'], root, env);
    expect(init.stderr).toBe('');
    const plan = await run(bin, ['plan', '-input=false', '-no-color', '-refresh=false', '-lock=false'], root, env);
    expect(plan.ok).toBe(false);
    const out = plan.stderr + plan.stdout;
    expect(out).toMatch(/master_username must not be a default/);
    expect(out).toMatch(/backup_retention_days must be a whole number 7-35/);
    expect(out).toMatch(/maintenance_window must be ddd:hh24:mi-ddd:hh24:mi/);
    expect(out).toMatch(/engine_version must be PostgreSQL 14 or later/);
    expect(out).toMatch(/database_name must start with a letter/);
  });
});
