/**
 * The HCL consumer path: the published Terraform JSON modules, wired together by the HCL root
 * module in examples/hcl-root (its own providers, no backend), pass `terraform validate` and an
 * offline plan; invalid inputs are refused by the modules' validation blocks.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildModules } from '../../scripts/build-modules';
import { findProviderMirror, offlineEnv, run, RunResult, terraformBinary, writeCliConfig } from '../../scripts/terraform';
import { tmpOutdir } from '../support/synth';

type Json = Record<string, any>;

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'hcl-root', 'main.tf');
/** Only network, database and monitoring, in eu-central-1, the database on port 6432. */
const STANDALONE = path.join(__dirname, '..', '..', 'examples', 'hcl-standalone', 'main.tf');
/** Module name of the network-2az variant planned alongside the example. */
const TWO_AZ = 'test_network_two_az';

describe('HCL root module wiring the published modules', () => {
  const dir = tmpOutdir('helloapi-hcl-modules-');
  const modulesDir = path.join(dir, 'modules');
  const root = path.join(dir, 'root');
  let env: NodeJS.ProcessEnv;
  let bin: string;
  let init: RunResult;
  let validate: RunResult;
  let plan: RunResult;
  let planJson: Json;

  beforeAll(async () => {
    buildModules(modulesDir);
    fs.mkdirSync(root);
    const source = fs.readFileSync(EXAMPLE, 'utf8');
    fs.writeFileSync(path.join(root, 'main.tf'), source.replace(/"\.\.\/\.\.\/dist\/terraform-modules\//g, '"../modules/'));
    // The two-AZ network variant rides along in the same plan (one Terraform run instead of two); its
    // resources are told apart by the module address and left out of the example's own checks.
    fs.writeFileSync(
      path.join(root, 'two_az_variant.tf'),
      [
        `module "${TWO_AZ}" {`,
        '  source = "../modules/network-2az"',
        '  name = "small"',
        '  account_id = "444455556666"',
        '  region = "eu-west-1"',
        '  cidr = "10.50.1.0/24"',
        '  availability_zones = ["eu-west-1a", "eu-west-1b"]',
        '}',
        '',
      ].join('\n'),
    );
    const cliConfig = path.join(dir, 'cli.tfrc');
    writeCliConfig(cliConfig, findProviderMirror());
    env = offlineEnv(cliConfig);
    bin = terraformBinary().bin;
    init = await run(bin, ['init', '-input=false', '-no-color', '-backend=false'], root, env);
    validate = init.ok ? await run(bin, ['validate', '-no-color'], root, env) : init;
    plan = validate.ok ? await run(bin, ['plan', '-input=false', '-no-color', '-refresh=false', '-lock=false', '-var', 'offline=true', '-out=tfplan'], root, env) : validate;
    if (plan.ok) planJson = JSON.parse((await run(bin, ['show', '-json', 'tfplan'], root, env)).stdout);
  });

  describe('a root using only network, database and monitoring, in eu-central-1 (examples/hcl-standalone)', () => {
    let standalone: RunResult;
    let standaloneJson: Json;
    let mismatch: RunResult;

    /** The example, its sources pointed at the modules built here, with `edit` applied; init and plan in `folder`. */
    async function planExample(folder: string, edit: (source: string) => string): Promise<RunResult> {
      const d = path.join(dir, folder);
      fs.mkdirSync(d);
      fs.writeFileSync(path.join(d, 'main.tf'), edit(fs.readFileSync(STANDALONE, 'utf8').replace(/"\.\.\/\.\.\/dist\/terraform-modules\//g, '"../modules/')));
      const i = await run(bin, ['init', '-input=false', '-no-color', '-backend=false'], d, env);
      if (!i.ok) return i;
      return run(bin, ['plan', '-input=false', '-no-color', '-refresh=false', '-lock=false', '-var', 'offline=true', '-out=tfplan'], d, env);
    }

    beforeAll(async () => {
      standalone = await planExample('standalone', (s) => s);
      if (standalone.ok) standaloneJson = JSON.parse((await run(bin, ['show', '-json', 'tfplan'], path.join(dir, 'standalone'), env)).stdout);
      // A database port other than the one the network admits: refused at plan time.
      mismatch = await planExample('standalone-mismatch', (s) =>
        s.replace('  database_port              = module.network.database_port\n', '  database_port              = module.network.database_port\n  port                       = 5432\n'),
      );
    });

    it('plans offline with tags on every module, creating only what the three modules need', () => {
      expect(standalone.stderr).toBe('');
      expect(standalone.ok).toBe(true);
      const changes = (standaloneJson.resource_changes as Json[]).filter((c) => c.mode === 'managed');
      expect(new Set(changes.map((c) => /^module\.([a-z_]+)\./.exec(c.address)![1]))).toEqual(new Set(['network', 'database', 'monitoring']));
      expect(changes.every((c) => c.change.actions.join() === 'create')).toBe(true);
      for (const m of ['network', 'database', 'monitoring']) {
        expect(standaloneJson.configuration.root_module.module_calls[m].expressions.tags.references).toEqual(['local.tags']);
      }
      // Every taggable resource carries the caller's tags.
      const tagged = changes.filter((c) => c.change.after && 'tags' in c.change.after);
      expect(tagged.length).toBeGreaterThan(30);
      expect(tagged.filter((c) => c.change.after.tags?.CostCenter !== 'analytics').map((c) => c.address)).toEqual([]);
      expect(changes.find((c) => c.address === 'module.network.aws_subnet.network_data_c')!.change.after.availability_zone).toBe('eu-central-1c');
      expect(changes.filter((c) => c.type === 'aws_vpc_endpoint').map((c) => c.change.after.service_name)).toContain('com.amazonaws.eu-central-1.s3');
    });

    it('the database listens on the port the network admits (6432): the security group rules and the instance agree', () => {
      const after = (address: string) => (standaloneJson.resource_changes as Json[]).find((c) => c.address === address)!.change.after;
      expect(after('module.network.aws_vpc_security_group_ingress_rule.network_db_ingress_app')).toMatchObject({ from_port: 6432, to_port: 6432, ip_protocol: 'tcp' });
      expect(after('module.network.aws_vpc_security_group_egress_rule.network_app_egress_db')).toMatchObject({ from_port: 6432, to_port: 6432 });
      expect(after('module.database.aws_db_instance.database_primary')).toMatchObject({ port: 6432, multi_az: false });
    });

    it('monitoring watches only the database: no load balancer, service, WAF or failed-login alarms', () => {
      const monitoring = (standaloneJson.resource_changes as Json[]).filter((c) => c.address.startsWith('module.monitoring.'));
      expect(monitoring.filter((c) => c.type === 'aws_cloudwatch_metric_alarm').map((c) => c.address.replace('module.monitoring.aws_cloudwatch_metric_alarm.', '')).sort()).toEqual(
        ['monitoring_rds_connections_high[0]', 'monitoring_rds_cpu_high[0]', 'monitoring_rds_free_storage_low[0]', 'monitoring_rds_freeable_memory_low[0]'],
      );
      expect(monitoring.filter((c) => c.type === 'aws_cloudwatch_log_metric_filter')).toEqual([]);
      expect(monitoring.filter((c) => c.type === 'aws_cloudwatch_dashboard')).toHaveLength(1);
      expect(Object.keys(standaloneJson.planned_values.outputs.alarm_names.value).sort()).toEqual(['rds_connections_high', 'rds_cpu_high', 'rds_free_storage_low', 'rds_freeable_memory_low']);
    });

    it('refuses, at plan time, a database port other than the one the network admits', () => {
      expect(mismatch.ok).toBe(false);
      const out = mismatch.stderr + mismatch.stdout;
      expect(out).toMatch(/port must be left unset or equal database_port/);
      expect(out).toMatch(/var\.database_port is 6432\s+│ var\.port is 5432/);
    });
  });

  it('the example sources every module from dist/terraform-modules', () => {
    const source = fs.readFileSync(EXAMPLE, 'utf8');
    const sources = [...source.matchAll(/^\s*source\s*=\s*"(\.[^"]+)"/gm)].map((m) => m[1]);
    expect(sources.sort()).toEqual(['account-baseline', 'compute', 'database', 'edge', 'monitoring', 'network', 'state'].map((m) => `../../dist/terraform-modules/${m}`));
    expect(source).not.toMatch(/backend\s+"/);
  });

  it('initializes from the provider mirror and validates', () => {
    expect(init.stderr).toBe('');
    expect(init.ok).toBe(true);
    expect(validate.stderr).toBe('');
    expect(validate.ok).toBe(true);
  });

  it('plans offline, creating every module and nothing else', () => {
    expect(plan.stderr).toBe('');
    expect(plan.ok).toBe(true);
    const all = (planJson.resource_changes as Json[]).filter((c) => !c.address.startsWith(`module.${TWO_AZ}.`));
    // The compute module's secret-value checks: read during apply, once the secrets exist (nothing is read offline).
    expect(all.filter((c) => c.mode === 'data').map((c) => [c.address, c.change.actions.join(), c.action_reason])).toEqual(
      ['api_keys', 'app_settings', 'secret_key'].map((s) => [`module.compute.data.aws_secretsmanager_secret_versions.compute_${s}_versions`, 'read', 'read_because_config_unknown']),
    );
    const changes = all.filter((c) => c.mode !== 'data');
    expect(changes.every((c) => c.change.actions.join() === 'create')).toBe(true);
    const byModule = new Map<string, Set<string>>();
    for (const c of changes) {
      const m = /^module\.([a-z_-]+)\./.exec(c.address)![1];
      byModule.set(m, (byModule.get(m) ?? new Set()).add(c.type));
    }
    expect([...byModule.keys()].sort()).toEqual(['account_baseline', 'compute', 'database', 'edge', 'monitoring', 'network', 'state']);
    const expected: Record<string, string[]> = {
      state: ['aws_s3_bucket', 'aws_kms_key'],
      // Findings are routed once per account, here (the monitoring module has no finding rules any more).
      account_baseline: ['aws_cloudtrail', 'aws_guardduty_detector', 'aws_securityhub_account', 'aws_config_configuration_recorder', 'aws_s3_account_public_access_block', 'aws_accessanalyzer_analyzer', 'aws_cloudwatch_event_rule', 'aws_sns_topic'],
      network: ['aws_vpc', 'aws_subnet', 'aws_nat_gateway', 'aws_flow_log', 'aws_security_group', 'aws_vpc_endpoint', 'aws_default_security_group'],
      database: ['aws_db_instance', 'aws_db_subnet_group', 'aws_db_parameter_group', 'aws_kms_key'],
      edge: ['aws_lb', 'aws_lb_listener', 'aws_lb_target_group', 'aws_acm_certificate', 'aws_wafv2_web_acl', 'aws_cloudfront_distribution', 'aws_route53_record'],
      compute: ['aws_ecs_service', 'aws_ecs_task_definition', 'aws_ecs_cluster', 'aws_ecr_repository', 'aws_secretsmanager_secret', 'aws_appautoscaling_policy'],
      monitoring: ['aws_sns_topic', 'aws_cloudwatch_metric_alarm', 'aws_sns_topic_subscription', 'aws_cloudwatch_dashboard'],
    };
    expect([...byModule.get('monitoring')!].includes('aws_cloudwatch_event_rule')).toBe(false);
    // Given edge, compute and database (objects known at plan time, attributes not), monitoring creates every alarm and the filter.
    expect(changes.filter((c) => c.address.startsWith('module.monitoring.aws_cloudwatch_metric_alarm.')).map((c) => c.address.replace(/^.*\./, '')).sort()).toEqual(
      ['alb_elb_5xx_rate', 'alb_p99_latency', 'alb_target_5xx_rate', 'alb_unhealthy_hosts', 'ecs_cpu_high', 'ecs_memory_high', 'ecs_running_tasks_low', 'failed_logins', 'rds_connections_high', 'rds_cpu_high', 'rds_free_storage_low', 'rds_freeable_memory_low', 'waf_blocked_spike'].map((id) => `monitoring_${id}[0]`),
    );
    expect(changes.filter((c) => c.address === 'module.monitoring.aws_cloudwatch_log_metric_filter.monitoring_failed_login_filter[0]')).toHaveLength(1);
    for (const [m, types] of Object.entries(expected)) expect({ m, types: [...byModule.get(m)!].filter((t) => types.includes(t)).sort() }).toEqual({ m, types: [...types].sort() });
  });

  it('the caller decides CIDR, zones, tags and names; the layer computes the subnets like the construct', () => {
    const after = (address: string) => (planJson.resource_changes as Json[]).find((c) => c.address === address)!.change.after;
    expect(after('module.network.aws_vpc.network_vpc').cidr_block).toBe('10.40.0.0/16');
    expect(after('module.network.aws_subnet.network_public_a')).toMatchObject({ cidr_block: '10.40.0.0/20', availability_zone: 'eu-west-1a' });
    expect(after('module.network.aws_subnet.network_private_app_b')).toMatchObject({ cidr_block: '10.40.64.0/20', availability_zone: 'eu-west-1b' });
    expect(after('module.network.aws_subnet.network_data_c')).toMatchObject({ cidr_block: '10.40.128.0/20', availability_zone: 'eu-west-1c' });
    expect(after('module.network.aws_subnet.network_data_c').tags).toEqual({ CostCenter: 'platform', Name: 'consumer-prod-data-c', Tier: 'data' });
    expect(after('module.network.aws_subnet.network_data_c').tags_all).toMatchObject({ Project: 'consumer', ManagedBy: 'terraform', CostCenter: 'platform' });
    expect(after('module.compute.aws_ecs_service.compute_service')).toMatchObject({ name: 'consumer-prod-api', desired_count: 2 });
    expect(after('module.compute.aws_ecs_task_definition.compute_task_definition')).toMatchObject({ cpu: '512', memory: '1024' });
    expect(after('module.compute.aws_appautoscaling_target.compute_scaling_target')).toMatchObject({ min_capacity: 2, max_capacity: 6 });
    expect(after('module.compute.aws_ecs_task_definition.compute_task_definition').family).toBe('consumer-prod-api');
    expect(after('module.monitoring.aws_sns_topic_subscription.monitoring_email["ops@consumer.example.com"]')).toMatchObject({ protocol: 'email', endpoint: 'ops@consumer.example.com' });
    const keyPolicy = JSON.parse(after('module.network.aws_kms_key.network_flow_logs_kms_key').policy);
    expect(JSON.stringify(keyPolicy)).toContain('arn:aws:iam::444455556666:root');
  });

  it('CloudFront pieces go through the caller\'s us-east-1 provider; the rest through the default one', () => {
    const edge = planJson.configuration.root_module.module_calls.edge.module.resources as Json[];
    const key = (address: string) => edge.find((r) => r.address === address)!.provider_config_key;
    expect(key('aws_acm_certificate.edge_cloudfront_certificate')).toBe('aws.us_east_1');
    expect(key('aws_cloudfront_distribution.edge_cdn_distribution')).toBe('aws.us_east_1');
    expect(key('aws_lb.edge_alb')).toBe('aws');
    expect(planJson.configuration.provider_config['aws.us_east_1'].expressions.region.constant_value).toBe('us-east-1');
  });

  it('the ECS service depends on the HTTPS listener through the https_listener_arn variable', () => {
    const compute = planJson.configuration.root_module.module_calls.compute.module.resources as Json[];
    expect(compute.find((r) => r.address === 'aws_ecs_service.compute_service')!.depends_on).toContain('var.https_listener_arn');
    expect(planJson.configuration.root_module.module_calls.compute.expressions.https_listener_arn.references).toContain('module.edge.https_listener_arn');
  });

  /** Plans a root calling the network and compute modules with valid inputs overridden by `bad`; returns the output. */
  async function planWith(folder: string, bad: { network: Record<string, string>; compute: Record<string, string> }): Promise<RunResult> {
    const d = path.join(dir, folder);
    fs.mkdirSync(d);
    const block = (values: Record<string, string>) => Object.entries(values).map(([k, v]) => `  ${k} = ${v}`);
    const network = { name: '"consumer"', account_id: '"444455556666"', region: '"eu-west-1"', cidr: '"10.40.0.0/16"', availability_zones: '["eu-west-1a", "eu-west-1b", "eu-west-1c"]' };
    const compute = {
      name: '"consumer"',
      account_id: '"444455556666"',
      region: '"eu-west-1"',
      app_subnet_ids: 'module.network.app_subnet_ids',
      app_security_group_id: 'module.network.app_security_group_id',
      database_address: '"db.internal"',
      database_port: '5432',
      database_name: '"app"',
      database_master_user_secret_arn: '"arn:aws:secretsmanager:eu-west-1:444455556666:secret:x"',
      database_kms_key_arn: '"arn:aws:kms:eu-west-1:444455556666:key/x"',
      target_group_arn: '"tg"',
      https_listener_arn: '"l"',
      alb_arn_suffix: '"app/x/y"',
      target_group_arn_suffix: '"targetgroup/x/y"',
      domain_name: '"api.example.com"',
      image_tag: '"v1"',
    };
    fs.writeFileSync(
      path.join(d, 'main.tf'),
      [
        'provider "aws" {',
        '  region = "eu-west-1"',
        '  access_key = "offline-plan-not-a-key"',
        '  secret_key = "offline-plan-not-a-secret"',
        '  skip_credentials_validation = true',
        '  skip_requesting_account_id = true',
        '  skip_metadata_api_check = true',
        '}',
        'module "network" {',
        '  source = "../modules/network"',
        ...block({ ...network, ...bad.network }),
        '}',
        'module "compute" {',
        '  source = "../modules/compute"',
        ...block({ ...compute, ...bad.compute }),
        '}',
        '',
      ].join('\n'),
    );
    const i = await run(bin, ['init', '-input=false', '-no-color', '-backend=false'], d, env);
    expect(i.stderr).toBe('');
    const p = await run(bin, ['plan', '-input=false', '-no-color', '-refresh=false', '-lock=false'], d, env);
    expect(p.ok).toBe(false);
    return p;
  }

  it('refuses invalid inputs through the validation blocks', async () => {
    const p = await planWith('bad', {
      network: { name: '"Bad_Name"', account_id: '"4444"', cidr: '"10.40.0.0/25"', availability_zones: '["eu-west-1a", "eu-west-1b"]' },
      compute: { domain_name: '"*.example.com"', image_tag: '"latest"' },
    });
    const out = p.stderr + p.stdout;
    for (const message of [
      /name must be lowercase letters/,
      /account_id must be 12 digits/,
      /cidr must be an IPv4 network address with prefix \/16 to \/23/,
      /availability_zones must list exactly 3 distinct zones/,
      /domain_name must be an exact lowercase DNS name/,
      /image_tag must be a Docker tag other than latest/,
    ]) {
      expect(out).toMatch(message);
    }
  });

  it('network-2az plans with a /24 (a module of the same root)', () => {
    expect(plan.ok).toBe(true);
    const changes = (planJson.resource_changes as Json[]).filter((c) => c.address.startsWith(`module.${TWO_AZ}.`));
    const subnets = changes.filter((c) => c.type === 'aws_subnet').map((c) => [c.address.replace(`module.${TWO_AZ}.aws_subnet.`, ''), c.change.after.cidr_block]);
    expect(Object.fromEntries(subnets)).toEqual({
      network_public_a: '10.50.1.0/27',
      network_public_b: '10.50.1.32/27',
      network_private_app_a: '10.50.1.64/27',
      network_private_app_b: '10.50.1.96/27',
      network_data_a: '10.50.1.128/27',
      network_data_b: '10.50.1.160/27',
    });
    expect(changes.filter((c) => c.type === 'aws_nat_gateway')).toHaveLength(2);
  });

  it('refuses inputs that contradict each other (validations that read another variable)', async () => {
    const p = await planWith('bad-cross', {
      network: { availability_zones: '["eu-west-1a", "eu-west-1b", "us-east-1c"]' },
      compute: { cpu: '256', memory: '4096', desired_count: '2', min_count: '3' },
    });
    const out = p.stderr + p.stdout;
    expect(out).toMatch(/availability_zones must be zones of region/);
    expect(out).toMatch(/memory must be a Fargate memory size valid for cpu/);
    expect(out).toMatch(/min_count must be 1 or more and at most desired_count/);
  });
});
