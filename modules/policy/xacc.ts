/**
 * What the state rules (HAPI-XACC-01, HAPI-XACC-02) share: a stack's S3 backend, the account the stack runs in,
 * the synthesized stack that creates its state bucket, and the role the backend assumes.
 */
import { findBuckets, findRole, identityOf, Located, parseRoleArn, providerIdentity, ProviderIdentity, s3Backend, stacksOf, StackRef, AssumeRoleSettings } from './access';
import { StackView } from './stack';
import { block } from './tf-json';

/** Where a backend's state lives and how the stack reaches it. */
export interface StateAccess {
  readonly backend: Record<string, any>;
  readonly bucket: string;
  readonly key: string;
  readonly region?: string;
  /** The stack's default provider: the account its deploy principal (the backend's caller) belongs to. */
  readonly own: ProviderIdentity;
  readonly stacks: StackRef[];
  /** The aws_s3_bucket the backend names, in the stack that creates it. */
  readonly bucketResource?: Located;
  readonly bucketAccount?: string;
  /** The role the backend assumes (`assume_role.role_arn`, or the deprecated top-level `role_arn`). */
  readonly roleArn?: string;
  readonly assumeRole: AssumeRoleSettings;
  /** The role's aws_iam_role, when a synthesized stack creates it. */
  readonly role?: Located;
}

/** The verdict address of backend findings. */
export const BACKEND_ADDRESS = 'terraform.backend.s3';

/**
 * The state access of a stack with an S3 backend; undefined for other backends. `problem` is set when the
 * look-up cannot go on (the rule fails with it).
 */
export function stateAccess(stack: StackView): { access?: StateAccess; problem?: string } | undefined {
  const backend = s3Backend(stack.json);
  if (!backend) return undefined;
  const bucket = backend.bucket;
  const key = backend.key;
  if (typeof bucket !== 'string' || typeof key !== 'string') return { problem: `the s3 backend's bucket (${String(bucket)}) or key (${String(key)}) is not a literal` };
  const own = providerIdentity(stack.json, 'aws');
  if (!own.account) return { problem: `the stack's account is unknown: ${own.problem ?? 'no default provider account'}` };
  const stacks = stacksOf(stack);
  const ar = block(backend.assume_role);
  const roleArn = typeof ar.role_arn === 'string' ? ar.role_arn : typeof backend.role_arn === 'string' ? backend.role_arn : undefined;
  const assumeRole: AssumeRoleSettings = {
    external_id: ar.external_id ?? backend.external_id,
    tags: ar.tags ?? backend.assume_role_tags,
    transitive_tag_keys: ar.transitive_tag_keys ?? backend.assume_role_transitive_tag_keys,
    source_identity: ar.source_identity,
    policy: ar.policy ?? backend.assume_role_policy,
    policy_arns: ar.policy_arns ?? backend.assume_role_policy_arns,
  };
  const base = { backend, bucket, key, region: backend.region, own, stacks, roleArn, assumeRole };
  const buckets = findBuckets(stacks, bucket);
  if (buckets.length === 0) return { access: base, problem: `no synthesized stack creates the state bucket ${bucket}: access to it cannot be verified` };
  if (buckets.length > 1) return { access: base, problem: `several stacks create a bucket named ${bucket} (${buckets.map((b) => `${b.stack.name} ${b.address}`).join(', ')})` };
  const bucketResource = buckets[0];
  const bucketId = identityOf(bucketResource);
  if (!bucketId.account) return { access: { ...base, bucketResource }, problem: `the account of ${bucketResource.stack.name} (which creates ${bucket}) is unknown: ${bucketId.problem}` };
  const role = roleArn ? findRole(stacks, roleArn) : undefined;
  return { access: { ...base, bucketResource, bucketAccount: bucketId.account, role } };
}

/** Where a role ARN points, checked against the account it must be in. */
export function roleProblem(access: StateAccess, wantAccount: string): string | undefined {
  if (!access.roleArn) return undefined;
  const parsed = parseRoleArn(access.roleArn);
  if (!parsed) return `the backend assumes ${access.roleArn}, which is not an IAM role ARN`;
  if (parsed.accountId !== wantAccount) return `the backend assumes ${access.roleArn}, a role in account ${parsed.accountId}, but the state bucket ${access.bucket} is in account ${wantAccount}`;
  if (!access.role) return `the backend assumes ${access.roleArn}, which no synthesized stack creates (an aws_iam_role named ${parsed.name} with path ${parsed.path} in account ${parsed.accountId}): its trust and permissions cannot be verified`;
  return undefined;
}
