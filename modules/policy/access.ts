/**
 * Cross-stack look-ups for the access rules (HAPI-XACC-*), on synthesized JSON only: which account a provider
 * acts in, where a stack's state bucket and key are created, which role a backend or provider assumes, and what
 * that role's trust and permission policies allow. Everything is read from the stacks as synthesized, so
 * overrides and escape hatches are seen.
 */
import { partitionOf as regionPartition } from '../config/regions';
import { parseRoleArn } from '../core/iam';
import { actionMatches, conditionsHold, decide, denial, PolicySource, RequestContext } from './iam-eval';
import type { StackView } from './stack';
import { backendsOf, block, blocks, firstReferenced, isTrue, isUnresolved, list, parsePolicy, principals, providerBlocks, replaceReferences, resourceAt, resourcesOf as stackResources, ResourceView, Statement, TerraformJson } from './tf-json';

/** One synthesized stack. */
export interface StackRef {
  readonly name: string;
  readonly json: TerraformJson;
}

/** Every stack of the run, this one first (its JSON as evaluated, which tests may have mutated). */
export function stacksOf(stack: StackView): StackRef[] {
  const others = [...(stack.target.stacks ?? new Map<string, TerraformJson>()).entries()].filter(([name]) => name !== stack.name);
  return [{ name: stack.name, json: stack.json }, ...others.map(([name, json]) => ({ name, json }))];
}

/** `aws`, `aws.dns`: the provider a resource uses. */
export function providerRefOf(values: Record<string, any>): string {
  return typeof values.provider === 'string' && values.provider.startsWith('aws') ? values.provider : 'aws';
}

/** The partition of a region (`aws` when the provider names none). */
export function partitionOf(region: string | undefined): string {
  return region === undefined ? 'aws' : regionPartition(region);
}

/** Which account and region a provider acts in, and how it gets there. */
export interface ProviderIdentity {
  /** `aws` or `aws.<alias>`. */
  readonly ref: string;
  readonly account?: string;
  readonly region?: string;
  readonly partition: string;
  /** The provider's `assume_role` block, when it assumes a role. */
  readonly assumeRole?: Record<string, any>;
  /**
   * An offline-plan provider (dummy credentials, account never requested, local state): it makes no AWS call, so
   * access does not apply.
   */
  readonly offline: boolean;
  /** Credential settings of its own (`profile`, `access_key`, ...), when it does not use the caller's. */
  readonly ownCredentials?: string;
  /** Why the account is unknown or inconsistent. */
  readonly problem?: string;
}

/** Provider arguments that give it credentials other than the environment's. */
const CREDENTIAL_SETTINGS = ['profile', 'access_key', 'shared_credentials_files', 'shared_config_files', 'assume_role_with_web_identity'];

/** The s3 backend block of a stack, if any. */
export function s3Backend(json: TerraformJson): Record<string, any> | undefined {
  const s3 = backendsOf(json).s3;
  return s3 && typeof s3 === 'object' ? s3 : undefined;
}

function remoteBackend(json: TerraformJson): boolean {
  return Object.keys(backendsOf(json)).some((k) => k !== 'local');
}

export { parseRoleArn };

/** The identity of the provider `ref` of a stack. */
export function providerIdentity(json: TerraformJson, ref: string): ProviderIdentity {
  const alias = ref === 'aws' ? undefined : ref.replace(/^aws\./, '');
  const all = providerBlocks(json, 'aws');
  const p = all.find((x) => (x.alias ?? undefined) === alias);
  if (!p) return { ref, partition: 'aws', offline: false, problem: `the stack declares no provider ${ref}` };
  const region = typeof p.region === 'string' ? p.region : undefined;
  const partition = partitionOf(region);
  const assumeRole = blocks(p.assume_role)[0];
  const role = parseRoleArn(assumeRole?.role_arn);
  const allowed = list(p.allowed_account_ids).map(String);
  const own = CREDENTIAL_SETTINGS.filter((k) => p[k] !== undefined && p[k] !== null && !(Array.isArray(p[k]) && p[k].length === 0));
  const base = { ref, region, partition, assumeRole, offline: false, ownCredentials: own.length ? own.join(', ') : undefined };
  if (assumeRole && !role) return { ...base, problem: `provider ${ref} assumes ${String(assumeRole.role_arn)}, which is not a literal IAM role ARN` };
  if (allowed.length > 1) return { ...base, problem: `provider ${ref} allows several accounts (${allowed.join(', ')})` };
  if (allowed.length === 1) {
    if (role && role.accountId !== allowed[0]) return { ...base, problem: `provider ${ref} assumes a role in ${role.accountId} but only allows account ${allowed[0]}` };
    return { ...base, account: allowed[0] };
  }
  if (role) return { ...base, account: role.accountId };
  if (isTrue(p.skip_requesting_account_id) && isTrue(p.skip_credentials_validation) && !remoteBackend(json)) return { ...base, offline: true };
  return { ...base, problem: `provider ${ref} pins no account (no allowed_account_ids, no assume_role): it acts wherever its credentials point` };
}

/** A resource found in some stack. */
export interface Located extends ResourceView {
  readonly stack: StackRef;
}

function located(stack: StackRef, r: ResourceView | undefined): Located | undefined {
  return r && { stack, ...r };
}

function resourcesOf(ref: StackRef, type: string): Located[] {
  return stackResources(ref.json, type).map((r) => ({ stack: ref, ...r }));
}

/** The resource of a stack a `${type.name...}` reference names. */
function referenced(ref: StackRef, value: unknown): Located | undefined {
  return located(ref, firstReferenced(value, (r) => resourceAt(ref.json, r.type, r.name)));
}

/** The identity of the provider a located resource uses. */
export function identityOf(r: Located): ProviderIdentity {
  return providerIdentity(r.stack.json, providerRefOf(r.values));
}

/** The key ID this module gives a key created in a stack (real IDs are only known after apply). */
function keyPlaceholder(r: Located): string {
  return `${r.stack.name}/${r.address}`;
}

/**
 * The value a reference to a resource's attribute stands for, where the synthesized JSON determines it
 * (bucket, role and policy names and ARNs; keys get a placeholder ID); undefined otherwise.
 */
function attributeValue(r: Located, attribute: string): string | undefined {
  const id = identityOf(r);
  const lit = (v: unknown) => (typeof v === 'string' && !isUnresolved(v) ? v : undefined);
  switch (r.type) {
    case 'aws_s3_bucket': {
      const bucket = lit(r.values.bucket);
      if (!bucket) return undefined;
      return attribute === 'arn' ? `arn:${id.partition}:s3:::${bucket}` : ['id', 'bucket'].includes(attribute) ? bucket : undefined;
    }
    case 'aws_kms_key':
      if (!id.account || !id.region) return undefined;
      return attribute === 'arn' ? `arn:${id.partition}:kms:${id.region}:${id.account}:key/${keyPlaceholder(r)}` : ['id', 'key_id'].includes(attribute) ? keyPlaceholder(r) : undefined;
    case 'aws_kms_alias': {
      const name = lit(r.values.name);
      if (!name || !id.account || !id.region) return undefined;
      return attribute === 'arn' ? `arn:${id.partition}:kms:${id.region}:${id.account}:${name}` : ['id', 'name'].includes(attribute) ? name : undefined;
    }
    case 'aws_iam_role':
    case 'aws_iam_policy': {
      const name = lit(r.values.name);
      if (!name || !id.account) return undefined;
      const path = lit(r.values.path) ?? '/';
      const kind = r.type === 'aws_iam_role' ? 'role' : 'policy';
      return attribute === 'arn' ? `arn:${id.partition}:iam::${id.account}:${kind}${path}${name}` : ['id', 'name'].includes(attribute) && kind === 'role' ? name : undefined;
    }
    default:
      return undefined;
  }
}

/** Replaces every reference the synthesized JSON determines (see attributeValue); others stay `${...}`. */
export function resolveReferences(ref: StackRef, text: string): string {
  return replaceReferences(text, (r, whole) => {
    const target = located(ref, resourceAt(ref.json, r.type, r.name));
    return (target && attributeValue(target, r.attribute || 'id')) ?? whole;
  });
}

/** A policy argument as statements, references resolved. */
export function policyOf(ref: StackRef, label: string, doc: unknown): PolicySource {
  if (typeof doc !== 'string') return { label, statements: parsePolicy(doc) };
  return { label, statements: parsePolicy(resolveReferences(ref, doc)) };
}

/** Buckets named `bucket` in any stack. */
export function findBuckets(stacks: readonly StackRef[], bucket: string): Located[] {
  return stacks.flatMap((s) => resourcesOf(s, 'aws_s3_bucket').filter((r) => r.values.bucket === bucket));
}

/** Configuration resources of `type` (policy, encryption) that name a bucket by reference or literally. */
export function bucketConfigs(bucket: Located, type: string): Located[] {
  return resourcesOf(bucket.stack, type).filter((r) => {
    const target = referenced(bucket.stack, r.values.bucket);
    return target ? target.address === bucket.address : r.values.bucket === bucket.values.bucket;
  });
}

/** The bucket policies of a bucket, as policy sources. */
export function bucketPolicies(bucket: Located): PolicySource[] {
  return bucketConfigs(bucket, 'aws_s3_bucket_policy').map((p) => policyOf(bucket.stack, `${bucket.stack.name} ${p.address}`, p.values.policy));
}

/** The KMS key a bucket's default encryption names, if it is a key of that stack. */
export function bucketDefaultKey(bucket: Located): Located | undefined {
  for (const cfg of bucketConfigs(bucket, 'aws_s3_bucket_server_side_encryption_configuration')) {
    for (const rule of blocks(cfg.values.rule)) {
      const d = block(rule.apply_server_side_encryption_by_default);
      const key = referenced(bucket.stack, d.kms_master_key_id);
      if (key?.type === 'aws_kms_key') return key;
    }
  }
  return undefined;
}

/** The canonical ARN this module gives a key (see attributeValue). */
export function keyArn(key: Located): string | undefined {
  return attributeValue(key, 'arn');
}

/**
 * The key a backend's `kms_key_id` names, among the keys the stacks create: an alias ARN (or `alias/<name>` in
 * `defaultAccount`/`defaultRegion`) matched to an aws_kms_alias of that account and region, then to the key the
 * alias targets. Key IDs and key ARNs cannot be matched (a key's ID exists only after it is created).
 */
export function findKey(stacks: readonly StackRef[], kmsKeyId: string, defaultAccount: string | undefined, defaultRegion: string | undefined): { key?: Located; alias?: Located; problem?: string } {
  let account = defaultAccount;
  let region = defaultRegion;
  let name: string;
  const arn = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(alias\/.+|key\/.+)$/.exec(kmsKeyId);
  if (arn) {
    [region, account, name] = [arn[1], arn[2], arn[3]];
  } else name = kmsKeyId;
  if (!name.startsWith('alias/')) return { problem: `kms_key_id ${kmsKeyId} names a key by ID, which no synthesized stack can be matched to (name the state key by its alias ARN)` };
  const aliases = stacks.flatMap((s) => resourcesOf(s, 'aws_kms_alias')).filter((a) => {
    const id = identityOf(a);
    return a.values.name === name && id.account === account && id.region === region;
  });
  if (aliases.length === 0) return { problem: `no synthesized stack creates the KMS alias ${name} in account ${account ?? '?'} (${region ?? '?'})` };
  const alias = aliases[0];
  const key = referenced(alias.stack, alias.values.target_key_id);
  if (!key || key.type !== 'aws_kms_key') return { alias, problem: `${alias.stack.name} ${alias.address} does not target a key of its stack` };
  return { key, alias };
}

/** The key policy of a key, as a policy source. */
export function keyPolicy(key: Located): PolicySource {
  const policies = resourcesOf(key.stack, 'aws_kms_key_policy').filter((p) => referenced(key.stack, p.values.key_id)?.address === key.address);
  const doc = policies.length ? policies[policies.length - 1].values.policy : key.values.policy;
  return policyOf(key.stack, `${key.stack.name} ${key.address} key policy`, doc);
}

/** The aws_iam_role a role ARN names, created in a stack whose provider acts in the ARN's account. */
export function findRole(stacks: readonly StackRef[], roleArn: string): Located | undefined {
  const want = parseRoleArn(roleArn);
  if (!want) return undefined;
  return stacks
    .flatMap((s) => resourcesOf(s, 'aws_iam_role'))
    .find((r) => r.values.name === want.name && (r.values.path ?? '/') === want.path && identityOf(r).account === want.accountId && identityOf(r).partition === want.partition);
}

/** Whether a `role` argument names `role` (by reference to its id/name, or literally). */
function namesRole(stack: StackRef, value: unknown, role: Located): boolean {
  const target = referenced(stack, value);
  if (target) return target.address === role.address;
  return value === role.values.name;
}

/** The identity policies of a role: inline (aws_iam_role_policy, inline_policy) and attached policies of its stack. */
export function rolePolicies(role: Located): PolicySource[] {
  const s = role.stack;
  const out: PolicySource[] = [];
  for (const p of resourcesOf(s, 'aws_iam_role_policy').filter((x) => namesRole(s, x.values.role, role))) out.push(policyOf(s, `${s.name} ${p.address}`, p.values.policy));
  for (const [i, p] of blocks(role.values.inline_policy).entries()) if (p.policy !== undefined) out.push(policyOf(s, `${s.name} ${role.address}.inline_policy[${i}]`, p.policy));
  for (const a of resourcesOf(s, 'aws_iam_role_policy_attachment').filter((x) => namesRole(s, x.values.role, role))) {
    const policy = referenced(s, a.values.policy_arn);
    // A managed policy of AWS or of another stack cannot be read: it grants nothing here (the check stays conservative).
    out.push(policy?.type === 'aws_iam_policy' ? policyOf(s, `${s.name} ${policy.address}`, policy.values.policy) : { label: `${s.name} ${a.address} (${String(a.values.policy_arn)}, not readable)`, statements: [] });
  }
  return out;
}

/** The role's permissions boundary as a policy source; null when it has none; undefined when it cannot be read. */
export function roleBoundary(role: Located): PolicySource | null | undefined {
  const b = role.values.permissions_boundary;
  if (b === undefined || b === null || b === '') return null;
  const policy = referenced(role.stack, b);
  return policy?.type === 'aws_iam_policy' ? policyOf(role.stack, `${role.stack.name} ${policy.address} (permissions boundary)`, policy.values.policy) : undefined;
}

/** How a caller assumes a role: from the backend's or provider's assume_role block. */
export interface AssumeRoleSettings {
  readonly external_id?: string;
  readonly tags?: Record<string, string>;
  readonly transitive_tag_keys?: string[];
  readonly source_identity?: string;
  readonly policy?: string;
  readonly policy_arns?: string[];
}

/** Whether the role's trust policy lets principals of `account` assume it the way `settings` does. */
export function trustAdmits(role: Located, account: string, settings: AssumeRoleSettings = {}): { ok: boolean; detail: string } {
  const s = role.stack;
  const trust = policyOf(s, `${s.name} ${role.address} trust policy`, role.values.assume_role_policy);
  if (!trust.statements) return { ok: false, detail: `${role.address}'s trust policy is not literal JSON` };
  const context: RequestContext = {
    'aws:PrincipalAccount': [account],
    'aws:SecureTransport': ['true'],
    'sts:ExternalId': settings.external_id !== undefined ? [settings.external_id] : null,
    'sts:SourceIdentity': settings.source_identity !== undefined ? [settings.source_identity] : null,
    'aws:TagKeys': settings.tags && Object.keys(settings.tags).length ? Object.keys(settings.tags) : null,
  };
  const actions = ['sts:AssumeRole', ...(settings.tags && Object.keys(settings.tags).length ? ['sts:TagSession'] : []), ...(settings.source_identity ? ['sts:SetSourceIdentity'] : [])];
  const problems: string[] = [];
  const admitted: string[] = [];
  for (const action of actions) {
    const req = { action, resource: role.values.name, context };
    const denied = denial([trust], req, { account });
    if (denied) {
      problems.push(denied);
      continue;
    }
    // A principal of the account: its root (the account's IAM decides who) or a named user or role of it.
    const ok = trust.statements.filter((st) => st.Effect === 'Allow' && principalOfAccount(st, account) && actionMatches(st, action) && conditionsHold(st.Condition, context) === true);
    if (ok.length === 0) problems.push(`its trust policy lets no principal of account ${account} ${action}`);
    else admitted.push(...principalsOf(ok, account));
  }
  if (problems.length) return { ok: false, detail: problems.join('; ') };
  return { ok: true, detail: `trusts ${[...new Set(admitted)].join(', ')}` };
}

function principalOfAccount(st: Statement, account: string): boolean {
  return principalsOf([st], account).length > 0;
}

function principalsOf(sts: Statement[], account: string): string[] {
  return sts.flatMap((st) =>
    principals(st.Principal)
      .filter((p) => p.startsWith('AWS:'))
      .map((p) => p.slice(4))
      .filter((v) => v === account || new RegExp(`^arn:aws[a-z-]*:iam::${account}:`).test(v)),
  );
}

/** The session policy of an assume_role block, when it has an inline one. */
export function sessionPolicy(settings: AssumeRoleSettings, label: string): PolicySource | undefined {
  return settings.policy === undefined ? undefined : { label, statements: parsePolicy(settings.policy) };
}

/**
 * What the assumed role may do, request by request: identity policies must allow, and a permissions boundary or
 * session policy must allow too (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 * `resourcePolicies` (bucket policy) may only deny here: the role is in the resource's account.
 * Returns the problems; empty when every request is allowed.
 */
export function roleMay(
  role: Located,
  requests: readonly { action: string; resource: string; context?: RequestContext }[],
  options: { session?: AssumeRoleSettings; resourcePolicies?: readonly PolicySource[]; roleArn: string },
): string[] {
  const identity = rolePolicies(role);
  const boundary = roleBoundary(role);
  const problems: string[] = [];
  if (boundary === undefined) problems.push(`${role.address}'s permissions boundary (${String(role.values.permissions_boundary)}) cannot be read`);
  if (options.session?.policy_arns?.length) problems.push(`the assume_role block adds managed session policies (${options.session.policy_arns.join(', ')}), which cannot be read`);
  const session = options.session ? sessionPolicy(options.session, 'the session policy') : undefined;
  const caller = { account: parseRoleArn(options.roleArn)!.accountId, arn: options.roleArn };
  for (const req of requests) {
    const d = decide(identity, req);
    if (!d.allowed) {
      problems.push(d.detail);
      continue;
    }
    if (boundary) {
      const b = decide([boundary], req);
      if (!b.allowed) problems.push(`permissions boundary: ${b.detail}`);
    }
    if (session) {
      const sp = decide([session], req);
      if (!sp.allowed) problems.push(`session policy: ${sp.detail}`);
    }
    const denied = denial(options.resourcePolicies ?? [], req, caller);
    if (denied) problems.push(denied);
  }
  return problems;
}
