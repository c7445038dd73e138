/**
 * The published modules' variable validations accept exactly what the layers' own rules accept (issue 18: one home
 * per fact). Each sample value is judged twice: by the layer's TypeScript props check, and by the module's HCL
 * validation blocks, evaluated by `terraform console` (one run for every sample). The two must agree; a rule copied
 * by hand into a module, or a pattern JavaScript and RE2 read differently, fails here.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { allowedHostsProblems, fargateSizeProblems, imageProblems } from '../../modules/compute/validate';
import { FARGATE_SIZES, LOG_RETENTION_DAYS } from '../../modules/core/limits';
import { databasePropsProblems, DatabaseProps } from '../../modules/database';
import { edgePropsProblems } from '../../modules/edge/validation';
import { MonitoringThresholds, serviceDimensionsProblems, thresholdProblems } from '../../modules/monitoring/alarms';
import { monitoringPropsProblems } from '../../modules/monitoring/validation';
import { networkPropsProblems } from '../../modules/network/validation';
import { statePropsProblems } from '../../modules/state/validation';
import { buildModules } from '../../scripts/build-modules';
import { terraformBinary } from '../../scripts/terraform';
import { baseProps } from '../database/helpers';
import { tmpOutdir } from '../support/synth';

type Json = Record<string, any>;

/** One sample: the module, the variables whose validations judge it, every variable they read, the layer's verdict. */
interface Sample {
  readonly module: string;
  readonly variables: string[];
  readonly vars: Record<string, unknown>;
  readonly layerAccepts: boolean;
}

const ACCOUNT = '123456789012';
const samples: Sample[] = [];
const sample = (module: string, variable: string, value: unknown, layerAccepts: boolean, others: Record<string, unknown> = {}) =>
  samples.push({ module, variables: [variable], vars: { account_id: ACCOUNT, region: 'eu-west-1', ...others, [variable]: value }, layerAccepts });

// compute: the Fargate task size (core/limits FARGATE_SIZES), host name, image tag
const CPUS = [...Object.keys(FARGATE_SIZES).map(Number), 128, 3072, 32768];
const MEMORIES = [512, 1024, 1536, 2048, 3072, 4096, 5120, 8192, 9216, 16384, 20480, 30720, 31744, 36864, 61440, 65536, 122880, 126976];
for (const cpu of CPUS) {
  // Judged by both validations, as the layer judges the pair: cpu one of the sizes, memory one of cpu's.
  for (const memory of MEMORIES) samples.push({ module: 'compute', variables: ['cpu', 'memory'], vars: { cpu, memory }, layerAccepts: fargateSizeProblems({ cpu, memory }).length === 0 });
}
const HOSTS = ['api.example.com', 'a.io', '*.example.com', 'API.example.com', 'example', 'a-.example.com', 'x_y.example.com', `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(61)}.com`, `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(62)}.com`];
for (const host of HOSTS) sample('compute', 'domain_name', host, allowedHostsProblems([host]).length === 0);
for (const tag of ['v1.4.2', 'latest', '-x', '.x', 'sha-0a1b.2_c', 'a'.repeat(128), 'a'.repeat(129), 'v 1']) {
  sample('compute', 'image_tag', tag, imageProblems({ tag }, false).length === 0);
}

// database: its props check (databasePropsProblems), one prop at a time
const database = (variable: string, prop: keyof DatabaseProps, values: unknown[], others: Partial<DatabaseProps> = {}, otherVars: Record<string, unknown> = {}) => {
  for (const value of values) {
    const problems = databasePropsProblems(baseProps({ ...others, [prop]: value }));
    sample('database', variable, value, !problems.some((p) => p.prop === prop), otherVars);
  }
};
database('name', 'name', ['helloapi-test', 'a'.repeat(40), 'a'.repeat(41), 'Bad', 'a--b', '1abc', 'abc-', 'a']);
database('instance_class', 'instanceClass', ['db.t4g.medium', 'db.r6g.2xlarge', 't4g.medium', 'db.t4g', 'DB.t4g.medium']);
database('allocated_storage', 'allocatedStorage', [19, 20, 20.5, 65536, 65537], { maxAllocatedStorage: 65536 });
database('max_allocated_storage', 'maxAllocatedStorage', [20, 49, 50, 100, 100.5, 65536, 65537], { allocatedStorage: 50 }, { allocated_storage: 50 });
database('engine_version', 'engineVersion', ['17', '17.4', '14', '13', '9.6', '17.4.1', 'x', '170']);
database('database_name', 'databaseName', ['orders', 'postgres', 'template1', 'Orders', '1db', 'a'.repeat(63), 'a'.repeat(64)]);
database('master_username', 'masterUsername', ['dbadmin', 'app_owner', 'postgres', 'admin', 'rdsuser', 'pg_x', 'Admin', '_x']);
// The instance's port is database_port (the network module's output; `port` may only repeat it): the layer's port rule.
database('database_port', 'port', [1149, 1150, 5432, 5432.5, 6432, 65535, 65536]);
database('backup_retention_days', 'backupRetentionDays', [6, 7, 14, 14.5, 35, 36]);
// Windows: formats (the layer also checks length and overlap; these samples are 60 minutes apart from the other default).
// The windows judged together (windows.ts): formats, at least 30 minutes each, no overlap on any day of the week.
const WINDOWS: [string, string][] = [
  ['03:00-04:00', 'sun:04:30-sun:05:30'],
  ['22:00-23:00', 'sat:22:30-sat:23:30'],
  ['24:00-01:00', 'sun:04:30-sun:05:30'],
  ['25:00-26:00', 'sun:04:30-sun:05:30'],
  ['3:00-4:00', 'sun:04:30-sun:05:30'],
  ['19:60-20:30', 'sun:04:30-sun:05:30'],
  ['0300-0400', 'sun:04:30-sun:05:30'],
  ['03:00-03:10', 'sun:04:30-sun:05:30'],
  ['03:00-03:30', 'sun:04:30-sun:05:30'],
  ['04:00-05:00', 'sun:04:30-sun:05:30'],
  ['05:30-06:00', 'sun:04:30-sun:05:30'],
  ['05:29-06:00', 'sun:04:30-sun:05:30'],
  ['23:50-00:30', 'mon:00:10-mon:01:00'],
  ['23:00-23:40', 'sat:23:50-sun:00:30'],
  ['00:00-00:40', 'sat:23:50-sun:00:30'],
  ['03:00-04:00', 'sat:22:00-sat:23:00'],
  ['03:00-04:00', 'sun:04:30-sun:04:40'],
  ['03:00-04:00', 'mon:24:00-mon:25:00'],
  ['03:00-04:00', 'xyz:01:00-xyz:02:00'],
  ['03:00-04:00', 'sun:4:30-sun:5:30'],
];
for (const [backup, maintenance] of WINDOWS) {
  const problems = databasePropsProblems(baseProps({ backupWindow: backup, maintenanceWindow: maintenance }));
  const vars = { account_id: ACCOUNT, region: 'eu-west-1', backup_window: backup, maintenance_window: maintenance };
  samples.push({ module: 'database', variables: ['backup_window'], vars, layerAccepts: !problems.some((p) => p.prop === 'backupWindow') });
  samples.push({ module: 'database', variables: ['maintenance_window'], vars, layerAccepts: !problems.some((p) => p.prop === 'maintenanceWindow') });
}
database('slow_statement_threshold_ms', 'slowStatementThresholdMs', [-2, -1, 0, 1000, 10.5]);
database('performance_insights_retention_days', 'performanceInsightsRetentionDays', [7, 8, 30, 31, 62, 713, 731, 744, 31.5]);
database('log_retention_days', 'logRetentionDays', [1, 2, 365, 3653, 3654]);

// edge: its props check (edgePropsProblems) for the host name and the name prefix (ALB names, log bucket names)
const edgeProblems = (over: Record<string, unknown>) =>
  edgePropsProblems({
    name: 'helloapi',
    accountId: ACCOUNT,
    region: 'eu-west-1',
    network: { vpcId: 'vpc-1', publicSubnetIds: ['subnet-1', 'subnet-2'], appSubnetIds: ['subnet-3', 'subnet-4'], albSecurityGroupId: 'sg-1' },
    domainName: 'api.example.com',
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    cloudFront: false,
    ...over,
  });
for (const module of ['edge', 'edge-regional']) {
  for (const host of HOSTS) sample(module, 'domain_name', host, !edgeProblems({ domainName: host }).some((p) => p.prop === 'domainName'));
  // The module also requires the name prefix pattern (as every module does); these names follow it.
  for (const [name, region] of [['a'.repeat(26), 'ap-southeast-1'], ['a'.repeat(27), 'ap-southeast-1'], ['a'.repeat(28), 'eu-west-1'], ['a'.repeat(29), 'eu-west-1'], ['my-app', 'us-east-1']]) {
    sample(module, 'name', name, !edgeProblems({ name, region }).some((p) => p.prop === 'name'), { region });
  }
}

// edge: the hosted zone ID (HOSTED_ZONE_ID_PATTERN, the layer's and the environment schema's)
for (const module of ['edge', 'edge-regional']) {
  for (const id of ['Z0123456789ABCDEFGHIJ', 'Z0123', 'Z012', `Z${'A'.repeat(31)}`, `Z${'A'.repeat(32)}`, 'z0123456789abcdefghij', '/hostedzone/Z0123456789ABCDEFGHIJ', 'nope']) {
    sample(module, 'hosted_zone_id', id, !edgeProblems({ cloudFront: module === 'edge', hostedZoneId: id }).some((p) => p.prop === 'hostedZoneId'));
  }
}

// edge (CloudFront): the origin-facing prefix list, given or from the table of the region (null: the table's entry)
for (const region of ['eu-west-1', 'ap-east-1']) {
  for (const id of [null, 'pl-3b927c52', 'pl-0123456789abcdef0', 'pl-12', 'PL-3B927C52', 'sg-3b927c52']) {
    const problems = edgeProblems({ region, cloudFront: true, cloudFrontOriginPrefixListId: id ?? undefined });
    sample('edge', 'cloudfront_origin_prefix_list_id', id, !problems.some((p) => p.prop === 'cloudFrontOriginPrefixListId'), { region });
  }
}

// monitoring: thresholds (thresholdProblems), the running-task floor (serviceDimensionsProblems), HTTPS subscribers
const THRESHOLD_NAMES: Record<string, keyof MonitoringThresholds> = { target_error_rate_percent: 'targetErrorRatePercent', p99_latency_seconds: 'p99LatencySeconds', rds_connections: 'rdsConnections' };
for (const [variable, key] of Object.entries(THRESHOLD_NAMES)) {
  for (const value of [-1, 0, 50, 100, 101, 2000]) sample('monitoring', variable, value, thresholdProblems({ [key]: value }).length === 0);
}
for (const value of [0, 1, 2.5, 3]) {
  sample('monitoring', 'compute', { cluster_name: 'c', service_name: 's', min_task_count: value }, serviceDimensionsProblems({ clusterName: 'c', serviceName: 's', desiredCount: value }).length === 0);
}
// null: no service watched, as the construct without `compute`
sample('monitoring', 'compute', null, monitoringPropsProblems({ name: 'helloapi', accountId: ACCOUNT, region: 'eu-west-1' }).length === 0);

// network: the database port the security group admits (networkPropsProblems' port rule)
for (const module of ['network', 'network-2az']) {
  for (const port of [0, 1, 5432, 6432, 6432.5, 65535, 65536]) {
    const problems = networkPropsProblems({ name: 'helloapi', accountId: ACCOUNT, region: 'eu-west-1', cidr: '10.0.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'], databasePort: port });
    sample(module, 'database_port', port, !problems.some((p) => p.prop === 'databasePort'));
  }
}
// network: the ALB ingress CIDR (networkPropsProblems' albIngressCidrs rule: an IPv4 network address)
for (const module of ['network', 'network-2az']) {
  for (const cidr of ['0.0.0.0/0', '10.0.0.0/8', '10.40.0.0/16', '10.0.0.1/8', '10.40.0.1/32', '10.40.0.1/16', '::/0', '999.0.0.0/8', '10.0.0.0/33', '10.0.0.0']) {
    const problems = networkPropsProblems({ name: 'helloapi', accountId: ACCOUNT, region: 'eu-west-1', cidr: '10.0.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'], albIngressCidrs: [cidr] });
    sample(module, 'alb_ingress_cidr', cidr, !problems.some((p) => p.prop.startsWith('albIngressCidrs')));
  }
}
for (const url of ['https://hooks.example.com/x', 'http://hooks.example.com/x', 'https://', 'https://a b', 'ftp://x']) {
  const layer = monitoringPropsProblems({ name: 'helloapi', accountId: ACCOUNT, region: 'eu-west-1', alarmHttpsEndpoints: [url] }).length === 0;
  sample('monitoring', 'alarm_https_endpoints', [url], layer);
}

// state: noncurrent version retention (statePropsProblems)
for (const days of [0, 1, 1.5, 90]) {
  sample('state', 'noncurrent_version_days', days, statePropsProblems({ name: 'state', accountId: ACCOUNT, region: 'eu-west-1', bucketName: 'b', noncurrentVersionDays: days }).length === 0);
}

// every module's log retention variable: LOG_RETENTION_DAYS (core/limits), which every layer checks
const RETENTION_VARIABLES: [string, string][] = [
  ['compute', 'log_retention_days'],
  ['edge', 'log_retention_days'],
  ['edge-regional', 'log_retention_days'],
  ['account-baseline', 'trail_log_retention_days'],
  ['network', 'flow_log_retention_days'],
  ['network-2az', 'flow_log_retention_days'],
];
for (const [module, variable] of RETENTION_VARIABLES) {
  for (const days of [0, 1, 2, 365, 400, 3653, 3654]) sample(module, variable, days, (LOG_RETENTION_DAYS as readonly number[]).includes(days));
}

/** An HCL literal for a sample value (JSON strings, numbers and lists are HCL). */
const hcl = (value: unknown): string => JSON.stringify(value);

/** The conjunction of the variables' validation conditions, with every `var.<name>` replaced by the sample's value. */
function expression(module: Json, s: Sample): string {
  const blocks = s.variables.flatMap((v) => (module.variable[v]?.validation ?? []) as { condition: string }[]);
  if (blocks.length === 0) throw new Error(`${s.variables.join(', ')}: no validation`);
  const conditions = blocks.map((b) => {
    let c = /^\$\{([\s\S]*)\}$/.exec(b.condition)![1];
    for (const [name, value] of Object.entries(s.vars)) c = c.replace(new RegExp(`\\bvar\\.${name}\\b`, 'g'), hcl(value));
    const unset = /\bvar\.[a-z0-9_]+/.exec(c);
    if (unset) throw new Error(`sample of ${s.variables.join(', ')} does not set ${unset[0]}`);
    return `(${c})`;
  });
  return `try(alltrue([${conditions.join(', ')}]), "error")`;
}

describe("module validations agree with the layers' rules (terraform console)", () => {
  const dir = tmpOutdir('helloapi-hcl-validations-');
  let verdicts: unknown[];
  let stderr: string;

  beforeAll(() => {
    const modules = Object.fromEntries(buildModules(path.join(dir, 'modules')).map((d) => [path.basename(d), JSON.parse(fs.readFileSync(path.join(d, 'main.tf.json'), 'utf8'))]));
    // The verdicts as a local of a configuration without providers (console evaluates one input line of at most 64 KiB).
    const root = path.join(dir, 'root');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'main.tf'), ['locals {', '  verdicts = [', ...samples.map((s) => `    ${expression(modules[s.module], s)},`), '  ]', '}', ''].join('\n'));
    const cliConfig = path.join(dir, 'empty.tfrc');
    fs.writeFileSync(cliConfig, '');
    const result = spawnSync(terraformBinary().bin, ['console'], { cwd: root, input: 'jsonencode(local.verdicts)\n', encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig }, maxBuffer: 16 * 1024 * 1024 });
    stderr = result.stderr;
    verdicts = result.status === 0 ? JSON.parse(JSON.parse(result.stdout.trim())) : [];
  });

  it('evaluates every sample', () => {
    expect(stderr).toBe('');
    expect(verdicts).toHaveLength(samples.length);
    expect(samples.length).toBeGreaterThan(300);
    // Both verdicts occur for every variable sampled, so a validation that accepts (or refuses) everything fails.
    const seen = new Map<string, Set<boolean>>();
    for (const s of samples) {
      const key = `${s.module} ${s.variables.join('+')}`;
      seen.set(key, (seen.get(key) ?? new Set()).add(s.layerAccepts));
    }
    expect([...seen].filter(([, v]) => v.size < 2).map(([k]) => k)).toEqual([]);
  });

  it('accepts and refuses what the layer does', () => {
    const disagreements = samples
      .map((s, i) => ({ module: s.module, values: Object.fromEntries(s.variables.map((v) => [v, s.vars[v]])), layer: s.layerAccepts, moduleValidation: verdicts[i] }))
      .filter((d) => d.layer !== d.moduleValidation);
    expect(disagreements).toEqual([]);
  });

  it('reads the Fargate sizes of core/limits, up to 16384 CPU units', () => {
    const at = (cpu: number, memory: number) => verdicts[samples.findIndex((s) => s.module === 'compute' && s.vars.cpu === cpu && s.vars.memory === memory)];
    expect([at(16384, 122880), at(8192, 61440), at(256, 1536), at(4096, 31744)]).toEqual([true, true, false, false]);
  });
});
