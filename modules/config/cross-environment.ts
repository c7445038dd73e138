/**
 * Checks across the environments of one run: what one environment file cannot know alone (stack names, VPC ranges
 * in one account and region, the shared state bucket, hosted zones and state roles, account baselines).
 */
import { cidrsOverlap, parseCidr } from '../network/cidr';
import { show } from './field-problems';
import { partitionOf } from './regions';
import { SHARED_STATE_FIELDS, stateLocation } from './resolve';
import { EnvironmentConfig } from './types';
import type { ConfigProblem } from './validate';

/** Every problem across `configs` (each valid on its own), reported on the later environment of a pair. */
export function crossEnvironmentProblems(configs: readonly EnvironmentConfig[]): ConfigProblem[] {
  return [...stackNameProblems(configs), ...hostNameProblems(configs), ...overlapProblems(configs), ...sharedStateProblems(configs), ...sharedAccessProblems(configs), ...baselineProblems(configs)];
}

/**
 * Each API host name (`dns.domain`, `dns.alternativeNames`) is served by one environment: a second one would write its
 * Route 53 records over the first's (A/AAAA aliases) and fail on its certificate validation records.
 */
function hostNameProblems(configs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const servedBy = new Map<string, string>();
  for (const c of configs) {
    [c.dns.domain, ...c.dns.alternativeNames].forEach((host, i) => {
      const other = servedBy.get(host);
      const path = i === 0 ? 'dns.domain' : `dns.alternativeNames.${i - 1}`;
      if (other !== undefined && other !== c.source) out.push({ source: c.source, path, value: show(host), message: `is also an API host name of ${other}: each environment needs host names of its own` });
      else servedBy.set(host, c.source);
    });
  }
  return out;
}

/** Each stack name (`<app>-<name>`) is defined once. */
function stackNameProblems(configs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const seen = new Map<string, string>();
  for (const c of configs) {
    const other = seen.get(c.stackName);
    if (other) out.push({ source: c.source, path: 'name', value: show(c.name), message: `stack ${c.stackName} is also defined by ${other}` });
    seen.set(c.stackName, c.source);
  }
  return out;
}

/** VPCs in one account and region must not overlap: they could never be peered or routed to each other. */
function overlapProblems(configs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  configs.forEach((c, i) => {
    for (const other of configs.slice(0, i)) {
      if (other.account.id !== c.account.id || other.account.region !== c.account.region) continue;
      const a = parseCidr(c.network.cidr);
      const b = parseCidr(other.network.cidr);
      if (a && b && cidrsOverlap(a, b)) {
        out.push({
          source: c.source,
          path: 'network.cidr',
          value: show(c.network.cidr),
          message: `overlaps ${other.source} (${other.network.cidr}) in the same account and region; change one of the two to a disjoint range`,
        });
      }
    }
  });
  return out;
}

/** All S3-backed environments of one app share one state bucket (the `<app>-state` stack creates it). */
function sharedStateProblems(configs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const out: ConfigProblem[] = [];
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
        out.push({
          source: c.source,
          path: `state.${key}`,
          value: show(b[key]),
          message: `must match ${first.source} (${show(a[key]) ?? 'unset'}): all environments of "${c.app}" share one state bucket`,
        });
      }
    }
  }
  return out;
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
function sharedAccessProblems(configs: readonly EnvironmentConfig[]): ConfigProblem[] {
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
