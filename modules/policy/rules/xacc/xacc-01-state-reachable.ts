import { bucketPolicies, identityOf, partitionOf, roleMay, trustAdmits } from '../../access';
import { at, fail, pass, stackRule } from '../../dsl';
import { denial, RequestContext } from '../../iam-eval';
import { isTrue } from '../../tf-json';
import { BACKEND_ADDRESS, roleProblem, StateAccess, stateAccess } from '../../xacc';

/** The requests Terraform's S3 backend makes for one state object, with their condition context. */
export function backendRequests(a: StateAccess): { action: string; resource: string; context: RequestContext }[] {
  const b = a.backend;
  const partition = partitionOf(a.region);
  const bucketArn = `arn:${partition}:s3:::${a.bucket}`;
  const tls = { 'aws:SecureTransport': ['true'] };
  const kms = isTrue(b.encrypt) && typeof b.kms_key_id === 'string' ? b.kms_key_id : undefined;
  const sse = isTrue(b.encrypt) ? (kms ? ['aws:kms'] : b.sse_customer_key ? null : ['AES256']) : null;
  const put: RequestContext = { ...tls, 's3:x-amz-server-side-encryption': sse, 's3:x-amz-server-side-encryption-aws-kms-key-id': kms ? [kms] : null };
  const object = (key: string, actions: string[]) => actions.map((action) => ({ action, resource: `${bucketArn}/${key}`, context: action === 's3:PutObject' ? put : tls }));
  const out = [
    // Workspaces are listed under workspace_key_prefix (default env:) at init.
    { action: 's3:ListBucket', resource: bucketArn, context: { ...tls, 's3:prefix': [`${b.workspace_key_prefix ?? 'env:'}/`] } },
    ...object(a.key, ['s3:GetObject', 's3:PutObject']),
  ];
  // S3-native locking: the lock file is read (unlock checks its ID), written and deleted.
  if (isTrue(b.use_lockfile)) out.push(...object(`${a.key}.tflock`, ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']));
  if (typeof b.dynamodb_table === 'string') {
    const table = `arn:${partition}:dynamodb:${a.region}:${a.bucketAccount}:table/${b.dynamodb_table}`;
    for (const action of ['dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem']) out.push({ action, resource: table, context: tls });
  }
  return out;
}

export const rule = stackRule({
  id: 'HAPI-XACC-01',
  title: 'Every stack with an S3 backend can reach its state: same account as the state bucket, or a role there that trusts it and may read, write and lock its state',
  severity: 'error',
  resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_policy', 'aws_iam_role', 'aws_iam_role_policy'],
  sources: [{ kind: 'deploy', id: 'docs/deploy.md: helloapi-state-<env> roles' }],
  fix: 'Set state.roleArn to a role in the state account (the <app>-state stack creates one per environment, trusting its account and allowed to read, write and lock its state), or keep the state bucket in the stack\'s own account.',
  notes:
    'Reads the synthesized backend block and finds the bucket by name in the sibling stacks (the <app>-state stack): its account is that stack\'s provider allowed_account_ids; the stack\'s own account is its default provider\'s (the deploy principal is assumed to live there, as the runbook says). ' +
    'Same account and no assume_role: passes, the caller\'s own IAM policies decide (bucket-policy denies are still evaluated). Another account: the backend must assume a role in the bucket\'s account that a synthesized stack creates, whose trust policy admits the stack\'s account (its root or a principal of it) and whose policies (inline, attached policies of its stack, permissions boundary, the backend\'s session policy) allow s3:ListBucket on the bucket, s3:GetObject/PutObject on the key and s3:GetObject/PutObject/DeleteObject on <key>.tflock, with no bucket-policy Deny (the puts carry the backend\'s encryption headers). ' +
    'The backend\'s region must be the bucket\'s (S3 refuses requests signed for another region). ' +
    'A bucket no synthesized stack creates fails ("cannot be verified") rather than warns: the audit claims every stack reaches its state, and an unverifiable claim is not a pass; suppress it with a reason when the bucket is managed elsewhere. ' +
    'Cross-account access needs both sides: https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_cross-account-with-roles.html; permissions the backend needs: https://developer.hashicorp.com/terraform/language/backend/s3#permissions-required; S3 actions and resources: https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html.',
  check(stack) {
    const found = stateAccess(stack);
    if (!found) return [];
    const a = found.access;
    if (found.problem || !a) return [at(BACKEND_ADDRESS, fail(found.problem!))];
    const own = a.own.account!;
    const where = `${a.bucket} (account ${a.bucketAccount}, created by ${a.bucketResource!.stack.name})`;
    const bucketRegion = identityOf(a.bucketResource!).region;
    if (bucketRegion && a.region !== bucketRegion) return [at(BACKEND_ADDRESS, fail(`the backend's region is ${String(a.region)} but ${a.bucket} is created in ${bucketRegion}`))];
    const requests = backendRequests(a);
    const policies = bucketPolicies(a.bucketResource!);
    if (!a.roleArn) {
      if (own !== a.bucketAccount) {
        return [at(BACKEND_ADDRESS, fail(`the state bucket ${where} is in another account than the stack (${own}) and the backend assumes no role there: terraform init fails with AccessDenied`))];
      }
      const denied = requests.map((r) => denial(policies, r, { account: own })).filter((x): x is string => !!x);
      if (denied.length) return [at(BACKEND_ADDRESS, fail(denied.join('; ')))];
      return [at(BACKEND_ADDRESS, pass(`state bucket ${where} is in the stack's own account: its deploy principal's IAM policies decide`))];
    }
    const rp = roleProblem(a, a.bucketAccount!);
    if (rp) return [at(BACKEND_ADDRESS, fail(rp))];
    const trust = trustAdmits(a.role!, own, a.assumeRole);
    const problems = [
      ...(trust.ok ? [] : [`${a.roleArn}: ${trust.detail}`]),
      ...roleMay(a.role!, requests, { session: a.assumeRole, resourcePolicies: policies, roleArn: a.roleArn }).map((p) => `${a.roleArn}: ${p}`),
    ];
    if (problems.length) return [at(BACKEND_ADDRESS, fail(problems.join('; ')))];
    const lock = isTrue(a.backend.use_lockfile) ? ' and its lock file' : '';
    return [at(BACKEND_ADDRESS, pass(`assumes ${a.roleArn} (created by ${a.role!.stack.name}, ${trust.detail}): lists ${a.bucket}, reads and writes ${a.key}${lock}`))];
  },
});
