/**
 * The state layer's rules for its props, as pure functions (`statePropsProblems`, `crossAccountRolePropsProblems`)
 * that the constructs, and later the environment validator, call.
 */
import { Token } from 'cdktf';
import { layerBaseProblems } from '../core/context';
import { PropProblem, Problems } from '../core/problems';
import type { CrossAccountRoleProps } from './access';
import type { StateBackendBootstrapProps } from './index';

/** The construct id of a state access role (part of its Terraform address): `access_role_<name in snake_case>`. */
export function accessRoleId(roleName: string): string {
  return `access_role_${roleName.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
}

/** Longest `name`: it prefixes the KMS key's alias; the published module's `name` limit too. */
export const STATE_MAX_NAME_LENGTH = 24;

/** Noncurrent state versions are kept a whole number of days, at least this many (the published module's validation too). */
export const MIN_NONCURRENT_VERSION_DAYS = 1;

/** Longest session IAM allows for a role, in seconds (and the shortest maximum). */
const SESSION_SECONDS = { min: 3600, max: 43200 } as const;

/**
 * Every problem with a cross-account role's props (no trusted account, a session length IAM refuses), each naming
 * the prop, the value and what is allowed; empty when they are valid.
 */
export function crossAccountRolePropsProblems(props: Pick<CrossAccountRoleProps, 'trustedAccountIds' | 'maxSessionDurationSeconds'>): PropProblem[] {
  const p = new Problems();
  if (props.trustedAccountIds.length === 0) p.add('trustedAccountIds', [], 'must list at least one account (nobody could assume the role)');
  const seconds = props.maxSessionDurationSeconds;
  if (seconds !== undefined && !Token.isUnresolved(seconds) && (!Number.isInteger(seconds) || seconds < SESSION_SECONDS.min || seconds > SESSION_SECONDS.max)) {
    p.add('maxSessionDurationSeconds', seconds, `must be a whole number of seconds ${SESSION_SECONDS.min}-${SESSION_SECONDS.max}`);
  }
  return [...p.all];
}

/**
 * Every problem with the state bootstrap's props (name, account, region and partition, noncurrent version retention, access roles: listed twice, mapping
 * to one address, trusting nobody, reaching no state key), each naming the prop, the value and what is allowed.
 */
export function statePropsProblems(props: StateBackendBootstrapProps): PropProblem[] {
  const p = new Problems();
  p.addAll(layerBaseProblems(props, { maxNameLength: STATE_MAX_NAME_LENGTH, nameUse: "it prefixes the KMS key's alias" }));
  const days = props.noncurrentVersionDays;
  if (days !== undefined && !Token.isUnresolved(days) && (!Number.isInteger(days) || days < MIN_NONCURRENT_VERSION_DAYS)) {
    p.add('noncurrentVersionDays', days, `must be a whole number of days >= ${MIN_NONCURRENT_VERSION_DAYS}`);
  }
  const names = new Map<string, number>();
  const ids = new Map<string, number>();
  (props.accessRoles ?? []).forEach((spec, i) => {
    const id = accessRoleId(spec.roleName);
    if (names.has(spec.roleName)) p.add(`accessRoles.${i}.roleName`, spec.roleName, `is listed twice (also accessRoles.${names.get(spec.roleName)})`);
    else if (ids.has(id)) p.add(`accessRoles.${i}.roleName`, spec.roleName, `maps to the construct id ${id} of accessRoles.${ids.get(id)}; rename one of them`);
    names.set(spec.roleName, names.get(spec.roleName) ?? i);
    ids.set(id, ids.get(id) ?? i);
    p.addAll(crossAccountRolePropsProblems({ trustedAccountIds: spec.trustedAccountIds }), `accessRoles.${i}`);
    if (spec.stateKeys.length === 0) p.add(`accessRoles.${i}.stateKeys`, [], 'must list at least one state key');
  });
  return [...p.all];
}
