/**
 * Who reaches what across accounts: the roles the `<app>-state` stack creates in the state (shared-services)
 * account, derived from every environment's declared `state.roleArn` and `dns.roleArn`.
 *
 * - State: an environment whose state bucket lives in another account reaches it through `state.roleArn`, a role
 *   in the state account (the backend's `assume_role`). The role may read, write and lock the state of the stacks
 *   using it (the environment, and the account baseline when that environment is the first of its label) and use
 *   the state key.
 * - DNS: Route 53 has no resource policies; an environment whose hosted zone lives in another account writes its
 *   records through `dns.roleArn`, a role in the zone's account. When that account is the state account, the
 *   state stack creates the role, limited to the environment's record names.
 */
import { EnvironmentConfig } from '../config/types';
import { stateLocation } from '../config/validate';
import { parseRoleArn, PolicyStatement } from '../core/iam';
import { edgeDnsStatements, edgeRecordNamePatterns } from '../edge/dns-access';
import { stateKey } from './backend';

/** A role the state stack creates: trust, state keys and hosted-zone names, merged per role ARN. */
export interface SharedRoleSpec {
  /** The role's ARN as environments declare it. */
  readonly roleArn: string;
  /** The name without path. */
  readonly roleName: string;
  /** IAM path, `/` or `/a/b/`. */
  readonly path: string;
  /** Accounts whose principals may assume it. */
  readonly trustedAccountIds: string[];
  /** State objects it may read, write and lock. */
  readonly stateKeys: string[];
  /** Hosted-zone record permissions (zone ID -> record name patterns). */
  readonly zones: Map<string, string[]>;
  /** Environments (stack names) that declare it. */
  readonly usedBy: string[];
}

/** The state key of the account-baseline stack `<app>-account-<label>`. */
function baselineStateKey(c: EnvironmentConfig): string {
  return stateKey(c.app, `account-${c.account.baseline}`);
}

/**
 * Every role the `<app>-state` stack of `app` creates, in a stable order: state roles of environments whose
 * state account is the state stack's, and DNS roles whose zone account is the state account.
 */
export function sharedRoles(configs: readonly EnvironmentConfig[], app: string): SharedRoleSpec[] {
  const s3 = configs.filter((c) => c.app === app && c.state.backend === 's3');
  if (s3.length === 0) return [];
  const stateAccount = stateLocation(s3[0]).accountId;
  const roles = new Map<string, SharedRoleSpec>();
  const roleFor = (arn: string, c: EnvironmentConfig): SharedRoleSpec => {
    let spec = roles.get(arn);
    if (!spec) {
      const parsed = parseRoleArn(arn);
      if (!parsed) throw new Error(`not an IAM role ARN: ${arn}`); // the validator refuses it first
      spec = { roleArn: arn, roleName: parsed.name, path: parsed.path, trustedAccountIds: [], stateKeys: [], zones: new Map(), usedBy: [] };
      roles.set(arn, spec);
    }
    if (!spec.trustedAccountIds.includes(c.account.id)) spec.trustedAccountIds.push(c.account.id);
    if (!spec.usedBy.includes(c.stackName)) spec.usedBy.push(c.stackName);
    return spec;
  };
  // The baseline stack of a label uses the state settings of the first environment with that label (app.ts).
  const firstOfLabel = new Map<string, string>();
  for (const c of configs.filter((x) => x.app === app)) if (!firstOfLabel.has(c.account.baseline)) firstOfLabel.set(c.account.baseline, c.stackName);
  for (const c of s3) {
    if (c.state.backend !== 's3' || !c.state.roleArn || parseRoleArn(c.state.roleArn)?.accountId !== stateAccount) continue;
    const spec = roleFor(c.state.roleArn, c);
    spec.stateKeys.push(stateKey(c.app, c.name));
    if (firstOfLabel.get(c.account.baseline) === c.stackName) spec.stateKeys.push(baselineStateKey(c));
  }
  for (const c of configs.filter((x) => x.app === app)) {
    const dnsRole = c.dns.roleArn;
    if (!dnsRole || c.dns.accountId !== stateAccount || parseRoleArn(dnsRole)?.accountId !== stateAccount) continue;
    const spec = roleFor(dnsRole, c);
    const names = spec.zones.get(c.dns.hostedZoneId) ?? [];
    spec.zones.set(c.dns.hostedZoneId, [...new Set([...names, ...edgeRecordNamePatterns({ domainName: c.dns.domain, alternativeNames: c.dns.alternativeNames })])].sort());
  }
  return [...roles.values()].sort((a, b) => a.roleArn.localeCompare(b.roleArn));
}

/** The DNS statements of a role spec (one set per zone, Sids suffixed by the zone when there are several). */
export function zoneStatements(spec: SharedRoleSpec, partition: string): PolicyStatement[] {
  const zones = [...spec.zones.entries()].sort(([a], [b]) => a.localeCompare(b));
  return zones.flatMap(([zoneId, names]) =>
    edgeDnsStatements(zoneId, names, partition).map((st) => (zones.length > 1 ? { ...st, Sid: `${st.Sid}${zoneId}` } : st)),
  );
}
