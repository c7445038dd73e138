/**
 * The offline-plan fixtures that are small roots of their own, planned together: the layer fixtures (each layer on
 * its own, fake upstream values, with the options the committed environments do not use) and the consumers of the
 * published database and monitoring modules. ONE Terraform root calls each fixture folder as a module; it is
 * planned once per jest run and shared by the eight `*.tf.test.ts` files that read it (support/shared.ts).
 *
 * Why: a plan starts one AWS provider process for the schema and one per provider configuration for the
 * validation walk and again for the plan walk (~2-4 CPU-s each on this machine), plus Terraform itself, `init`
 * and `show -json`; eight roots of one or two configurations each started 26 provider processes, the joint root 9
 * (four distinct configurations). bench/README.md has the measurement.
 *
 * What stays the same: each fixture is the folder its test builds (the test file builds its own and checks that
 * every file is byte-identical to the one planned), planned offline by the same Terraform and provider with the
 * same provider configurations (moved to the root, one per distinct configuration, and handed to the module:
 * `providers = { aws = ..., aws.<alias> = ... }`); the fixture's own `terraform.backend` is dropped (a child module
 * cannot have one). What a test reads is its fixture's part of the plan, addresses without the `module.<name>.`
 * prefix, as if the fixture had been the root. A fixture that fails to plan fails every one of these files'
 * "validates and plans" tests, and the error names the module.
 *
 * Adding a fixture: a builder in JOINT_FIXTURES (a folder with a Terraform JSON root that configures only the aws
 * provider), and `jointFixturePlan(name, fixture)` in its test; it joins the one plan instead of starting its own.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { AccountBaseline } from '../../modules/account-baseline';
import { emitTerraformModule, EmittedModule } from '../../modules/core/terraform-module';
import { databaseModule } from '../../modules/database/terraform-module';
import { monitoringModule } from '../../modules/monitoring/terraform-module';
import { planStacks, PlanJson, StackPlanResult } from '../../scripts/offline-plan';
import { synthCompute } from '../compute/helpers';
import { synthDatabase } from '../database/helpers';
import { synthEdge } from '../edge/helpers';
import { synthMonitoring } from '../monitoring/helpers';
import { AZ3, synthNetwork } from '../network/helpers';
import { offlineAwsProviderJson } from './offline-provider';
import { sharedOnce } from './shared';
import { readTree, SynthesizedStack, synthStack, tmpOutdir } from './synth';

/** The flow-log format of the network fixture (its test checks that it reaches AWS literally). */
export const NETWORK_FLOW_LOG_FORMAT = '${version} ${vpc-id} ${srcaddr} ${pkt-srcaddr} ${dstaddr} ${dstport} ${protocol} ${action} ${flow-direction}';

/** Each layer's fixture: the layer on its own with every optional branch its test file describes. */
export const LAYER_FIXTURES = {
  /** ECS Exec, extra secrets, task-role statements, the secret-value checks (compute.tf.test.ts). */
  compute: (): SynthesizedStack =>
    synthCompute({
      execEnabled: true,
      extraSecrets: { STRIPE_API_KEY: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:helloapi/stripe-XyZ123:api_key::' },
      taskRolePolicyStatements: [{ Sid: 'ReadMedia', Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::helloapi-media/*' }],
    }).stack,
  /** Read replicas, extra parameters, custom windows, non-default sizes (database.tf.test.ts). */
  database: (): SynthesizedStack =>
    synthDatabase({
      readReplicas: 2,
      engineVersion: '16',
      allocatedStorage: 100,
      maxAllocatedStorage: 500,
      masterUsername: 'helloapi_admin',
      backupWindow: '22:00-23:00',
      maintenanceWindow: 'wed:01:00-wed:02:00',
      performanceInsightsRetentionDays: 731,
      parameters: { idle_in_transaction_session_timeout: '60000' },
    }).stack,
  /**
   * CloudFront outside us-east-1 (second key), alternative names, dual stack, allow/deny lists, path limits, an
   * extra rule, a CSP, count-mode rules, the host-locked listener (edge.tf.test.ts).
   */
  edge: (): SynthesizedStack =>
    synthEdge({
      region: 'eu-west-1',
      alternativeNames: ['www.test.example.com'],
      ipAddressType: 'dualstack',
      ipAllowList: ['198.51.100.0/24'],
      ipDenyList: ['203.0.113.0/24'],
      pathRateLimits: [{ path: '/api/token/', limit: 100 }],
      extraWafRules: [{ name: 'count-admin', action: 'count', statement: { byte_match_statement: { search_string: '/admin/', positional_constraint: 'STARTS_WITH', field_to_match: { uri_path: {} }, text_transformation: [{ priority: 0, type: 'NONE' }] } } }],
      securityHeaders: { contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'" },
      // Staged rollout: a whole group and a rate rule in count mode must validate and plan too.
      wafRuleModes: { AWSManagedRulesSQLiRuleSet: 'count', 'rate-limit-path-0': 'count' },
    }).stack,
  /** HTTPS and SQS subscribers, a metric-math extra alarm, Security Hub findings without the GuardDuty rule (monitoring.tf.test.ts). */
  monitoring: (): SynthesizedStack =>
    synthMonitoring({
      alarmHttpsEndpoints: ['https://hooks.example.com/alerts'],
      extraSubscriptions: [{ protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:123456789012:alerts' }],
      extraAlarms: [
        {
          id: 'api_4xx_rate',
          description: 'More than 20% of requests rejected with 4xx.',
          expression: {
            expression: '100 * FILL(e, 0) / r',
            label: '4xx rate (%)',
            metrics: {
              e: { namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_4XX_Count', dimensions: { LoadBalancer: 'app/x/1' }, statistic: 'Sum', period: 300 },
              r: { namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: { LoadBalancer: 'app/x/1' }, statistic: 'Sum', period: 300 },
            },
          },
          threshold: 20,
          comparisonOperator: 'GreaterThanThreshold',
          evaluationPeriods: 3,
          treatMissingData: 'notBreaching',
        },
      ],
      securityFindings: { guardDutyMinSeverity: false },
      preventDestroy: false,
    }).stack,
  /**
   * 3 AZs with one NAT, endpoint-only app egress (S3 prefix-list reference), extra rules, a custom flow-log format
   * (network-plan.tf.test.ts).
   */
  network: (): SynthesizedStack =>
    synthNetwork({
      availabilityZones: AZ3,
      natGateways: 'single',
      appHttpsEgress: 'vpc-endpoints',
      interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs', 'ssmmessages'],
      flowLogFormat: NETWORK_FLOW_LOG_FORMAT,
      albIngressCidrs: ['203.0.113.0/24'],
      additionalEgress: { app: [{ name: 'smtp', description: 'SMTP submission to the mail relay', fromPort: 587, cidrIpv4: '10.99.0.10/32' }] },
      additionalIngress: { database: [{ name: 'ops', description: 'PostgreSQL from the ops group', fromPort: 5432, securityGroupId: 'sg-0123456789abcdef0' }] },
    }).stack,
  /** Features off, CIS 1.4.0, daily recording without global types, expiring trail objects (account-baseline/baseline.tf.test.ts). */
  accountBaseline: (): SynthesizedStack =>
    synthStack((s) => {
      new AccountBaseline(s, 'baseline', {
        name: 'helloapi-account-test',
        accountId: '123456789012',
        region: 'us-east-1',
        cloudTrail: { objectExpireAfterDays: 2557, logRetentionDays: 731 },
        guardDuty: { s3DataEvents: false, ecsFargateAgentManagement: false, findingPublishingFrequency: 'ONE_HOUR' },
        securityHub: { standards: ['aws-foundational-security-best-practices', 'cis-1.4.0'] },
        config: { includeGlobalResourceTypes: false, recordingFrequency: 'DAILY', snapshotFrequency: 'Six_Hours' },
        findingAlerts: { emails: ['ops@example.com'], guardDutyMinSeverity: 8 },
        preventDestroy: false,
      });
    }),
};

export type LayerFixture = keyof typeof LAYER_FIXTURES;

/** A root module folder to plan: its Terraform JSON file (provider blocks included) and whatever it sources. */
export interface RootFixture {
  readonly dir: string;
  readonly file: string;
}

/** A published-module consumer: the emitted module, copied next to a root calling it (`source = "./<module>"`). */
export interface ModuleConsumer {
  readonly emitted: EmittedModule;
  readonly root: string;
  /** The root's Terraform JSON (written to `<root>/main.tf.json`). */
  readonly consumer: Record<string, any>;
  readonly fixture: RootFixture;
}

function moduleConsumer(emit: (outdir: string) => EmittedModule, name: string, call: Record<string, unknown>, output: Record<string, unknown>): ModuleConsumer {
  const outdir = tmpOutdir(`helloapi-${name}-module-`);
  const emitted = emit(outdir);
  const root = path.join(outdir, 'root');
  fs.mkdirSync(root);
  fs.cpSync(emitted.dir, path.join(root, name), { recursive: true });
  const consumer = {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
    provider: { aws: [offlineAwsProviderJson('us-east-1')] },
    module: { [name]: { source: `./${name}`, ...call } },
    output,
  };
  fs.writeFileSync(path.join(root, 'main.tf.json'), JSON.stringify(consumer, null, 2));
  return { emitted, root, consumer, fixture: { dir: root, file: 'main.tf.json' } };
}

/** The published database module called the HCL way, in us-east-1 (database/terraform-module.tf.test.ts). */
export function databaseModuleConsumer(): ModuleConsumer {
  return moduleConsumer(
    (outdir) => emitTerraformModule(databaseModule, outdir),
    'database',
    {
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
    { secret: { value: '${module.database.master_user_secret_arn}' } },
  );
}

/** The published monitoring module called the HCL way, watching all three inputs (monitoring/terraform-module.tf.test.ts). */
export function monitoringModuleConsumer(): ModuleConsumer {
  return moduleConsumer(
    (outdir) => emitTerraformModule(monitoringModule, outdir),
    'monitoring',
    {
      name: 'consumer-prod',
      account_id: '123456789012',
      region: 'us-east-1',
      edge: { alb_arn_suffix: 'app/consumer-prod/0123456789abcdef', target_group_arn_suffix: 'targetgroup/consumer-prod/0123456789abcdef', web_acl_name: 'consumer-prod-regional' },
      compute: { cluster_name: 'consumer-prod', service_name: 'consumer-prod-api', min_task_count: 2, log_group_name: '/ecs/consumer-prod/api' },
      database: { instance_identifier: 'consumer-prod-db' },
      alarm_emails: ['ops@example.com', 'oncall@example.com'],
      alarm_https_endpoints: ['https://hooks.example.com/alerts'],
      failed_logins: 20,
    },
    { topic: { value: '${module.monitoring.alert_topic_arn}' } },
  );
}

/** Every root the joint plan holds, by name: the layer fixtures (synthesized stacks) and the module consumers. */
const JOINT_FIXTURES: Record<string, () => RootFixture> = {
  ...Object.fromEntries(Object.entries(LAYER_FIXTURES).map(([layer, build]) => [layer, () => ({ dir: build().dir, file: 'cdk.tf.json' })])),
  databaseModule: () => databaseModuleConsumer().fixture,
  monitoringModule: () => monitoringModuleConsumer().fixture,
};

export type JointFixture = LayerFixture | 'databaseModule' | 'monitoringModule';

/** Module names in the joint root: Terraform identifiers. */
const moduleName = (layer: string) => layer.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

type Json = Record<string, any>;

/** The joint plan: its result, with each fixture's hash and where its module is. */
interface JointPlan {
  readonly result: StackPlanResult;
  readonly fixtures: Record<string, { readonly sha256: string }>;
}

/**
 * Writes the joint root into `root`: each fixture's folder as the module `<root>/<name>/`, its Terraform JSON file
 * without its provider blocks and backend (declaring the aliases it uses), the distinct provider configurations in
 * the root, handed to each module as it configured them.
 */
export function writeJointRoot(root: string, fixtures: Record<string, RootFixture>): void {
  const configs: Json[] = [];
  const configKey = (c: Json) => JSON.stringify({ ...c, alias: undefined });
  const rootAlias = (index: number) => (index === 0 ? 'aws' : `aws.config_${index}`);
  const modules: Json = {};
  let required: Json | undefined;
  for (const [name, fixture] of Object.entries(fixtures)) {
    const module = JSON.parse(fs.readFileSync(path.join(fixture.dir, fixture.file), 'utf8')) as Json;
    const own = (module.provider?.aws ?? []) as Json[];
    const unknown = Object.keys(module.provider ?? {}).filter((p) => p !== 'aws');
    if (unknown.length > 0) throw new Error(`fixture ${name} configures providers other than aws: ${unknown.join(', ')}`);
    delete module.provider;
    if (module.terraform?.backend) delete module.terraform.backend;
    required ??= module.terraform.required_providers.aws;
    const aliases = own.filter((c) => c.alias).map((c) => `aws.${c.alias}`);
    if (aliases.length > 0) module.terraform.required_providers.aws.configuration_aliases = aliases;
    const providers: Record<string, string> = {};
    for (const c of own) {
      let index = configs.findIndex((k) => configKey(k) === configKey(c));
      if (index < 0) index = configs.push(c) - 1;
      providers[c.alias ? `aws.${c.alias}` : 'aws'] = rootAlias(index);
    }
    const dir = path.join(root, name);
    fs.cpSync(fixture.dir, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, fixture.file), JSON.stringify(module, null, 1));
    modules[name] = { source: `./${name}`, providers };
  }
  const provider = configs.map((c, i) => {
    const { alias: _alias, ...rest } = c;
    return i === 0 ? rest : { ...rest, alias: `config_${i}` };
  });
  fs.writeFileSync(
    path.join(root, 'main.tf.json'),
    JSON.stringify({ terraform: { required_providers: { aws: { source: required!.source, version: required!.version } } }, provider: { aws: provider }, module: modules }, null, 1),
  );
}

/** One hash of every file of a fixture's folder (names and contents). */
function fixtureHash(fixture: RootFixture): string {
  return sha256(JSON.stringify([...readTree(fixture.dir)].sort(([a], [b]) => (a < b ? -1 : 1))));
}

/** The part of a joint-root result that belongs to one module, addressed as if that module had been the root. */
export function moduleResult(joint: StackPlanResult, module: string): StackPlanResult {
  const prefix = `module.${module}.`;
  const own = (address: string) => address.startsWith(prefix);
  const strip = (address: string) => address.slice(prefix.length);
  const createdAddresses = joint.createdAddresses.filter(own).map(strip);
  const planJson: PlanJson | undefined = joint.planJson && {
    ...joint.planJson,
    resource_changes: (joint.planJson.resource_changes ?? []).filter((r) => own(r.address)).map(({ module_address: _m, ...r }: Json) => ({ ...r, address: strip(r.address) }) as never),
  };
  return { ...joint, stack: module, resourceCount: createdAddresses.length, createdAddresses, planJson };
}

async function planAll(): Promise<JointPlan> {
  const root = path.join(tmpOutdir('helloapi-joint-fixtures-'), 'joint');
  const fixtures: Record<string, RootFixture> = {};
  const hashes: Record<string, { sha256: string }> = {};
  for (const [name, build] of Object.entries(JOINT_FIXTURES)) {
    const fixture = build();
    fixtures[moduleName(name)] = fixture;
    hashes[name] = { sha256: fixtureHash(fixture) };
  }
  writeJointRoot(root, fixtures);
  const [result] = await planStacks({ stackDirs: [root], concurrency: 1, keepPlanJson: true, validate: false });
  return { result, fixtures: hashes };
}

/**
 * The offline plan of one fixture (its part of the joint plan, planned once per run), given the fixture as this
 * test file built it: throws when that is not byte-identical (every file of its folder) to the one planned.
 */
export async function jointFixturePlan(name: JointFixture, fixture: RootFixture): Promise<StackPlanResult> {
  const joint = await sharedOnce('joint-fixtures-plan', planAll);
  const mine = fixtureHash(fixture);
  if (joint.fixtures[name]?.sha256 !== mine) throw new Error(`the ${name} fixture planned (sha256 ${joint.fixtures[name]?.sha256}) is not the one built here (${mine})`);
  return moduleResult(joint.result, moduleName(name));
}

/** The offline plan of one layer's fixture (its part of the joint plan) and the fixture as this file synthesized it. */
export async function layerFixturePlan(layer: LayerFixture): Promise<{ stack: SynthesizedStack; result: StackPlanResult }> {
  const stack = LAYER_FIXTURES[layer]();
  return { stack, result: await jointFixturePlan(layer, { dir: stack.dir, file: 'cdk.tf.json' }) };
}
