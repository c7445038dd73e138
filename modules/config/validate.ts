import { parseRoleArn } from '../core/iam';
import { z } from 'zod';
import { cidrsOverlap, parseCidr, planSubnets } from '../network/cidr';
import { DEFAULT_BACKUP_WINDOW, DEFAULT_MAINTENANCE_WINDOW, windowProblems } from '../database/windows';
import { RELAXATIONS, RelaxationName } from './relaxations';
import { environmentSchema, LOG_RETENTION_DAYS, ParsedEnvironment } from './schema';
import { fargateSizeProblem } from '../core/limits';
import { partitionOf } from './regions';
import { unknownRuleMessage } from '../policy/rule-ids';
import { EnvironmentConfig } from './types';
import { DEFAULT_MANAGED_RULE_GROUP_NAMES, unknownWafRuleNames, wafRuleNames } from '../edge/waf-rules';

/** One thing wrong with one environment file. */
export interface ConfigProblem {
  /** Where the environment came from, e.g. `environments/prod.ts`. */
  readonly source: string;
  /** Dotted path of the field, e.g. `network.cidr`. */
  readonly path: string;
  /** The offending value, as JSON (absent when the field is missing). @default undefined (the field is missing) */
  readonly value?: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = 'ConfigError';
  }
}

export function formatProblems(problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) => `  ${p.source}: ${p.path || '(root)'}${p.value !== undefined ? ` = ${p.value}` : ''}: ${p.message}`);
  return `Invalid environment configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

function show(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const s = JSON.stringify(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** The allowed keys of the object schema at `path`, for "unknown key" messages. */
function allowedKeys(path: readonly (string | number)[]): string[] {
  let schema: z.ZodTypeAny = environmentSchema;
  const unwrap = (s: z.ZodTypeAny): z.ZodTypeAny => {
    for (;;) {
      if (s instanceof z.ZodDefault) s = s._def.innerType;
      else if (s instanceof z.ZodOptional) s = s._def.innerType;
      else if (s instanceof z.ZodEffects) s = s._def.schema;
      else return s;
    }
  };
  for (const key of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) schema = schema.shape[key as string];
    else if (schema instanceof z.ZodArray) schema = schema.element;
    else if (schema instanceof z.ZodRecord) schema = schema.valueSchema;
    else return [];
    if (!schema) return [];
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function zodProblems(source: string, raw: unknown, error: z.ZodError): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(issue.path);
      for (const key of issue.keys) {
        out.push({
          source,
          path: [...issue.path, key].join('.'),
          value: show(valueAt(raw, [...issue.path, key])),
          message: `unknown key; allowed keys here: ${allowed.join(', ')}`,
        });
      }
      continue;
    }
    const value = valueAt(raw, issue.path);
    let message = issue.message;
    if (issue.code === 'invalid_type' && issue.received === 'undefined') message = `is required (${issue.expected})`;
    else if (issue.code === 'invalid_type') message = `must be ${issue.expected}, got ${issue.received}`;
    else if (issue.code === 'invalid_enum_value') message = `must be one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}`;
    out.push({ source, path: issue.path.join('.'), value: show(value), message });
  }
  return out;
}

/** Checks that need more than one field, run on whatever parsed. */
function semanticProblems(source: string, env: ParsedEnvironment, fileName: string | undefined, parsedSections: ReadonlySet<string>): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const add = (path: string, value: unknown, message: string) => out.push({ source, path, value: show(value), message });
  const relaxed = (name: RelaxationName) => env.relaxations?.[name] !== undefined;
  // Each group runs only when the sections it reads parsed, so a schema error elsewhere hides nothing.
  const ok = (...sections: (keyof ParsedEnvironment)[]) => sections.every((s) => parsedSections.has(s));
  if (!ok('relaxations')) return out;

  if (ok('name') && fileName !== undefined && env.name !== fileName) add('name', env.name, `must match the file name "${fileName}" (one environment per file)`);

  if (ok('network', 'production')) networkProblems(env, add, ok('account') ? env.account.region : undefined);
  if (ok('logRetentionDays', 'production')) checkRetention(env.logRetentionDays, 'logRetentionDays', env, add);
  if (ok('dns')) dnsProblems(env, add);
  if (ok('dns', 'account')) dnsAccessProblems(env, add);
  if (ok('state', 'account')) stateAccessProblems(env, add);
  if (ok('compute', 'production')) computeProblems(env, add, relaxed);
  if (ok('database')) databaseProblems(env, add);
  if (ok('edge')) edgeProblems(env, add);
  if (ok('monitoring') && env.monitoring.alarmEmails.length + env.monitoring.alarmHttpsEndpoints.length === 0 && !relaxed('noAlarmSubscribers')) {
    add('monitoring.alarmEmails', env.monitoring.alarmEmails, 'at least one alarm subscriber is required (or relaxations.noAlarmSubscribers with a reason)');
  }
  if (ok('policy')) {
    env.policy.suppressions.forEach((s, i) => {
      const problem = unknownRuleMessage(s.rule);
      if (problem) add(`policy.suppressions.${i}.rule`, s.rule, problem);
    });
  }
  if (ok('state', 'production') && env.state.backend === 'local' && env.production) add('state.backend', 'local', 'production must keep state remotely: use "s3" or "hcp"');
  if (ok('production')) {
    for (const [name, value] of Object.entries(env.relaxations)) {
      if (value === undefined) continue;
      const spec = RELAXATIONS[name as RelaxationName];
      if (env.production && !spec.allowedInProduction) {
        add(`relaxations.${name}`, value, `is not allowed in production (${spec.effect})`);
      }
    }
  }
  return out;
}

type Add = (path: string, value: unknown, message: string) => void;

function networkProblems(env: ParsedEnvironment, add: Add, region: string | undefined): void {
  const plan = planSubnets(env.network.cidr, env.network.azCount);
  if (!plan.ok) add('network.cidr', env.network.cidr, plan.error);
  if (env.network.availabilityZones !== undefined) {
    const azs = env.network.availabilityZones;
    if (azs.length !== env.network.azCount) add('network.availabilityZones', azs, `lists ${azs.length} zones but azCount is ${env.network.azCount}`);
    azs.forEach((az, i) => {
      if (region !== undefined && !new RegExp(`^${region}[a-z]$`).test(az)) add(`network.availabilityZones.${i}`, az, `must be a zone of ${region}, e.g. ${region}a`);
    });
    if (new Set(azs).size !== azs.length) add('network.availabilityZones', azs, 'must not repeat a zone');
  }
  checkRetention(env.network.flowLogRetentionDays, 'network.flowLogRetentionDays', env, add);
}

function dnsProblems(env: ParsedEnvironment, add: Add): void {
  const { domain, zoneName, alternativeNames } = env.dns;
  const under = (host: string) => host === zoneName || host.endsWith(`.${zoneName}`);
  if (!under(domain)) add('dns.domain', domain, `must be "${zoneName}" or a name under it (dns.zoneName)`);
  alternativeNames.forEach((n, i) => {
    if (!under(n)) add(`dns.alternativeNames.${i}`, n, `must be "${zoneName}" or a name under it (dns.zoneName)`);
  });
}

/**
 * IAM role names are at most 64 characters (the path is separate).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names
 */
const MAX_IAM_ROLE_NAME_LENGTH = 64;

/**
 * A cross-account role: required when `owner.accountId` (the account holding the resource) differs from the
 * environment's account, and always a role in that account, in the partition of `region` (where the resource is)
 * and in the partition of the environment's own region: the environment's credentials assume it, and AssumeRole
 * cannot cross partitions (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_cross_partition.html,
 * https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html).
 * With `usedOnlyAcrossAccounts`, a role named while the resource is in the environment's own account is refused:
 * nothing would assume it.
 */
function roleProblems(
  add: Add,
  field: { readonly path: string; readonly value: string | undefined },
  owner: { readonly accountId: string; readonly field: string; readonly what: string },
  env: ParsedEnvironment,
  location: { readonly region: string; readonly field: string },
  roleName: string,
  usedOnlyAcrossAccounts: { readonly ownAccountFix: string } | undefined,
): void {
  const partition = partitionOf(location.region);
  const envPartition = partitionOf(env.account.region);
  const example = `arn:${partition}:iam::${owner.accountId}:role/${roleName}`;
  if (field.value === undefined) {
    if (owner.accountId !== env.account.id) {
      add(
        field.path,
        undefined,
        `is required: ${owner.what} is in account ${owner.accountId} (${owner.field}) and this environment runs in ${env.account.id} (account.id); name a role in ${owner.accountId} that ${env.account.id} may assume, e.g. ${example}`,
      );
    }
    return;
  }
  const parts = parseRoleArn(field.value);
  if (!parts) return; // the schema already refused it
  if (usedOnlyAcrossAccounts && owner.accountId === env.account.id) {
    add(
      field.path,
      field.value,
      `would be ignored: ${owner.what} is in this environment's own account ${env.account.id} (${owner.field}), so it is reached with the environment's own credentials and no role is assumed; ${usedOnlyAcrossAccounts.ownAccountFix}`,
    );
    return;
  }
  if (parts.accountId !== owner.accountId) {
    add(field.path, field.value, `must be a role in account ${owner.accountId}, where ${owner.what} is (${owner.field}), e.g. ${example}; the ARN names account ${parts.accountId}`);
  }
  const crossPartition = `the environment's credentials assume this role, and AssumeRole cannot cross partitions; the ARN names partition ${parts.partition}`;
  if (partition === envPartition) {
    if (parts.partition !== partition) {
      const regions = location.field === 'account.region' ? `region ${env.account.region}, account.region` : `region ${location.region}, ${location.field}, and this environment's region ${env.account.region}, account.region`;
      add(field.path, field.value, `must be in partition ${partition} (${regions}): ${crossPartition}; e.g. ${example}`);
    }
  } else {
    // The resource and the environment are in different partitions: no role can serve both, say both.
    if (parts.partition !== partition) {
      add(field.path, field.value, `must be in partition ${partition} (region ${location.region}, ${location.field}), where ${owner.what} is; the ARN names partition ${parts.partition}`);
    }
    if (parts.partition !== envPartition) {
      add(
        field.path,
        field.value,
        `must be in partition ${envPartition}, the partition of this environment's region ${env.account.region} (account.region): ${crossPartition}; ${owner.what} is in partition ${partition} (${location.field} ${location.region}), so no role can serve this environment: keep it in partition ${envPartition}`,
      );
    }
  }
  if (parts.name.length > MAX_IAM_ROLE_NAME_LENGTH) {
    add(
      field.path,
      field.value,
      `names role "${parts.name}" (${parts.name.length} characters); IAM role names are at most ${MAX_IAM_ROLE_NAME_LENGTH} characters (a path before the name does not count), e.g. ${example}`,
    );
  }
}

/** A zone in another account needs a role there: Route 53 has no resource policies. */
function dnsAccessProblems(env: ParsedEnvironment, add: Add): void {
  const zoneAccount = env.dns.accountId ?? env.account.id;
  roleProblems(
    add,
    { path: 'dns.roleArn', value: env.dns.roleArn },
    { accountId: zoneAccount, field: env.dns.accountId === undefined ? 'account.id' : 'dns.accountId', what: `the hosted zone ${env.dns.hostedZoneId}` },
    env,
    { region: env.account.region, field: 'account.region' },
    `${env.app ?? 'helloapi'}-dns-${env.name ?? '<env>'}`,
    // The environment stack adds the aws.dns provider (assume_role) only for a zone in another account.
    { ownAccountFix: 'remove dns.roleArn, or, if the zone is in another account, set dns.accountId to that account (then dns.roleArn must be a role there)' },
  );
}

/** State in another account is reached through a role there (the backend's assume_role). */
function stateAccessProblems(env: ParsedEnvironment, add: Add): void {
  if (env.state.backend !== 's3') return;
  const stateAccount = env.state.accountId ?? env.account.id;
  roleProblems(
    add,
    { path: 'state.roleArn', value: env.state.roleArn },
    { accountId: stateAccount, field: env.state.accountId === undefined ? 'account.id' : 'state.accountId', what: `the state bucket ${env.state.bucket}` },
    env,
    env.state.region !== undefined ? { region: env.state.region, field: 'state.region' } : { region: env.account.region, field: 'account.region' },
    `${env.app ?? 'helloapi'}-state-${env.name ?? '<env>'}`,
    // The backend assumes state.roleArn whenever it is set, also in the environment's own account.
    undefined,
  );
}

function computeProblems(env: ParsedEnvironment, add: Add, relaxed: (name: RelaxationName) => boolean): void {
  const c = env.compute;
  const size = fargateSizeProblem(c.cpu, c.memory);
  if (size) add(`compute.${size.field}`, size.field === 'cpu' ? c.cpu : c.memory, size.message);
  const min = c.minCount ?? c.desiredCount;
  const max = c.maxCount ?? c.desiredCount * 4;
  if (min > c.desiredCount) add('compute.minCount', min, `must not exceed desiredCount (${c.desiredCount})`);
  if (max < c.desiredCount) add('compute.maxCount', max, `must be at least desiredCount (${c.desiredCount})`);
  if (env.production && c.desiredCount < 2) add('compute.desiredCount', c.desiredCount, 'must be at least 2 in production (tasks spread over AZs)');
  if (env.production && min < 2) add('compute.minCount', min, 'must be at least 2 in production');
  const { tag, digest } = c.image;
  if ((tag === undefined) === (digest === undefined)) add('compute.image', c.image, 'set exactly one of tag or digest');
  if (tag === 'latest') {
    if (env.production) add('compute.image.tag', tag, 'production must run an immutable tag or a digest, never "latest"');
    else if (!relaxed('mutableImageTag')) add('compute.image.tag', tag, '"latest" needs relaxations.mutableImageTag with a reason; prefer an immutable tag or a digest');
  }
}

function databaseProblems(env: ParsedEnvironment, add: Add): void {
  const d = env.database;
  if (d.readReplicas > 0) {
    add(
      'database.readReplicas',
      d.readReplicas,
      'must be 0: RDS cannot create a read replica of an instance whose master password it manages in Secrets Manager (all engines but SQL Server), and managed credentials are not optional here',
    );
  }
  if (d.maxAllocatedStorage !== undefined && d.maxAllocatedStorage < d.allocatedStorage) {
    add('database.maxAllocatedStorage', d.maxAllocatedStorage, `must be at least allocatedStorage (${d.allocatedStorage})`);
  }
  if (d.backupWindow !== undefined || d.maintenanceWindow !== undefined) {
    const backup = d.backupWindow ?? DEFAULT_BACKUP_WINDOW;
    const maintenance = d.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW;
    for (const problem of windowProblems(backup, maintenance)) {
      const path = /^maintenanceWindow/.test(problem) || d.backupWindow === undefined ? 'database.maintenanceWindow' : 'database.backupWindow';
      add(path, path === 'database.backupWindow' ? backup : maintenance, problem);
    }
  }
}

function edgeProblems(env: ParsedEnvironment, add: Add): void {
  const cidrList = (list: string[], path: string) =>
    list.forEach((cidr, i) => {
      if (!/^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$/.test(cidr)) add(`${path}.${i}`, cidr, 'must be an IPv4 CIDR such as 203.0.113.0/24');
    });
  cidrList(env.edge.ipAllowList, 'edge.ipAllowList');
  cidrList(env.edge.ipDenyList, 'edge.ipDenyList');
  env.edge.pathRateLimits.forEach((p, i) => {
    if (p.limit >= env.edge.rateLimit) add(`edge.pathRateLimits.${i}.limit`, p.limit, `must be below edge.rateLimit (${env.edge.rateLimit}) to be tighter`);
  });
  const wafRules = wafRuleNames({
    managedRuleGroups: [...DEFAULT_MANAGED_RULE_GROUP_NAMES, ...env.edge.extraWafManagedRuleGroups],
    pathRateLimits: env.edge.pathRateLimits.length,
    ipDenyList: env.edge.ipDenyList.length > 0,
  });
  for (const name of unknownWafRuleNames(env.edge.wafRuleModes, wafRules)) {
    add(`edge.wafRuleModes.${name}`, env.edge.wafRuleModes[name], `is not a WAF rule of this environment; the rules are ${wafRules.join(', ')}`);
  }
  const duplicate = env.edge.extraWafManagedRuleGroups.filter((g, i, all) => all.indexOf(g) !== i);
  if (duplicate.length) add('edge.extraWafManagedRuleGroups', duplicate.join(', '), 'lists a group twice');
}

/** Parses each top-level section on its own; returns what parsed. */
function parseSections(raw: unknown): { env: ParsedEnvironment; sections: Set<string> } {
  const env: Record<string, unknown> = {};
  const sections = new Set<string>();
  const obj = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  for (const [key, schema] of Object.entries(environmentSchema.shape)) {
    const r = (schema as z.ZodTypeAny).safeParse(obj[key]);
    if (r.success) {
      env[key] = r.data;
      sections.add(key);
    }
  }
  return { env: env as ParsedEnvironment, sections };
}

function checkRetention(days: number | undefined, path: string, env: ParsedEnvironment, add: (p: string, v: unknown, m: string) => void): void {
  if (days === undefined) return;
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(days)) {
    add(path, days, `must be one of the CloudWatch Logs retention values: ${LOG_RETENTION_DAYS.join(', ')}`);
  } else if (days < 365 && env.relaxations.shortLogRetention === undefined) {
    add(path, days, `below 365 days needs relaxations.shortLogRetention with a reason${env.production ? ' (not allowed in production)' : ''}`);
  }
}

/** Fills in the defaults that depend on other fields and on relaxations. */
function resolve(env: ParsedEnvironment, source: string): EnvironmentConfig {
  const r = (name: RelaxationName) => env.relaxations[name] !== undefined;
  const defaultRetention = r('shortLogRetention') ? 30 : 365;
  const azs = env.network.availabilityZones ?? ['a', 'b', 'c'].slice(0, env.network.azCount).map((l) => `${env.account.region}${l}`);
  return {
    source,
    app: env.app,
    name: env.name,
    stackName: `${env.app}-${env.name}`,
    production: env.production,
    account: env.account,
    network: {
      cidr: env.network.cidr,
      azCount: env.network.azCount,
      availabilityZones: azs,
      natGateways: r('singleNatGateway') ? 'single' : 'per-az',
      vpcEndpoints: !r('noVpcEndpoints'),
      flowLogRetentionDays: env.network.flowLogRetentionDays ?? defaultRetention,
    },
    dns: { ...env.dns, accountId: env.dns.accountId ?? env.account.id, roleArn: env.dns.roleArn },
    compute: {
      ...env.compute,
      minCount: env.compute.minCount ?? env.compute.desiredCount,
      maxCount: env.compute.maxCount ?? env.compute.desiredCount * 4,
      execEnabled: r('ecsExec'),
    },
    database: {
      ...env.database,
      maxAllocatedStorage: env.database.maxAllocatedStorage ?? env.database.allocatedStorage * 5,
      backupRetentionDays: env.database.backupRetentionDays ?? (env.production ? 14 : 7),
      multiAz: !r('singleAzDatabase'),
      deletionProtection: !r('noDeletionProtection'),
      skipFinalSnapshot: r('skipFinalSnapshot'),
    },
    edge: { ...env.edge, cloudFront: !r('noCloudFront'), deletionProtection: !r('noDeletionProtection') },
    monitoring: env.monitoring,
    accountBaseline: env.accountBaseline,
    logRetentionDays: env.logRetentionDays ?? defaultRetention,
    state: env.state,
    tags: env.tags,
    relaxations: env.relaxations,
    policy: { failOnError: env.policy.failOnError ?? env.production, suppressions: env.policy.suppressions },
  };
}

export interface EnvironmentSource {
  /** Where it came from, for messages (e.g. `environments/prod.ts`). */
  readonly source: string;
  /** The file's base name without extension; must equal `name`. @default undefined (no file-name check) */
  readonly fileName?: string;
  /** The raw object the file exports. */
  readonly raw: unknown;
}

/**
 * Validates every environment and returns them resolved, or throws a
 * ConfigError listing every problem in every file at once.
 */
export function validateEnvironments(sources: readonly EnvironmentSource[]): EnvironmentConfig[] {
  const problems: ConfigProblem[] = [];
  const configs: EnvironmentConfig[] = [];
  for (const { source, fileName, raw } of sources) {
    const parsed = environmentSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...zodProblems(source, raw, parsed.error));
      // Still run the cross-field checks on every section that parsed on its own.
      const { env, sections } = parseSections(raw);
      problems.push(...semanticProblems(source, env, fileName, sections));
      continue;
    }
    const semantic = semanticProblems(source, parsed.data, fileName, new Set(Object.keys(environmentSchema.shape)));
    if (semantic.length > 0) {
      problems.push(...semantic);
      continue;
    }
    configs.push(resolve(parsed.data, source));
  }
  const seen = new Map<string, string>();
  for (const c of configs) {
    const other = seen.get(c.stackName);
    if (other) problems.push({ source: c.source, path: 'name', value: show(c.name), message: `stack ${c.stackName} is also defined by ${other}` });
    seen.set(c.stackName, c.source);
  }
  // VPCs in one account and region must not overlap: they could never be peered or routed to each other.
  configs.forEach((c, i) => {
    for (const other of configs.slice(0, i)) {
      if (other.account.id !== c.account.id || other.account.region !== c.account.region) continue;
      const a = parseCidr(c.network.cidr);
      const b = parseCidr(other.network.cidr);
      if (a && b && cidrsOverlap(a, b)) {
        problems.push({
          source: c.source,
          path: 'network.cidr',
          value: show(c.network.cidr),
          message: `overlaps ${other.source} (${other.network.cidr}) in the same account and region; choose a disjoint range`,
        });
      }
    }
  });
  // All S3-backed environments of one app share one state bucket (the `<app>-state` stack creates it).
  const byApp = new Map<string, EnvironmentConfig>();
  for (const c of configs) {
    if (c.state.backend !== 's3') continue;
    const first = byApp.get(c.app);
    if (!first) {
      byApp.set(c.app, c);
      continue;
    }
    const a = stateLocation(first);
    const b = stateLocation(c);
    for (const key of SHARED_STATE_FIELDS) {
      if (a[key] !== b[key]) {
        problems.push({
          source: c.source,
          path: `state.${key}`,
          value: show(b[key]),
          message: `must match ${first.source} (${show(a[key]) ?? 'unset'}): all environments of "${c.app}" share one state bucket`,
        });
      }
    }
  }
  problems.push(...accessProblems(configs));
  problems.push(...baselineProblems(configs));
  if (problems.length > 0) throw new ConfigError(problems);
  return configs;
}

/**
 * Environments naming the same account baseline (`<app>-account-<label>`) share one stack of
 * account-wide resources: they must be in the same account and region and agree on its settings.
 * The baseline stack's name must not be taken by an environment stack.
 */
function baselineProblems(configs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const firstByLabel = new Map<string, EnvironmentConfig>();
  const stackNames = new Map(configs.map((c) => [c.stackName, c.source]));
  for (const c of configs) {
    const baselineStack = `${c.app}-account-${c.account.baseline}`;
    const clash = stackNames.get(baselineStack);
    if (clash !== undefined) {
      out.push({ source: c.source, path: 'account.baseline', value: show(c.account.baseline), message: `the baseline stack ${baselineStack} has the name of the environment stack defined by ${clash}` });
    }
    const first = firstByLabel.get(baselineStack);
    if (!first) {
      firstByLabel.set(baselineStack, c);
      continue;
    }
    const same = `: environments sharing the account baseline "${c.account.baseline}" (${first.source}) describe one set of account-wide resources`;
    if (c.account.id !== first.account.id) {
      out.push({ source: c.source, path: 'account.id', value: show(c.account.id), message: `must be ${first.account.id}${same}; use another account.baseline label for another account` });
    }
    if (c.account.region !== first.account.region) {
      out.push({ source: c.source, path: 'account.region', value: show(c.account.region), message: `must be ${first.account.region}${same}; use another account.baseline label for another region` });
    }
    if (JSON.stringify(c.accountBaseline) !== JSON.stringify(first.accountBaseline)) {
      out.push({ source: c.source, path: 'accountBaseline', value: show(c.accountBaseline), message: `must equal ${first.source}'s accountBaseline${same}` });
    }
  }
  return out;
}

/**
 * Environments sharing a hosted zone agree on the zone's account; environments naming the same state role are
 * in one account (each state role trusts the one account whose environment uses it).
 */
function accessProblems(configs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const zones = new Map<string, EnvironmentConfig>();
  const stateRoles = new Map<string, EnvironmentConfig>();
  for (const c of configs) {
    const zoneFirst = zones.get(c.dns.hostedZoneId);
    if (!zoneFirst) zones.set(c.dns.hostedZoneId, c);
    else if (zoneFirst.dns.accountId !== c.dns.accountId) {
      out.push({
        source: c.source,
        path: 'dns.accountId',
        value: show(c.dns.accountId),
        message: `must be ${zoneFirst.dns.accountId}, the account ${zoneFirst.source} gives for hosted zone ${c.dns.hostedZoneId} (a zone lives in one account; set dns.accountId and dns.roleArn)`,
      });
    }
    if (c.state.backend !== 's3' || c.state.roleArn === undefined) continue;
    const roleFirst = stateRoles.get(c.state.roleArn);
    if (!roleFirst) stateRoles.set(c.state.roleArn, c);
    else if (roleFirst.account.id !== c.account.id) {
      out.push({
        source: c.source,
        path: 'state.roleArn',
        value: show(c.state.roleArn),
        message: `is also the state role of ${roleFirst.source} in account ${roleFirst.account.id}; a state role trusts one account: name a role of its own, e.g. arn:${partitionOf(stateLocation(c).region)}:iam::${stateLocation(c).accountId}:role/${c.app}-state-${c.name}`,
      });
    }
  }
  return out;
}

/** The alias of the state key the `<app>-state` stack creates. */
export function stateKmsKeyAlias(app: string): string {
  return `alias/${app}-state/terraform-state`;
}

/** Where an S3-backed environment keeps its state, with defaults applied. */
export interface StateLocation {
  /** The state bucket. */
  readonly bucket: string;
  /** The bucket's region (`state.region`, else `account.region`). */
  readonly region: string;
  /** The account owning the bucket and the state key (`state.accountId`, else `account.id`). */
  readonly accountId: string;
  /** The optional DynamoDB lock table. */
  readonly dynamodbTable: string | undefined;
  /** The partition of the state region (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition: string;
  /** The role the backend assumes (in the state account), per environment; undefined when state is in the environment's account and no role is named. */
  readonly roleArn: string | undefined;
  /** The key state is encrypted with: `state.kmsKeyId`, else the state key's alias ARN (known before the key exists). */
  readonly kmsKeyId: string;
}

/** The fields of `stateLocation()` every S3-backed environment of one app shares (one bucket, created by `<app>-state`). */
export const SHARED_STATE_FIELDS = ['bucket', 'region', 'accountId', 'dynamodbTable'] as const satisfies readonly (keyof StateLocation)[];

/** Where an S3-backed environment keeps its state, with defaults applied. */
export function stateLocation(c: EnvironmentConfig): StateLocation {
  if (c.state.backend !== 's3') throw new Error(`${c.stackName} does not use the s3 backend`);
  const region = c.state.region ?? c.account.region;
  const accountId = c.state.accountId ?? c.account.id;
  const partition = partitionOf(region);
  return {
    bucket: c.state.bucket,
    region,
    accountId,
    dynamodbTable: c.state.dynamodbTable,
    partition,
    roleArn: c.state.roleArn,
    kmsKeyId: c.state.kmsKeyId ?? `arn:${partition}:kms:${region}:${accountId}:${stateKmsKeyAlias(c.app)}`,
  };
}
