/**
 * The first-deploy gate (`requireSecretValues`), proven by Terraform itself without AWS: `terraform test`
 * with a mocked AWS provider applies the compute layer (and the published HCL module) while the
 * secrets' version lists are overridden the way AWS answers: no version (a secret created without a
 * value), a version staged only AWSPENDING, a version staged AWSCURRENT.
 *
 * `terraform test -verbose` prints the state after each run, including a run whose apply failed as
 * expected, so the tests read from it what the failed first deploy created and what it did not.
 */
import * as fs from 'fs';
import * as path from 'path';
import { publishModule } from '../../scripts/build-modules';
import { computeModule } from '../../modules/compute/terraform-module';
import { findProviderMirror, offlineEnv, run, RunResult, terraformBinary, writeCliConfig } from '../../scripts/terraform';
import { tmpOutdir } from '../support/synth';
import { synthCompute } from './helpers';

const STRIPE = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:helloapi/stripe-XyZ123';
const OWN = ['compute_secret_key_versions', 'compute_api_keys_versions', 'compute_app_settings_versions'];
const ALL = [...OWN, 'compute_extra_secret_stripe_api_key_versions'];
const data = (id: string, prefix = '') => `${prefix}data.aws_secretsmanager_secret_versions.${id}`;

/**
 * HCL for the version list of one data source. No version: the provider answers null (seen against the
 * moto emulator); a mocked override cannot be an untyped null, so the empty list stands in for it (the
 * condition treats both the same: `try(anytrue([for v in self.versions : ...]), false)`).
 */
const NO_VERSION = '[]';
const CURRENT = '[{ version_id = "11111111-1111-1111-1111-111111111111", version_stages = ["AWSCURRENT"], created_time = "2025-01-01T00:00:00Z", last_accessed_date = null }]';
const PENDING_ONLY = '[{ version_id = "22222222-2222-2222-2222-222222222222", version_stages = ["AWSPENDING"], created_time = "2025-01-01T00:00:00Z", last_accessed_date = null }]';

// Mocked ARNs are random strings; the task definitions validate the role ARNs they are given.
// The step-scaling alarm acts on its scaling policy, and the provider checks alarm_actions are ARNs.
const MOCK_PROVIDER = [
  'mock_provider "aws" {',
  '  mock_resource "aws_iam_role" {',
  '    defaults = { arn = "arn:aws:iam::123456789012:role/mock" }',
  '  }',
  '  mock_resource "aws_appautoscaling_policy" {',
  '    defaults = { arn = "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:00000000-0000-0000-0000-000000000000:resource/ecs/service/mock/mock:policyName/mock" }',
  '  }',
  '}',
  '',
].join('\n');

function overrides(versions: Record<string, string>, prefix = ''): string[] {
  return Object.entries(versions).flatMap(([id, v]) => ['  override_data {', `    target = ${data(id, prefix)}`, `    values = { versions = ${v} }`, '  }']);
}

function testRun(name: string, versions: Record<string, string>, body: string[] = [], prefix = '', command: 'apply' | 'plan' = 'apply'): string {
  return [`run "${name}" {`, `  command = ${command}`, ...overrides(versions, prefix), ...body, '}', ''].join('\n');
}

const every = (v: string, ids = ALL) => Object.fromEntries(ids.map((id) => [id, v]));

/** Per run: pass/fail and the resource addresses in state afterwards (from `terraform test -verbose`). */
function runs(out: string): Map<string, { status: string; state: string[] }> {
  const result = new Map<string, { status: string; state: string[] }>();
  let current: { status: string; state: string[] } | undefined;
  for (const line of out.split('\n')) {
    const header = /^ {2}run "([^"]+)"\.\.\. (\w+)$/.exec(line);
    if (header) result.set(header[1], (current = { status: header[2], state: [] }));
    else if (/^\S+\.tftest\.hcl\.\.\. /.test(line)) current = undefined;
    else {
      const address = /^# ((?:module\.[a-z_]+\.)?(?:data\.)?[a-z0-9_]+\.[a-z0-9_]+):$/.exec(line);
      if (address && current) current.state.push(address[1]);
    }
  }
  return result;
}

/** Terraform wraps messages at ~78 columns. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('terraform test: the service is created only once its secrets have values', () => {
  const dir = tmpOutdir('helloapi-secret-gate-');
  let env: NodeJS.ProcessEnv;
  let bin: string;
  let layer: RunResult;
  let module: RunResult;

  beforeAll(async () => {
    const cliConfig = path.join(dir, 'cli.tfrc');
    writeCliConfig(cliConfig, findProviderMirror());
    env = offlineEnv(cliConfig);
    bin = terraformBinary().bin;

    // The layer as the stacks use it, with a checked extra secret; prevent_destroy off so the test can clean up.
    const { stack } = synthCompute({ preventDestroy: false, extraSecrets: { STRIPE_API_KEY: `${STRIPE}:api_key::` } });
    fs.writeFileSync(
      path.join(stack.dir, 'gate.tftest.hcl'),
      [
        MOCK_PROVIDER,
        // 1. First deploy: the secrets were just created, without a value.
        testRun('first_deploy', every(NO_VERSION), [`  expect_failures = [${ALL.map((id) => data(id)).join(', ')}]`]),
        // 2. The next plan, with only a version staged AWSPENDING (not a value ECS reads): the secrets exist now,
        //    so their version lists are read while planning, and the plan itself fails.
        testRun('next_plan_pending_only', { ...every(CURRENT), compute_secret_key_versions: PENDING_ONLY }, [`  expect_failures = [${data('compute_secret_key_versions')}]`], '', 'plan'),
        // 3. Every value set: the next deploy creates the service.
        testRun('values_set', every(CURRENT), ['  assert {', '    condition     = aws_ecs_service.compute_service.name == "helloapi-test-api"', '    error_message = "the service was not created"', '  }']),
        // 4. Destroy is not blocked by the checks. Terraform 1.11's `terraform test` has no destroy-mode run
        //    (plan_options.mode is normal or refresh-only), but it destroys each state after the last run with the
        //    overrides of the last run that changed the state. So this run leaves the state (service included) with
        //    every secret valueless: replacing the secrets gives them a pending change, so the checks are read at
        //    apply and fail there (expected), before the service is touched. The cleanup's destroy plan then refreshes
        //    the checks with no value; the file passes only if that destroy succeeds (a failed cleanup is an error
        //    naming the resources left in state).
        testRun('destroy_without_values', every(NO_VERSION), [
          `  expect_failures = [${ALL.map((id) => data(id)).join(', ')}]`,
          '  plan_options {',
          `    replace = [${OWN.map((id) => `aws_secretsmanager_secret.${id.replace(/_versions$/, '')}`).join(', ')}]`,
          '  }',
        ]),
      ].join('\n'),
    );

    // The published HCL module: require_secret_values switches the conditions, the data sources stay.
    const modules = path.join(dir, 'modules');
    publishModule(computeModule, modules);
    const root = path.join(dir, 'root');
    fs.mkdirSync(root);
    fs.writeFileSync(
      path.join(root, 'main.tf'),
      [
        'provider "aws" { region = "eu-west-1" }',
        'variable "require_secret_values" { type = bool }',
        'module "compute" {',
        '  source = "../modules/compute"',
        '  name = "consumer-prod"',
        '  account_id = "444455556666"',
        '  region = "eu-west-1"',
        '  app_subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"]',
        '  app_security_group_id = "sg-0app0000000000001"',
        '  database_address = "db.internal"',
        '  database_port = 5432',
        '  database_name = "app"',
        '  database_master_user_secret_arn = "arn:aws:secretsmanager:eu-west-1:444455556666:secret:rds-AbCdEf"',
        '  database_kms_key_arn = "arn:aws:kms:eu-west-1:444455556666:key/11111111-2222-3333-4444-555555555555"',
        '  target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:444455556666:targetgroup/x/0123456789abcdef"',
        '  https_listener_arn = "arn:aws:elasticloadbalancing:eu-west-1:444455556666:listener/app/x/0123456789abcdef/0123456789abcdef"',
        '  alb_arn_suffix = "app/x/0123456789abcdef"',
        '  target_group_arn_suffix = "targetgroup/x/0123456789abcdef"',
        '  domain_name = "api.example.com"',
        '  image_tag = "v1"',
        '  require_secret_values = var.require_secret_values',
        '}',
        'output "service_name" { value = module.compute.service_name }',
        'output "secrets_to_set" { value = module.compute.secrets_to_set }',
        '',
      ].join('\n'),
    );
    const noValues = every(NO_VERSION, OWN);
    fs.writeFileSync(
      path.join(root, 'off.tftest.hcl'),
      [
        MOCK_PROVIDER,
        'variables { require_secret_values = false }',
        testRun('gate_off', noValues, ['  assert {', '    condition     = output.service_name == "consumer-prod-api"', '    error_message = "the service was not created"', '  }'], 'module.compute.'),
      ].join('\n'),
    );
    // What the operator reads: a first deploy without expect_failures, two of the three secrets without a value.
    fs.writeFileSync(
      path.join(root, 'on.tftest.hcl'),
      [MOCK_PROVIDER, 'variables { require_secret_values = true }', testRun('gate_on', { ...noValues, compute_api_keys_versions: CURRENT }, [], 'module.compute.')].join('\n'),
    );
    // Both roots at once. Every provider of both is the mock above (each root configures only the default aws
    // provider), so the runs read the schema from the run's shared provider instead of starting their own
    // (scripts/terraform.ts, providersMocked: 32.8 -> 14.7 CPU-s for this file, bench/README.md session 8).
    const terraformTest = async (cwd: string): Promise<RunResult> => {
      const init = await run(bin, ['init', '-input=false', '-no-color', '-backend=false'], cwd, env);
      return init.ok ? run(bin, ['test', '-verbose', '-no-color'], cwd, env, undefined, { providersMocked: true }) : init;
    };
    [layer, module] = await Promise.all([terraformTest(stack.dir), terraformTest(root)]);
  });

  it('terraform test ran', () => {
    expect(layer.stdout).toMatch(/^gate\.tftest\.hcl\.\.\. /m);
    expect(module.stdout).toMatch(/^on\.tftest\.hcl\.\.\. /m);
  });

  it('first deploy: the apply fails on the missing values after creating everything but the service', () => {
    const first = runs(layer.stdout).get('first_deploy');
    expect(first?.status).toBe('pass'); // pass = every check listed in expect_failures failed, and nothing else
    expect(first!.state).toEqual(
      expect.arrayContaining([
        'aws_secretsmanager_secret.compute_secret_key',
        'aws_secretsmanager_secret.compute_api_keys',
        'aws_secretsmanager_secret.compute_app_settings',
        'aws_ecs_cluster.compute_cluster',
        'aws_ecs_task_definition.compute_task_definition',
        'aws_iam_role_policy.compute_execution_policy',
      ]),
    );
    expect(first!.state).not.toContain('aws_ecs_service.compute_service');
    expect(first!.state).not.toContain('aws_appautoscaling_target.compute_scaling_target');
  });

  it('once the secrets exist, the next plan fails while a secret has only a version staged AWSPENDING', () => {
    expect(runs(layer.stdout).get('next_plan_pending_only')?.status).toBe('pass');
  });

  it('once every secret has a value the next apply creates the service', () => {
    const done = runs(layer.stdout).get('values_set');
    expect(done?.status).toBe('pass');
    expect(done!.state).toEqual(expect.arrayContaining(['aws_ecs_service.compute_service', 'aws_appautoscaling_target.compute_scaling_target']));
  });

  it('destroy is not blocked: the destroy of the full state succeeds while every secret has no value', () => {
    const last = runs(layer.stdout).get('destroy_without_values');
    // pass = the checks failed (at apply: the replaced secrets deferred their reads), as a normal plan would fail.
    expect(last?.status).toBe('pass');
    // What the cleanup destroys: the service and the other resources, with the checks' lists empty.
    expect(last!.state).toEqual(expect.arrayContaining(['aws_ecs_service.compute_service', data('compute_secret_key_versions')]));
    expect(layer.stdout.slice(layer.stdout.indexOf('run "destroy_without_values"'))).toMatch(/^# data\.aws_secretsmanager_secret_versions\.compute_secret_key_versions:\ndata "aws_secretsmanager_secret_versions" "compute_secret_key_versions" \{\n(?:.*\n)*?\s+versions\s+= \[\]\n\}/m);
    // The destroy-mode plan and apply that tear the state down succeeded (a failure names the resources left behind).
    expect(layer.stdout).toMatch(/^gate\.tftest\.hcl\.\.\. tearing down\ngate\.tftest\.hcl\.\.\. pass$/m);
    expect(flat(layer.stdout + layer.stderr)).not.toMatch(/left the following resources in state/);
  });

  it('HCL module: require_secret_values = false lets the service be created without values', () => {
    const off = runs(module.stdout).get('gate_off');
    expect(off?.status).toBe('pass');
    expect(off!.state).toContain('module.compute.aws_ecs_service.compute_service');
  });

  it('HCL module: by default the apply stops, naming each secret without a value and the exact command that sets it', () => {
    const on = runs(module.stdout).get('gate_on');
    expect(on?.status).toBe('fail');
    const out = flat(module.stdout + module.stderr);
    expect(out).toContain('Error: Resource postcondition failed');
    // var.name and var.region interpolated into the message.
    expect(out).toContain(
      'Secret consumer-prod/django/secret-key has no value yet (no version staged AWSCURRENT), so the ECS service consumer-prod-api is not created: ' +
        'its tasks could not start without it. It holds Django SECRET_KEY. Set it, then deploy again: ' +
        `aws secretsmanager put-secret-value --region eu-west-1 --secret-id consumer-prod/django/secret-key --secret-string="$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"`,
    );
    expect(out).toContain(
      'aws secretsmanager put-secret-value --region eu-west-1 --secret-id consumer-prod/django/app-settings --secret-string=\'{"ALLOWED_HOSTS":"api.example.com","CORS_ALLOWED_ORIGINS":"https://api.example.com"}\'',
    );
    // Only the secrets without a value are reported.
    expect(out).not.toContain('Secret consumer-prod/django/api-keys has no value yet');
  });
});
