/**
 * The checks only the environment file knows about, on top of the layers' own (layer-rules.ts): its name and
 * file, fields no layer gets (`network.azCount`, `dns.zoneName`), production's stricter rules, the relaxations a
 * weakened default needs, and the policy engine's rule ids.
 */
import { unknownRuleMessage } from '../policy/rule-ids';
import { FieldProblems, Section } from './field-problems';
import { RELAXATIONS, RelaxationName } from './relaxations';
import { ParsedEnvironment } from './schema';

/** What the checks read: the parsed sections (`has` says which parsed) and where problems go. */
interface Checked {
  readonly env: ParsedEnvironment;
  readonly has: (...sections: Section[]) => boolean;
  readonly problems: FieldProblems;
  readonly relaxed: (name: RelaxationName) => boolean;
}

/**
 * Every environment-level problem of `env`, each group run when the sections it reads parsed (the `relaxations`
 * section has). Run after the layer checks: a field a layer refused is not checked for relaxations.
 */
export function environmentProblems(env: ParsedEnvironment, has: (...sections: Section[]) => boolean, fileName: string | undefined, problems: FieldProblems): void {
  const c: Checked = { env, has, problems, relaxed: (name) => env.relaxations[name] !== undefined };
  const { add } = problems;
  if (has('name') && fileName !== undefined && env.name !== fileName) add('name', env.name, `must match the file name "${fileName}" (one environment per file)`);
  if (has('network')) zoneCountProblems(c);
  if (has('logRetentionDays', 'production')) retentionRelaxationProblems(c, 'logRetentionDays', env.logRetentionDays);
  if (has('network', 'production')) retentionRelaxationProblems(c, 'network.flowLogRetentionDays', env.network.flowLogRetentionDays);
  if (has('dns')) zoneNameProblems(c);
  if (has('compute', 'production')) productionComputeProblems(c);
  if (has('database')) databaseProblems(c);
  if (has('edge')) edgeProblems(c);
  if (has('monitoring') && env.monitoring.alarmEmails.length + env.monitoring.alarmHttpsEndpoints.length === 0 && !c.relaxed('noAlarmSubscribers')) {
    add('monitoring.alarmEmails', env.monitoring.alarmEmails, 'at least one alarm subscriber is required (or relaxations.noAlarmSubscribers with a reason)');
  }
  if (has('policy')) suppressionProblems(c);
  if (has('state', 'production') && env.state.backend === 'local' && env.production) add('state.backend', 'local', 'production must keep state remotely: use "s3" or "hcp"');
  if (has('production')) productionRelaxationProblems(c);
}

/** Explicit zones: as many as `network.azCount`. */
function zoneCountProblems({ env, problems }: Checked): void {
  const azs = env.network.availabilityZones;
  if (azs !== undefined && azs.length !== env.network.azCount) problems.add('network.availabilityZones', azs, `lists ${azs.length} zones but azCount is ${env.network.azCount}`);
}

/** A retention below 365 days needs relaxations.shortLogRetention (whether the value is one CloudWatch accepts is the layers' rule). */
function retentionRelaxationProblems({ env, problems, relaxed }: Checked, path: string, days: number | undefined): void {
  if (days === undefined || days >= 365 || relaxed('shortLogRetention') || problems.has(path)) return;
  problems.add(path, days, `below 365 days needs relaxations.shortLogRetention with a reason${env.production ? ' (not allowed in production)' : ''}`);
}

/** The API's names are in the hosted zone. */
function zoneNameProblems({ env, problems }: Checked): void {
  const { domain, zoneName, alternativeNames } = env.dns;
  const under = (host: string) => host === zoneName || host.endsWith(`.${zoneName}`);
  if (!under(domain)) problems.add('dns.domain', domain, `must be "${zoneName}" or a name under it (dns.zoneName)`);
  alternativeNames.forEach((n, i) => {
    if (!under(n)) problems.add(`dns.alternativeNames.${i}`, n, `must be "${zoneName}" or a name under it (dns.zoneName)`);
  });
}

/**
 * Production runs at least two tasks, spread over zones, also at the scaling floor; an off-hours minCount below the
 * floor needs relaxations.offHoursScaleDown (which production refuses).
 */
function productionComputeProblems({ env, problems, relaxed }: Checked): void {
  const c = env.compute;
  const offMin = c.offHours?.minCount;
  if (offMin !== undefined && offMin < (c.minCount ?? c.desiredCount) && !relaxed('offHoursScaleDown') && !problems.has('compute.offHours.minCount')) {
    const suffix = env.production ? ' (not allowed in production: keep the floor off-hours)' : '';
    problems.add('compute.offHours.minCount', offMin, `below compute.minCount (${c.minCount ?? c.desiredCount}) needs relaxations.offHoursScaleDown with a reason${suffix}`);
  }
  if (!env.production) return;
  if (c.desiredCount < 2) problems.add('compute.desiredCount', c.desiredCount, 'must be at least 2 in production (tasks spread over AZs)');
  if (c.deployment === 'rolling' && env.relaxations.rollingDeployment === undefined) {
    problems.add('compute.deployment', c.deployment, 'production deploys blue/green: "rolling" needs relaxations.rollingDeployment with a reason (or leave it unset)');
  }
  const min = c.minCount ?? c.desiredCount;
  if (min < 2) problems.add('compute.minCount', min, 'must be at least 2 in production');
}

/** The database layer would plan read replicas (with a warning); an environment may not ask for them. */
function databaseProblems({ env, problems }: Checked): void {
  if (env.database.readReplicas > 0) {
    problems.add(
      'database.readReplicas',
      env.database.readReplicas,
      'must be 0: RDS cannot create a read replica of an instance whose master password it manages in Secrets Manager (all engines but SQL Server), and managed credentials are not optional here',
    );
  }
}

/** Client IP lists are IPv4 CIDRs; a per-path rate limit is tighter than the per-IP one. */
function edgeProblems({ env, problems }: Checked): void {
  const cidrList = (list: string[], path: string) =>
    list.forEach((cidr, i) => {
      if (!/^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$/.test(cidr)) problems.add(`${path}.${i}`, cidr, 'must be an IPv4 CIDR such as 203.0.113.0/24');
    });
  cidrList(env.edge.ipAllowList, 'edge.ipAllowList');
  cidrList(env.edge.ipDenyList, 'edge.ipDenyList');
  env.edge.pathRateLimits.forEach((p, i) => {
    if (p.limit >= env.edge.rateLimit) problems.add(`edge.pathRateLimits.${i}.limit`, p.limit, `must be below edge.rateLimit (${env.edge.rateLimit}) to be tighter`);
  });
}

/** Suppressions name rules the policy engine has. */
function suppressionProblems({ env, problems }: Checked): void {
  env.policy.suppressions.forEach((s, i) => {
    const problem = unknownRuleMessage(s.rule);
    if (problem) problems.add(`policy.suppressions.${i}.rule`, s.rule, problem);
  });
}

/** Production refuses the relaxations not allowed there. */
function productionRelaxationProblems({ env, problems }: Checked): void {
  for (const [name, value] of Object.entries(env.relaxations)) {
    if (value === undefined) continue;
    const spec = RELAXATIONS[name as RelaxationName];
    if (env.production && !spec.allowedInProduction) problems.add(`relaxations.${name}`, value, `is not allowed in production (${spec.effect})`);
  }
}
