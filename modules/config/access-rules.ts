/**
 * The multi-account model's checks of one environment: the roles through which it reaches a hosted zone or a state
 * bucket in another account (required there, in the right account and partition, named within IAM's limits).
 */
import { parseRoleArn } from '../core/iam';
import { Add } from './field-problems';
import { partitionOf } from './regions';
import { ParsedEnvironment } from './schema';

/** The role problems of `env` (the `dns`, `state` and `account` sections parsed). */
export function accessProblems(env: ParsedEnvironment, add: Add, has: (...sections: (keyof ParsedEnvironment)[]) => boolean): void {
  if (has('dns', 'account')) dnsAccessProblems(env, add);
  if (has('state', 'account')) stateAccessProblems(env, add);
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
